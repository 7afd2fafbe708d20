import { join } from "node:path";
import type { TriageResult } from "@mailtriage/contracts";
import { loadGenericDomains, loadPolicy, loadRegistries } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { triageRun } from "../../services/cli/src/triage-run";
import { EXAMPLES_DIR } from "./examples";

/**
 * What the offline command (CONTRACT "Offline command") prints for `messages` in this order, with
 * the default policy and the example registries, computed in-process: the reference the service
 * (API, worker, every Redis topology) must reproduce. One result per message, in input order.
 */
export async function offlineResults(messages: readonly { file: string; raw: Uint8Array }[], receivedAt: string): Promise<TriageResult[]> {
  const policy = await loadPolicy();
  const registries = await loadRegistries(policy, { partners: join(EXAMPLES_DIR, "partners.json"), accounts: join(EXAMPLES_DIR, "accounts.json") });
  const parser = new MessageParser(policy.limits);
  const results: TriageResult[] = [];
  try {
    const inputs = (async function* () {
      for (const m of messages) yield { source: m.file, raw: m.raw };
    })();
    await triageRun(inputs, { parse: (raw) => parser.parse(raw), policy, ...registries, genericDomains: loadGenericDomains(policy), receivedAt }, (r) => void results.push(r));
  } finally {
    await parser.close();
  }
  return results;
}
