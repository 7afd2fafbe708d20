// The messages every bench reads: the real-world corpus and the bundled examples, mbox split.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { splitMbox } from "@mailtriage/mime";

export const CORPUS_DIR = fileURLToPath(new URL("../../../shared/corpus/realworld", import.meta.url));
export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples", import.meta.url));

function listFiles(root: string, accept: (name: string) => boolean): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && accept(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return []; // a missing folder contributes nothing
  }
}

/** Raw messages of one set: "corpus" (../shared/corpus/realworld) or "examples". */
export function loadBenchMessages(set: "corpus" | "examples"): Buffer[] {
  const files = set === "corpus" ? listFiles(CORPUS_DIR, (n) => !n.startsWith(".") && !n.endsWith(".md")) : listFiles(join(EXAMPLES_DIR, "emails"), (n) => n.endsWith(".eml"));
  return files.flatMap((file) => splitMbox(readFileSync(file)).map((bytes) => Buffer.from(bytes)));
}

/** Bare mailparser, the yardstick every bench compares against. */
export const { simpleParser } = createRequire(import.meta.url)("mailparser") as { simpleParser(input: Buffer): Promise<unknown> };

/** Seconds taken by `run`. */
export async function time(run: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
