import type { Account, Partner, Policy, TriageResult } from "@mailtriage/contracts";
import { failedResult, triage } from "@mailtriage/domain";
import type { ParseOutcome } from "@mailtriage/mime";
import type { InputMessage } from "./read-inputs";
import { RunState } from "./run-state";

export interface RunDeps {
  parse(raw: Uint8Array): Promise<ParseOutcome>;
  policy: Policy;
  partners: readonly Partner[];
  accounts: readonly Account[];
  genericDomains: ReadonlySet<string>;
  /** Receive time of messages without an IMAP internal date, ISO. */
  receivedAt: string;
}

// Parsing runs ahead in worker threads; triage stays in input order so replies find parents.
const PARSE_AHEAD = 8;

/** Triages every input in order, handing each result to `emit` as soon as it is known. */
export async function triageRun(inputs: AsyncIterable<InputMessage>, deps: RunDeps, emit: (result: TriageResult, input: InputMessage) => void): Promise<number> {
  const state = new RunState(deps.policy.ticketRef.prefix);
  const window: { input: InputMessage; parsed: Promise<ParseOutcome> }[] = [];
  let count = 0;
  const drainOne = async (): Promise<void> => {
    const next = window.shift();
    if (next === undefined) return;
    emit(decide(await next.parsed, state, deps), next.input);
    count++;
  };
  for await (const input of inputs) {
    window.push({ input, parsed: deps.parse(input.raw) });
    if (window.length >= PARSE_AHEAD) await drainOne();
  }
  while (window.length > 0) await drainOne();
  return count;
}

function decide(parsed: ParseOutcome, state: RunState, deps: RunDeps): TriageResult {
  if (!parsed.ok) {
    const result = failedResult(parsed, deps.receivedAt);
    const earlier = state.seenBefore(null, parsed.contentSha256);
    if (earlier) return duplicateOf(result, earlier);
    state.record(result, null);
    return result;
  }
  const message = parsed.message;
  const earlier = state.seenBefore(message.messageId, message.contentSha256);
  const context = { receivedAt: deps.receivedAt, partners: deps.partners, accounts: deps.accounts, genericDomains: deps.genericDomains, parent: state.parentOf(message) };
  const decision = triage(message, context, deps.policy);
  if (earlier) return duplicateOf(decision.result, earlier);
  state.record(decision.result, decision.ticket);
  return decision.result;
}

/** POLICY §7: within one run a repeat is `ignored` / `duplicate`, pointing at the first ticket. */
function duplicateOf(result: TriageResult, earlier: TriageResult): TriageResult {
  return {
    ...result,
    outcome: "ignored",
    reason: "duplicate",
    reasonDetail: `same ${result.messageId !== null && result.messageId === earlier.messageId ? "Message-ID" : "bytes"} as an earlier message`,
    ticketId: earlier.ticketId,
    status: "ignored",
    severity: null,
    severityReasons: [],
    sla: null,
  };
}
