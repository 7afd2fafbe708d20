import type { SlaPhase } from "./keys";
import type { StoreContext } from "./store-context";
import type { TicketEvent } from "./store-event";
import { runningDue, ticketEntries, type TicketDocument } from "./ticket-document";
import { getTicketDocument } from "./ticket-reader";
import { WritePlan } from "./write-plan";

/** A phase the scan marked breached. */
export interface BreachFound {
  ticketId: string;
  phase: SlaPhase;
  /** The due time that passed, ISO-8601. */
  dueBy: string;
}

/** What one scan did. */
export interface SlaScanReport {
  breached: BreachFound[];
  /** Due-set entries looked at (stale ones are cleaned up). */
  examined: number;
}

const PHASES: readonly SlaPhase[] = ["acknowledge", "determine"];

/**
 * Finds phases past their due time without the event that stops them (POLICY §5
 * "Escalation"), from the due sets: marks the ticket breached for that phase (index
 * `breached:yes`), appends a `breached` event carrying the region's escalation contacts
 * (`policy.regions[region].escalation`), and drops the due entry — all in one compare-and-set
 * write per ticket. Idempotent: a breached phase leaves the due set, so a second scan finds
 * nothing; a ticket changed meanwhile (version conflict) is left for the next scan.
 * @param now the scan instant; `batch` due entries are read per round (default 500).
 */
export async function scanSla(ctx: StoreContext, now: Date, options: { batch?: number } = {}): Promise<SlaScanReport> {
  const batch = options.batch ?? 500;
  const report: SlaScanReport = { breached: [], examined: 0 };
  for (const phase of PHASES) {
    // Bounded rounds: a huge backlog is worked off over several scans, not in one long call.
    for (let round = 0; round < 20; round++) {
      const due = await ctx.redis.zrangebyscore(ctx.keys.due(phase), "-inf", now.getTime(), "LIMIT", 0, batch);
      for (const ticketId of due) {
        report.examined++;
        const found = await breachOne(ctx, ticketId, phase, now);
        if (found !== null) report.breached.push(found);
      }
      if (due.length < batch) break;
    }
  }
  return report;
}

async function breachOne(ctx: StoreContext, ticketId: string, phase: SlaPhase, now: Date): Promise<BreachFound | null> {
  const { keys } = ctx;
  const dueKey = keys.due(phase);
  const doc = await getTicketDocument(ctx, ticketId);
  const plan = new WritePlan();
  if (doc === null) {
    plan.zrem({ key: dueKey, member: ticketId });
    await plan.commit(ctx.redis);
    return null;
  }
  const dueMs = runningDue(doc, phase);
  if (dueMs === null || doc.breaches[phase] !== null || dueMs > now.getTime()) {
    // A stale entry (clock stopped or moved by a write that raced this scan): put it right.
    plan.reindex([{ key: dueKey, member: ticketId, score: Number.NaN }], ticketEntries(doc, keys).filter((e) => e.key === dueKey));
    await plan.commit(ctx.redis, { version: { key: keys.ticketVersion(ticketId), expected: doc.version } });
    return null;
  }
  const detectedAt = now.toISOString();
  const dueBy = new Date(dueMs).toISOString();
  const next: TicketDocument = { ...doc, version: doc.version + 1, updatedAt: detectedAt, breaches: { ...doc.breaches, [phase]: { dueBy, detectedAt } } };
  const event: TicketEvent = { type: "breached", at: dueBy, ticketId, phase, detectedAt, region: doc.state.region, escalation: ctx.policy.regions[doc.state.region]?.escalation ?? null };
  plan.set(keys.ticket(ticketId), JSON.stringify(next)).set(keys.ticketVersion(ticketId), String(next.version));
  plan.rpush(keys.ticketEvents(ticketId), JSON.stringify(event)).xadd(keys.events, { type: event.type, event: JSON.stringify(event) });
  plan.reindex(ticketEntries(doc, keys), ticketEntries(next, keys));
  const outcome = await plan.commit(ctx.redis, { version: { key: keys.ticketVersion(ticketId), expected: doc.version } });
  return outcome.kind === "applied" ? { ticketId, phase, dueBy } : null;
}
