import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** Where the bundled examples live, and the receive time their expectations were judged for. */
export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples", import.meta.url));
export const EXAMPLES_RECEIVED_AT = "2026-11-20T20:00:00.000Z";
export const REALWORLD_DIR = fileURLToPath(new URL("../../../shared/corpus/realworld", import.meta.url));

export interface ExampleCase {
  file: string;
  raw: Uint8Array;
  expected: Record<string, unknown>;
}

/** The example emails in run order, each with its hand-judged expectation. */
export function loadExamples(): ExampleCase[] {
  const emails = join(EXAMPLES_DIR, "emails");
  return readdirSync(emails)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((file) => ({
      file,
      raw: new Uint8Array(readFileSync(join(emails, file))),
      expected: JSON.parse(readFileSync(join(EXAMPLES_DIR, "expected", file.replace(/\.eml$/, ".json")), "utf8")) as Record<string, unknown>,
    }));
}
