import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isMbox, splitMbox } from "@mailtriage/mime";

/** One raw message from the command line, with where it came from (for error messages). */
export interface InputMessage {
  source: string;
  raw: Uint8Array;
}

/** A path that cannot be read: exit status 2 (CONTRACT "Offline command"). */
export class InputError extends Error {
  override readonly name = "InputError";
}

/**
 * Expands the command's paths, in the order given: a file is one message (or every message of
 * an mbox), a folder is its files in name order, subfolders included.
 */
export async function* readInputs(paths: readonly string[]): AsyncGenerator<InputMessage> {
  for (const path of paths) {
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new InputError(`${path}: ${err.code === "ENOENT" ? "no such file or folder" : (err.code ?? err.message)}`);
    });
    if (info.isDirectory()) {
      for (const file of await listFiles(path)) yield* readFileMessages(file);
    } else {
      yield* readFileMessages(path);
    }
  }
}

async function* readFileMessages(path: string): AsyncGenerator<InputMessage> {
  const raw = new Uint8Array(await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`${path}: cannot read: ${err.code ?? err.message}`);
  }));
  if (!isMbox(raw)) {
    yield { source: path, raw };
    return;
  }
  let n = 0;
  for (const message of splitMbox(raw)) yield { source: `${path}#${++n}`, raw: message };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith("."));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
