import type { Outcome } from "@mailtriage/contracts";
import { TriageResultSchema } from "@mailtriage/contracts";
import { loadGenericDomains, loadPolicy } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { afterAll, describe, expect, it } from "vitest";
import { readInputs, type InputMessage } from "../services/cli/src/read-inputs";
import { triageRun } from "../services/cli/src/triage-run";
import { REALWORLD_DIR } from "./support/examples";

// ../shared/corpus/realworld: 524 real emails nobody here wrote. Each must get a result.
describe("real-world corpus", () => {
  let parser: MessageParser | undefined;
  afterAll(async () => {
    await parser?.close();
  });

  it("when every real-world message is triaged, then each gets exactly one valid result and none crashes or hangs", async () => {
    const policy = await loadPolicy();
    parser = new MessageParser(policy.limits, { workers: 2 });
    const inputs: InputMessage[] = [];
    for await (const input of readInputs([REALWORLD_DIR])) if (!input.source.endsWith(".md")) inputs.push(input); // SOURCES.md is prose
    const seen: string[] = [];
    const counts: Partial<Record<Outcome, number>> = {};
    const p = parser;
    await triageRun(
      (async function* () {
        yield* inputs;
      })(),
      { parse: (raw) => p.parse(raw), policy, partners: [], accounts: [], genericDomains: loadGenericDomains(policy), receivedAt: "2026-11-20T20:00:00.000Z" },
      (result, input) => {
        TriageResultSchema.parse(result);
        seen.push(input.source);
        counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
      },
    );
    console.log(`real-world corpus: ${inputs.length} messages →`, counts);
    expect(inputs.length).toBeGreaterThanOrEqual(524);
    expect(seen).toEqual(inputs.map((i) => i.source));
    // Real spam and ham: most are tickets or rejections, a few are automatic or unparseable.
    expect(counts.ticket ?? 0).toBeGreaterThan(0);
    expect(counts.ignored ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
