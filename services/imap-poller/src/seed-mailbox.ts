/**
 * `tsx services/imap-poller/src/seed-mailbox.ts --host H --user U --password P [--port N] [--tls]
 * [--mailbox INBOX] PATH…` (in the image: `docker run mailtriage seed-mailbox …`): APPENDs the
 * `.eml` files (or the `.eml` files of folders, subfolders included, in name order) to an empty
 * IMAP folder; a folder holding mail is left as it is (seed-folder.ts). docker-compose.yml fills
 * its demo mailbox with examples/emails this way, for the poller to triage. Exit 0 when done
 * (or nothing to do), 2 on bad usage or an unreadable file, 1 when the IMAP server fails (the
 * reason on stderr).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { seedFolder, type SeedMessage, type SeedTarget } from "./seed-folder";

const USAGE = "usage: seed-mailbox --host HOST --user USER --password PASSWORD [--port PORT] [--tls] [--mailbox FOLDER] PATH…";

class UsageError extends Error {}

/** The target and the files named by `argv`. @throws UsageError naming the bad option or path. */
function readSeedArgs(argv: readonly string[]): { target: SeedTarget; messages: SeedMessage[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { host: { type: "string" }, port: { type: "string" }, tls: { type: "boolean", default: false }, user: { type: "string" }, password: { type: "string" }, mailbox: { type: "string", default: "INBOX" } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  for (const name of ["host", "user", "password"] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
  const port = values.port === undefined ? (values.tls ? 993 : 143) : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError("--port: expected 1-65535");
  if (positionals.length === 0) throw new UsageError("name at least one .eml file or folder");
  const target: SeedTarget = { host: values.host as string, port, tls: values.tls, user: values.user as string, password: values.password as string, mailbox: values.mailbox };
  return { target, messages: positionals.flatMap(emlFiles).map((file) => ({ name: basename(file), raw: readFileSync(file) })) };
}

/** `path` itself when a file, else its `.eml` files, subfolders included, in name order. */
function emlFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new UsageError(`${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? emlFiles(join(path, entry.name)) : entry.name.endsWith(".eml") ? [join(path, entry.name)] : []));
}

async function main(): Promise<void> {
  let input;
  try {
    input = readSeedArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`seed-mailbox: ${err.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { target, messages } = input;
  const where = `imap${target.tls ? "s" : ""}://${target.user}@${target.host}:${target.port}/${target.mailbox}`;
  try {
    const report = await seedFolder(target, messages);
    const done = report.existing > 0 ? `holds ${report.existing} messages already: left as it is` : `appended ${report.appended} messages`;
    process.stdout.write(`seed-mailbox: ${where}: ${done}\n`);
  } catch (err) {
    const error = err as Error & { code?: string; responseText?: string };
    process.stderr.write(`seed-mailbox: ${where}: ${error.responseText ?? error.code ?? error.message}\n`);
    process.exitCode = 1;
  }
}

await main();
