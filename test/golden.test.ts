import { join } from "node:path";
import type { TriageResult } from "@mailtriage/contracts";
import { TriageResultSchema } from "@mailtriage/contracts";
import { loadGenericDomains, loadPolicy, loadRegistries } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { triageRun } from "../services/cli/src/triage-run";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_DIR, EXAMPLES_RECEIVED_AT, loadExamples } from "./support/examples";

// The golden test: every bundled example against its hand-judged expectation (examples/README.md).
const examples = loadExamples();
const results = new Map<string, TriageResult>();
let parser: MessageParser;

beforeAll(async () => {
  const policy = await loadPolicy();
  const registries = await loadRegistries(policy, { partners: join(EXAMPLES_DIR, "partners.json"), accounts: join(EXAMPLES_DIR, "accounts.json") });
  parser = new MessageParser(policy.limits);
  const inputs = (async function* () {
    for (const e of examples) yield { source: e.file, raw: e.raw };
  })();
  await triageRun(inputs, { parse: (raw) => parser.parse(raw), policy, ...registries, genericDomains: loadGenericDomains(policy), receivedAt: EXAMPLES_RECEIVED_AT }, (result, input) => {
    results.set(input.source, result);
  });
});

afterAll(async () => {
  await parser?.close();
});

describe("examples (golden)", () => {
  it("when the examples are triaged, then there are at least 40 and each got one valid result", () => {
    expect(examples.length).toBeGreaterThanOrEqual(40);
    expect(results.size).toBe(examples.length);
    for (const r of results.values()) expect(() => TriageResultSchema.parse(r)).not.toThrow();
  });

  it.each(examples.map((e) => [e.file, e.expected] as const))("when %s is triaged, then the result matches its expectation", (file, expected) => {
    const result = results.get(file);
    expect(result, file).toBeDefined();
    const { why: _why, followupOf, missingFields, ...rest } = expected;
    expect(result).toMatchObject(rest);
    if (Array.isArray(missingFields)) expect([...(result?.missingFields ?? [])].sort()).toEqual([...(missingFields as string[])].sort());
    if (typeof followupOf === "string") {
      const parent = results.get(followupOf);
      expect(parent?.ticketId, `parent ${followupOf}`).toBeTruthy();
      expect(result?.ticketId).toBe(parent?.ticketId);
    }
  });
});
