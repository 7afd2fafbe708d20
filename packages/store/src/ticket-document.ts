import type { TriageResult } from "@mailtriage/contracts";
import type { TicketState } from "@mailtriage/domain";
import { lexMember, type SlaPhase, type StoreKeys } from "./keys";
import type { IndexEntry } from "./write-plan";

/** A phase that passed its due time without the event that stops it (POLICY §5 "Escalation"). */
export interface Breach {
  /** The due time that passed, ISO-8601. */
  dueBy: string;
  /** When the SLA scan noticed, ISO-8601. */
  detectedAt: string;
}

/**
 * A ticket as stored (one JSON document per ticket). `result` is the triage result of the
 * message that created it, as decided then; `state` is the live state that follow-ups and
 * events change. `version` grows by one with every change.
 */
export interface TicketDocument {
  ticketId: string;
  /** Optimistic-concurrency token: pass it back as `expectedVersion` when updating. */
  version: number;
  /** When the inbox received the first message, ISO-8601 (the `receivedFrom/To` filter). */
  receivedAt: string;
  /** Last change, ISO-8601 (store clock). */
  updatedAt: string;
  /** CONTRACT "Triage result" of the creating message. */
  result: TriageResult;
  /** Live consent, status, SLA, region, customer email and flags. */
  state: TicketState;
  /** Operator events (POST /v1/tickets/:id/events), ISO-8601 or null. */
  acknowledgedAt: string | null;
  determinedAt: string | null;
  resolvedAt: string | null;
  /**
   * When each phase's clock was stopped for good (by its own event, `determined`, or
   * `resolved`). Kept when a follow-up reopens a resolved ticket, so no old clock comes back
   * and breaches at once.
   */
  clocksStoppedAt: Record<SlaPhase, string | null>;
  /** Phases marked breached by the SLA scan. */
  breaches: Record<SlaPhase, Breach | null>;
  /** Messages applied to the ticket (the creating one included). */
  messageCount: number;
}

/** The document of a new ticket (version 1). */
export function newTicketDocument(result: TriageResult, state: TicketState, now: string): TicketDocument {
  return {
    ticketId: state.ticketId,
    version: 1,
    receivedAt: result.receivedAt,
    updatedAt: now,
    result,
    state,
    acknowledgedAt: null,
    determinedAt: null,
    resolvedAt: null,
    clocksStoppedAt: { acknowledge: null, determine: null },
    breaches: { acknowledge: null, determine: null },
    messageCount: 1,
  };
}

/** The parent after a follow-up: the domain's new state, one more message; a reopened ticket is no longer resolved. */
export function followupTicketDocument(parent: TicketDocument, state: TicketState, now: string): TicketDocument {
  const reopened = parent.state.status === "resolved" && state.status !== "resolved";
  return {
    ...parent,
    version: parent.version + 1,
    updatedAt: now,
    state,
    resolvedAt: reopened ? null : parent.resolvedAt,
    messageCount: parent.messageCount + 1,
  };
}

/** Due time (ms) of a phase whose clock runs: an SLA applies, the phase has a due time, and nothing stopped it. */
export function runningDue(doc: TicketDocument, phase: SlaPhase): number | null {
  const sla = doc.state.sla;
  if (sla === null || doc.state.flags.slaExempt || doc.clocksStoppedAt[phase] !== null) return null;
  const dueBy = phase === "acknowledge" ? sla.acknowledgeBy : sla.determineBy;
  if (dueBy === null) return null;
  const ms = Date.parse(dueBy);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Every sorted-set entry a ticket should have: the lex indexes of the list filters, the due
 * sets of its running, not yet breached phases (what the SLA scan looks at), and, while it is
 * resolved, its `resolvedAt` in the resolved set (what the retention sweep looks at; a
 * follow-up that reopens the ticket takes it out again).
 */
export function ticketEntries(doc: TicketDocument, keys: StoreKeys): IndexEntry[] {
  const member = lexMember(doc.receivedAt, doc.ticketId);
  const lex = (key: string): IndexEntry => ({ key, member, score: 0 });
  const breached = doc.breaches.acknowledge !== null || doc.breaches.determine !== null;
  const entries = [
    lex(keys.ticketIndex("all")),
    lex(keys.ticketIndex("status", doc.state.status)),
    lex(keys.ticketIndex("breached", breached ? "yes" : "no")),
  ];
  if (doc.result.severity !== null) entries.push(lex(keys.ticketIndex("severity", String(doc.result.severity))));
  if (doc.result.partner !== null) entries.push(lex(keys.ticketIndex("partner", doc.result.partner.id)));
  if (doc.result.language !== null) entries.push(lex(keys.ticketIndex("language", doc.result.language)));
  for (const phase of ["acknowledge", "determine"] as const) {
    const due = runningDue(doc, phase);
    if (due !== null && doc.breaches[phase] === null) entries.push({ key: keys.due(phase), member: doc.ticketId, score: due });
  }
  const resolvedMs = doc.state.status === "resolved" && doc.resolvedAt !== null ? Date.parse(doc.resolvedAt) : Number.NaN;
  if (Number.isFinite(resolvedMs)) entries.push({ key: keys.resolvedTickets, member: doc.ticketId, score: resolvedMs });
  return entries;
}
