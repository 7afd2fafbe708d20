import { applyOperatorEvent, type OperatorEvent } from "./operator-event";
import { ConcurrentUpdateError, MAX_WRITE_ATTEMPTS, type StoreContext } from "./store-context";
import type { SlaEffect, TicketEvent } from "./store-event";
import { ticketEntries, type TicketDocument } from "./ticket-document";
import { getTicketDocument } from "./ticket-reader";
import { WritePlan } from "./write-plan";

/** The ticket after an operator event, the event as recorded, and what it did to the SLA. */
export interface RecordedEvent {
  ticket: TicketDocument;
  event: TicketEvent;
  effect: SlaEffect;
}

/**
 * Records an operator event (`acknowledged`, `determined`, `resolved`, `consent_received`) and
 * applies it to the ticket's clocks (see `applyOperatorEvent`), as one compare-and-set write
 * retried on version conflicts. Returns null when the ticket does not exist.
 * @throws RangeError when `event.at` is not a date; ConcurrentUpdateError after repeated conflicts.
 */
export async function recordEvent(ctx: StoreContext, ticketId: string, input: OperatorEvent): Promise<RecordedEvent | null> {
  const { keys } = ctx;
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const doc = await getTicketDocument(ctx, ticketId);
    if (doc === null) return null;
    const { doc: next, event, effect } = applyOperatorEvent(doc, input, ctx.policy, ctx.now());
    const plan = new WritePlan()
      .set(keys.ticket(ticketId), JSON.stringify(next))
      .set(keys.ticketVersion(ticketId), String(next.version))
      .rpush(keys.ticketEvents(ticketId), JSON.stringify(event))
      .xadd(keys.events, { type: event.type, event: JSON.stringify(event) })
      .reindex(ticketEntries(doc, keys), ticketEntries(next, keys));
    const outcome = await plan.commit(ctx.redis, { version: { key: keys.ticketVersion(ticketId), expected: doc.version } });
    if (outcome.kind === "applied") return { ticket: next, event, effect };
  }
  throw new ConcurrentUpdateError(`ticket ${ticketId} kept changing; event not recorded`);
}
