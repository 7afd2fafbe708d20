// Where the rules spend their time: µs per message for each stage of triage(), over the
// real-world corpus and the examples (best of 10 after 5 warm-up runs per stage). Prints
// figures only. Run: npx tsx bench/rules-stages.bench.ts
import { loadGenericDomains, loadPolicy } from "@mailtriage/config";
import * as d from "@mailtriage/domain";
import { parseMessage } from "@mailtriage/mime";
import { loadBenchMessages, time } from "./support/bench-messages";

const WARM_UP = 5;
const policy = await loadPolicy();
const generic = loadGenericDomains(policy);
const region = policy.regions[policy.defaultRegion];
if (region === undefined) throw new Error("default region missing");
const options = { products: policy.products, shortBelowWords: policy.description.shortBelowWords, longAboveWords: policy.description.longAboveWords };

for (const set of ["examples", "corpus"] as const) {
  const parsed: d.InboundMessage[] = [];
  for (const raw of loadBenchMessages(set)) {
    const outcome = await parseMessage(raw, policy.limits);
    if (outcome.ok) parsed.push(outcome.message);
  }
  const replies = parsed.map((m) => d.extractNewText(m.text));
  const context = { receivedAt: "2026-11-20T20:00:00.000Z", partners: [], accounts: [], genericDomains: generic, parent: null };
  const stages: [string, () => void][] = [
    ["detectAutomatic", () => parsed.forEach((m) => d.detectAutomatic(m))],
    ["classifySender", () => parsed.forEach((m) => d.classifySender(m, generic, []))],
    ["extractNewText", () => parsed.forEach((m) => d.extractNewText(m.text))],
    ["extractTemplate", () => replies.forEach((r) => d.extractTemplate(r.newText, options))],
    ["detectLanguage", () => replies.forEach((r) => d.detectLanguage(r.newText))],
    ["assignSeverity", () => parsed.forEach((m, i) => d.assignSeverity({ subject: m.subject, newText: replies[i]?.newText ?? "", requestType: null, reproducible: null }))],
    ["findConsentReasons", () => parsed.forEach((m, i) => d.findConsentReasons(`${m.subject}\n${replies[i]?.newText ?? ""}`))],
    ["stampSla (24x5)", () => parsed.forEach(() => d.stampSla({ receivedAt: "2026-11-20T20:00:00.000Z", severity: 3, critical: false, band: "upper", region, targets: policy.severityTargets, awaitingConsent: false }))],
    ["triage (whole)", () => parsed.forEach((m) => d.triage(m, context, policy))],
  ];
  console.log(`\n${set}: ${parsed.length} parsed messages, mean text ${Math.round(parsed.reduce((a, m) => a + m.text.length, 0) / parsed.length)} chars`);
  for (const [name, run] of stages) {
    // Warm until the hot code is optimised, as in a long-running worker; then the best of ten.
    for (let i = 0; i < WARM_UP; i++) run();
    let best = Infinity;
    for (let i = 0; i < 10; i++) best = Math.min(best, await time(run));
    console.log(`  ${name.padEnd(20)} ${((best / parsed.length) * 1e6).toFixed(1).padStart(8)} µs/msg`);
  }
}
