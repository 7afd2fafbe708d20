// Offline triage throughput next to bare mailparser on the same bytes (issue 2).
// Prints figures only, never pass/fail. Run: pnpm bench  (or npx tsx bench/triage.bench.ts [passes])
import { join } from "node:path";
import { loadGenericDomains, loadPolicy, loadRegistries } from "@mailtriage/config";
import { triage, type InboundMessage } from "@mailtriage/domain";
import { parseMessage } from "@mailtriage/mime";
import { EXAMPLES_DIR, loadBenchMessages, simpleParser, time } from "./support/bench-messages";

const PASSES = Number(process.argv[2] ?? 3);
const policy = await loadPolicy();
const registries = await loadRegistries(policy, { partners: join(EXAMPLES_DIR, "partners.json"), accounts: join(EXAMPLES_DIR, "accounts.json") });
const genericDomains = loadGenericDomains(policy);
const context = { receivedAt: "2026-11-20T20:00:00.000Z", ...registries, genericDomains, parent: null };

console.log(`Node ${process.version}, ${PASSES} passes, best pass shown; one core, in-process, sequential\n`);
console.log(`${"set".padEnd(9)} ${"msgs".padStart(5)} ${"bare mailparser".padStart(16)} ${"our parse".padStart(10)} ${"rules only".padStart(11)} ${"parse+rules".padStart(12)} ${"rules/bare parse".padStart(17)}`);
for (const set of ["examples", "corpus"] as const) {
  const messages = loadBenchMessages(set);
  const parsed: InboundMessage[] = [];
  for (const raw of messages) {
    const outcome = await parseMessage(raw, policy.limits);
    if (outcome.ok) parsed.push(outcome.message);
  }
  let bare = Infinity;
  let ours = Infinity;
  let rules = Infinity;
  let whole = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    bare = Math.min(bare, await time(async () => {
      for (const raw of messages) await simpleParser(raw).catch(() => undefined);
    }));
    ours = Math.min(ours, await time(async () => {
      for (const raw of messages) await parseMessage(raw, policy.limits);
    }));
    rules = Math.min(rules, await time(() => {
      for (const m of parsed) triage(m, context, policy);
    }));
    whole = Math.min(whole, await time(async () => {
      for (const raw of messages) {
        const outcome = await parseMessage(raw, policy.limits);
        if (outcome.ok) triage(outcome.message, context, policy);
      }
    }));
  }
  const rate = (n: number, s: number): string => `${(n / s).toFixed(0)}/s`;
  console.log(
    `${set.padEnd(9)} ${String(messages.length).padStart(5)} ${rate(messages.length, bare).padStart(16)} ${rate(messages.length, ours).padStart(10)} ${rate(parsed.length, rules).padStart(11)} ${rate(messages.length, whole).padStart(12)} ${`${((rules / parsed.length) / (bare / messages.length)).toFixed(2)}x`.padStart(17)}`,
  );
}
console.log("\nrules/bare parse = time of the rules per message ÷ time of bare mailparser per message (target < 0.5).");
