import type { BasicFloodCheck, MessageRecord, RegistryCache, TicketStore } from "@mailtriage/store";

/**
 * The basic-request flood check (POLICY §5) for a stored message record: a new ticket flagged
 * `basic` from a registered partner counts towards the partner's window, and the store
 * notifies the partner's account manager once per window (atomically, whatever other workers
 * do). Returns null for any other record, or when the partner has left the registry (no one
 * to tell).
 *
 * Why here and not in the SLA scan: the count only grows when a basic ticket arrives, so that
 * is the one moment a notification can become due — checking then notifies at once, costs one
 * small read per basic ticket, and needs no scan over every partner. It runs for a record
 * found already stored too, so a job retried after a crash between storing and checking still
 * checks (the check is idempotent per ticket).
 */
export async function notifyBasicFlood(record: MessageRecord, deps: { tickets: TicketStore; registries: RegistryCache }): Promise<BasicFloodCheck | null> {
  const { result } = record;
  if (result.outcome !== "ticket" || !result.flags.basic || result.partner === null || record.ticketId === null) return null;
  const partnerId = result.partner.id;
  const partner = (await deps.registries.get()).partners.find((p) => p.id === partnerId);
  if (partner === undefined) return null;
  return deps.tickets.checkBasicFlood({ partnerId, accountManager: partner.accountManager, ticketId: record.ticketId, receivedAt: result.receivedAt });
}
