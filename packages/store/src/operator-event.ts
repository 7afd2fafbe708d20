import type { Policy, Status } from "@mailtriage/contracts";
import { startDetermination } from "@mailtriage/domain";
import type { SlaPhase } from "./keys";
import type { OperatorEventType, SlaEffect, TicketEvent } from "./store-event";
import { runningDue, type TicketDocument } from "./ticket-document";

/** An operator event to record on a ticket. */
export interface OperatorEvent {
  type: OperatorEventType;
  /** When it happened, ISO-8601. */
  at: string;
  /** Who did it (an operator, or for consent the customer who gave it). */
  by?: string | null;
}

/** The ticket after the event, the event as recorded, and what it did to the SLA. */
export interface OperatorEventDecision {
  doc: TicketDocument;
  event: TicketEvent;
  effect: SlaEffect;
}

/**
 * Applies an operator event (pure; the store writes the result atomically):
 * - `acknowledged` stops the acknowledgement clock (status open → acknowledged);
 * - `determined` stops problem determination, and acknowledgement if still running (a
 *   determination is a response; status → determined);
 * - `resolved` stops every running clock and closes the ticket;
 * - `consent_received` on a ticket awaiting consent records it and starts problem
 *   determination from `at` (POLICY §6), via the domain's `startDetermination`.
 * Repeats change nothing but are still recorded, with an empty effect.
 * @throws RangeError when `input.at` is not a date.
 */
export function applyOperatorEvent(doc: TicketDocument, input: OperatorEvent, policy: Policy, now: string): OperatorEventDecision {
  const at = new Date(input.at).toISOString();
  const by = input.by ?? null;
  const stopped: SlaPhase[] = [];
  const started: SlaPhase[] = [];
  let next: TicketDocument = { ...doc, version: doc.version + 1, updatedAt: now };
  // Stops a phase for good; it counts as stopped by this event only if its clock was running.
  const stop = (phase: SlaPhase): void => {
    if (runningDue(next, phase) !== null) stopped.push(phase);
    if (next.clocksStoppedAt[phase] === null) next = { ...next, clocksStoppedAt: { ...next.clocksStoppedAt, [phase]: at } };
  };
  const setStatus = (status: Status, from: readonly Status[]): void => {
    if (from.includes(next.state.status)) next = { ...next, state: { ...next.state, status } };
  };

  switch (input.type) {
    case "acknowledged":
      stop("acknowledge");
      next = { ...next, acknowledgedAt: next.acknowledgedAt ?? at };
      setStatus("acknowledged", ["open"]);
      break;
    case "determined":
      stop("acknowledge");
      stop("determine");
      next = { ...next, acknowledgedAt: next.acknowledgedAt ?? at, determinedAt: next.determinedAt ?? at };
      setStatus("determined", ["open", "acknowledged"]);
      break;
    case "resolved":
      // Also a clock not started yet (awaiting consent): a resolved ticket's clocks are done.
      stop("acknowledge");
      stop("determine");
      next = { ...next, resolvedAt: next.resolvedAt ?? at };
      setStatus("resolved", ["open", "acknowledged", "determined", "awaiting_consent"]);
      break;
    case "consent_received": {
      const consent = next.state.consent;
      // An operator's word counts even on an `authFailed` ticket: the DMARC rule (POLICY §3, §6)
      // is about evidence inside a message, and a person checked this consent.
      if (consent.required && !consent.present) {
        const holidays = policy.regions[next.state.region]?.holidays ?? [];
        const sla = next.state.sla && startDetermination(next.state.sla, at, holidays);
        next = { ...next, state: { ...next.state, consent: { ...consent, present: true, givenBy: by, givenAt: at }, sla } };
        setStatus("open", ["awaiting_consent"]);
        if (runningDue(next, "determine") !== null) started.push("determine");
      }
      break;
    }
    default:
      return assertNever(input.type);
  }

  const atMs = Date.parse(at);
  const late = stopped.filter((phase) => {
    const due = runningDue(doc, phase);
    return due !== null && atMs > due;
  });
  const effect: SlaEffect = { stopped, started, late, sla: next.state.sla };
  return { doc: next, event: { type: input.type, at, ticketId: doc.ticketId, by, effect }, effect };
}

function assertNever(value: never): never {
  throw new Error(`unknown operator event: ${String(value)}`);
}
