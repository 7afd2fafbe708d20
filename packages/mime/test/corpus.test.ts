import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MessageParser, type ParseOutcome } from "../src/index";
import { LIMITS } from "./messages";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/realworld", import.meta.url));
const files = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

describe("the real-world corpus through MessageParser", () => {
  const parser = new MessageParser(LIMITS, { workers: 2 });
  afterAll(() => parser.close());

  it("when every corpus file is parsed, then each resolves to a message or a failure reason", async () => {
    expect(files.length).toBeGreaterThan(500);
    const outcomes = new Map<string, ParseOutcome>();
    await Promise.all(files.map(async (file) => outcomes.set(relative(CORPUS, file), await parser.parse(readFileSync(file)))));

    const counts: Record<string, number> = {};
    for (const outcome of outcomes.values()) {
      const key = outcome.ok ? "ok" : outcome.reason;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    console.log(`corpus: ${files.length} files`, counts);

    expect(Object.keys(counts).every((key) => ["ok", "unparseable", "parse_error"].includes(key))).toBe(true);
    expect(outcomes.get("SOURCES.md")).toMatchObject({ ok: false, reason: "unparseable" });
    expect(outcomes.get("apache-spamassassin/spam/bsmtpnull")).toMatchObject({ ok: false, reason: "unparseable" });
    expect(outcomes.get("apache-spamassassin/nice/001")).toMatchObject({ ok: true, message: { from: [{ address: "evolve@ximian.com" }] } });
    expect(counts.ok).toBeGreaterThan(500);
  }, 120_000);
});
