import type { Outcome, Policy, Reason } from "@mailtriage/contracts";
import { failedResult, matchThread, threadKeys, triage } from "@mailtriage/domain";
import type { ParseOutcome } from "@mailtriage/mime";
import { ConcurrentUpdateError, messageIdentity, type Decision, type FloodNotification, type InboundJobData, type MessageRecord, type RawStore, type RegistryCache, type Retention, type TicketStore } from "@mailtriage/store";
import { notifyBasicFlood } from "./notify-basic-flood";
import { ensureNoQueuedParent } from "./parent-wait";

/** What processing one message needs (the composition root wires real ones; tests too). */
export interface ProcessDeps {
  raws: RawStore;
  tickets: TicketStore;
  registries: RegistryCache;
  parse(raw: Uint8Array): Promise<ParseOutcome>;
  policy: Policy;
  genericDomains: ReadonlySet<string>;
  /** Gives the raw bytes their expiry once the record is stored or found (`MAILTRIAGE_RETENTION_RAW_DAYS`); absent: kept. */
  retention?: Pick<Retention, "retainRaw">;
}

/** The job's result (BullMQ keeps it as the job's return value; no addresses in it). */
export interface ProcessedMessage {
  identity: string;
  outcome: Outcome;
  reason: Reason | null;
  ticketId: string | null;
  /** True when the message was recorded before and the earlier result stands (POLICY §7). */
  duplicate: boolean;
  /** Set when this basic ticket tipped its partner into a flood and the account manager was notified (POLICY §5). */
  basicFlood?: FloodNotification;
}

/** A stored (or earlier) record and whether it was there before. */
interface Stored {
  record: MessageRecord;
  duplicate: boolean;
}

/** The job points at raw bytes the store does not have: retrying cannot help. */
export class MissingRawError extends Error {
  override readonly name = "MissingRawError";
}

/** Re-triages after a version conflict on the parent ticket at most this often per attempt. */
export const MAX_TRIAGE_ATTEMPTS = 5;

/**
 * The use case of one inbound job: read the raw bytes, parse, return the earlier result of a
 * message seen before, thread it, triage it, store the decision atomically.
 * - Unparseable or hostile input is not an error: it becomes a `failed` (or `rejected`
 *   `too_large`) record keeping the raw hash, and the job completes (no retry storm, POLICY §2).
 * - Missing raw bytes: a `failed` record, then MissingRawError (the caller makes it unrecoverable).
 * - Redis trouble, or a parent ticket that keeps changing, throws: the queue retries with backoff.
 * - Then the raw bytes get their expiry (`deps.retention`, README "Retention and export").
 * - A new basic ticket then counts towards its partner's flood window (`notifyBasicFlood`).
 * - With `awaitParent`, a reply that matches no ticket while a message it answers is queued or
 *   being triaged throws ParentPendingError (the caller delays the job; `parent-wait.ts`).
 */
export async function processMessage(job: InboundJobData, deps: ProcessDeps, options: { awaitParent?: boolean } = {}): Promise<ProcessedMessage> {
  const { record, duplicate } = await storeMessage(job, deps, options.awaitParent === true);
  // Also for a repeat: bytes that differ from the recorded ones would otherwise stay for good.
  await deps.retention?.retainRaw(job.rawSha256, record);
  const flood = await notifyBasicFlood(record, deps);
  return { ...summary(record, duplicate), ...(flood?.notification && { basicFlood: flood.notification }) };
}

/** Raw bytes → the stored record of the message (or the earlier one). */
async function storeMessage(job: InboundJobData, deps: ProcessDeps, awaitParent: boolean): Promise<Stored> {
  const intake = { receivedAt: job.receivedAt, source: job.source, ...(job.mailbox !== undefined && { mailbox: job.mailbox }), ...(job.uid !== undefined && { uid: job.uid }) };
  const base = { rawSha256: job.rawSha256, intake, ...(job.redriveOf !== undefined && { redriveOf: job.redriveOf }) };
  const redrive = job.redriveOf !== undefined;

  const bytesIdentity = messageIdentity(null, job.rawSha256);
  // The bytes and their earlier record are read at once: independent reads, one wait (issue 3).
  const [raw, seen] = await Promise.all([deps.raws.get(job.rawSha256), redrive ? null : deps.tickets.getMessageResult(bytesIdentity)]);
  if (raw === null) {
    const result = failedResult({ reason: "unparseable", detail: "raw bytes missing from the store", size: job.size, contentSha256: job.rawSha256 }, job.receivedAt);
    await deps.tickets.applyDecision({ ...base, result, ticket: null });
    throw new MissingRawError(`raw bytes ${job.rawSha256} are not in the store`);
  }
  // Same bytes seen before (a retry, or a repeat without Message-ID): skip parsing.
  if (seen !== null) return { record: seen, duplicate: true };

  const parsed = await deps.parse(raw);
  if (!parsed.ok) return store(deps, { ...base, result: failedResult({ ...parsed, contentSha256: job.rawSha256 }, job.receivedAt), ticket: null });

  const message = parsed.message;
  const identity = messageIdentity(message.messageId, job.rawSha256);
  const keys = threadKeys(message, deps.policy.ticketRef.prefix);
  // Without a Message-ID the identity is the bytes' one, just found unrecorded; the store's
  // duplicate guard still catches a record written since.
  const checkEarlier = !redrive && identity !== bytesIdentity;
  const [earlier, firstLookup, { partners, accounts }] = await Promise.all([
    checkEarlier ? deps.tickets.getMessageResult(identity) : null,
    deps.tickets.lookupThread(keys),
    deps.registries.get(),
  ]);
  if (earlier !== null) return { record: earlier, duplicate: true };

  let lookup = firstLookup;
  for (let attempt = 0; attempt < MAX_TRIAGE_ATTEMPTS; attempt++) {
    if (attempt > 0) lookup = await deps.tickets.lookupThread(keys);
    const match = matchThread(keys, lookup, message.inReplyTo);
    if (match === null && awaitParent) await ensureNoQueuedParent(deps.tickets, keys, message.messageId);
    const parent = match === null ? null : await deps.tickets.getTicketDocument(match.ticketId);
    const context = { receivedAt: job.receivedAt, partners, accounts, genericDomains: deps.genericDomains, parent: parent?.state ?? null };
    const decision = triage(message, context, deps.policy);
    const outcome = await deps.tickets.applyDecision({ ...base, ...decision, parent });
    if (outcome.kind !== "conflict") return { record: outcome.record, duplicate: outcome.kind === "duplicate" };
  }
  throw new ConcurrentUpdateError(`the parent ticket kept changing during ${MAX_TRIAGE_ATTEMPTS} triage attempts`);
}

async function store(deps: ProcessDeps, decision: Decision): Promise<Stored> {
  const outcome = await deps.tickets.applyDecision(decision);
  if (outcome.kind === "conflict") throw new ConcurrentUpdateError("unexpected version conflict on a message without ticket");
  return { record: outcome.record, duplicate: outcome.kind === "duplicate" };
}

function summary(record: MessageRecord, duplicate: boolean): ProcessedMessage {
  return { identity: record.identity, outcome: record.result.outcome, reason: record.result.reason, ticketId: record.ticketId, duplicate };
}
