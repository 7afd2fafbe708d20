// The write-or-check entry point shared by the scripts that generate a committed file from the
// sources (docs/configuration.md, .env.example): without flags they write it, with `--check`
// they write nothing and exit 1 when the committed copy differs, so CI and the staleness tests
// catch a schema change whose generated file was not regenerated.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** One generated file and how to produce it. */
export interface GeneratedFile {
  /** The repository root. */
  root: string;
  /** Where the file is written, relative to `root`. */
  output: string;
  /** The command that regenerates it, named in the stale message (`pnpm docs:config`). */
  command: string;
  /** The whole file's text; depends only on the sources. */
  render: () => string;
}

/**
 * Runs the script whose module URL is `moduleUrl` when it is the program Node started (not when
 * a test imports it): writes `file`, or with `--check` in `argv` exits 1 if it is stale or missing.
 */
export function runGeneratedFile(moduleUrl: string, file: GeneratedFile, argv: readonly string[] = process.argv): void {
  if (argv[1] === undefined || moduleUrl !== pathToFileURL(argv[1]).href) return;
  const target = join(file.root, file.output);
  const text = file.render();
  if (argv.includes("--check")) {
    if (readOrEmpty(target) !== text) {
      console.error(`${file.output} is stale: run ${file.command}`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote ${file.output}`);
}

/** The file's text, or "" when it does not exist (a missing file is stale). */
function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
