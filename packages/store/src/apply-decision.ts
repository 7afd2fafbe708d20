import type { TriageResult } from "@mailtriage/contracts";
import type { TicketState } from "@mailtriage/domain";
import { messageIdentity, messageIndexMember, readMessageRecord, type IntakeMeta, type MessageRecord } from "./message-record";
import type { StoreContext } from "./store-context";
import type { MessageEvent, TicketEvent } from "./store-event";
import { followupTicketDocument, newTicketDocument, runningDue, ticketEntries, type TicketDocument } from "./ticket-document";
import { WritePlan } from "./write-plan";

/** A triage decision to store (what `triage()` returned, plus where the bytes are). */
export interface Decision {
  /** The triage result (`failedResult(...)` for a message that could not be parsed). */
  result: TriageResult;
  /** The new ticket, or the parent's state after a follow-up; null for other outcomes. */
  ticket: TicketState | null;
  /** Hex SHA-256 of the raw bytes. */
  rawSha256: string;
  /** For a follow-up: the parent document the decision was made on (its `version` is checked). */
  parent?: TicketDocument | null;
  intake?: IntakeMeta;
  /** Identity of a `failed` record this message re-drives: replaced (or removed) in the same write. */
  redriveOf?: string;
}

/**
 * What `applyDecision` did:
 * - `applied`: the record (and ticket change) is stored;
 * - `duplicate`: this identity was recorded before; nothing changed, `record` is the earlier one;
 * - `conflict`: the ticket changed since `parent` was read (or a new ticket's id is taken):
 *   re-read the parent, triage again, apply again.
 */
export type ApplyOutcome =
  | { kind: "applied"; record: MessageRecord; ticket: TicketDocument | null }
  | { kind: "duplicate"; record: MessageRecord }
  | { kind: "conflict"; ticketId: string };

/**
 * Stores a decision atomically (one Lua script): if the message identity is already recorded,
 * nothing changes; else the message record, the new or updated ticket (compare-and-set on its
 * version), the index and due-set entries, the thread mapping and the events are written together.
 */
export async function applyDecision(ctx: StoreContext, decision: Decision): Promise<ApplyOutcome> {
  const { keys } = ctx;
  const { result } = decision;
  const now = ctx.now();
  const identity = messageIdentity(result.messageId, decision.rawSha256);
  const record: MessageRecord = { identity, rawSha256: decision.rawSha256, ticketId: result.ticketId, result, recordedAt: now, ...(decision.intake && { intake: decision.intake }) };
  const plan = new WritePlan();

  // A re-drive replaces its failed record: the old index entry goes first (it may equal the new one).
  if (decision.redriveOf !== undefined) {
    const old = await readMessageRecord(ctx.redis, keys, decision.redriveOf);
    if (old !== null && old.result.outcome === "failed") {
      plan.zrem({ key: keys.messageIndex("failed"), member: messageIndexMember(old) });
      if (old.identity !== identity) plan.del(keys.message(old.identity));
    }
  }
  plan.set(keys.message(identity), JSON.stringify(record));
  plan.zadd({ key: keys.messageIndex(result.outcome), member: messageIndexMember(record), score: 0 });

  let ticket: TicketDocument | null = null;
  let expected = 0;
  const events: TicketEvent[] = [];
  if (result.outcome === "ticket" || result.outcome === "followup") {
    if (decision.ticket === null || result.ticketId === null) throw new TypeError(`a ${result.outcome} decision needs its ticket state`);
    const parent = result.outcome === "followup" ? (decision.parent ?? null) : null;
    if (result.outcome === "followup" && (parent === null || parent.ticketId !== result.ticketId)) throw new TypeError("a followup decision needs the parent document it was made on");
    ticket = parent === null ? newTicketDocument(result, decision.ticket, now) : followupTicketDocument(parent, decision.ticket, now);
    expected = parent?.version ?? 0;
    const id = ticket.ticketId;
    plan.set(keys.ticket(id), JSON.stringify(ticket)).set(keys.ticketVersion(id), String(ticket.version));
    plan.rpush(keys.ticketMessages(id), identity);
    plan.reindex(parent === null ? [] : ticketEntries(parent, keys), ticketEntries(ticket, keys));
    if (result.messageId !== null) plan.set(keys.thread(result.messageId), id);
    events.push(...ticketEvents(parent, ticket, identity, result.receivedAt));
    for (const event of events) plan.rpush(keys.ticketEvents(id), JSON.stringify(event));
  }
  const streamed: (TicketEvent | MessageEvent)[] =
    ticket !== null ? events : [{ type: result.outcome as MessageEvent["type"], at: result.receivedAt, message: identity, reason: result.reason }];
  for (const event of streamed) plan.xadd(keys.events, { type: event.type, event: JSON.stringify(event) });

  const outcome = await plan.commit(ctx.redis, {
    message: keys.message(identity),
    replaceFailed: decision.redriveOf === identity,
    ...(ticket !== null && { version: { key: keys.ticketVersion(ticket.ticketId), expected } }),
  });
  switch (outcome.kind) {
    case "applied":
      return { kind: "applied", record, ticket };
    case "duplicate":
      return { kind: "duplicate", record: JSON.parse(outcome.existing) as MessageRecord };
    case "conflict":
      return { kind: "conflict", ticketId: ticket?.ticketId ?? "" };
  }
}

/** The events of a new ticket or a follow-up (consent arriving and reopening are events of their own). */
function ticketEvents(parent: TicketDocument | null, ticket: TicketDocument, message: string, at: string): TicketEvent[] {
  const ticketId = ticket.ticketId;
  if (parent === null) return [{ type: "created", at, ticketId, message }];
  const events: TicketEvent[] = [{ type: "followup", at, ticketId, message }];
  if (!parent.state.consent.present && ticket.state.consent.present) {
    const started = runningDue(parent, "determine") === null && runningDue(ticket, "determine") !== null ? (["determine"] as const) : [];
    events.push({ type: "consent_received", at, ticketId, message, by: ticket.state.consent.givenBy ?? null, effect: { stopped: [], started: [...started], late: [], sla: ticket.state.sla } });
  }
  if (parent.state.status === "resolved" && ticket.state.status !== "resolved") events.push({ type: "reopened", at, ticketId, message });
  return events;
}
