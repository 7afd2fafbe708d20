import { decideBasicFlood, type BasicFloodDecision } from "@mailtriage/domain";
import { ConcurrentUpdateError, MAX_WRITE_ATTEMPTS, type StoreContext } from "./store-context";
import type { BasicFloodEvent } from "./store-event";
import { WritePlan } from "./write-plan";

const DAY_MS = 86_400_000;

/** A basic ticket just stored, as the flood check needs it (POLICY §5). */
export interface BasicTicket {
  ticketId: string;
  /** Inbox receive time, ISO-8601: the flood window counts receive times, like the SLA clock. */
  receivedAt: string;
  partnerId: string;
  /** The partner's account manager (partner registry): who is notified. */
  accountManager: string;
}

/** A flood notification as stored (`listNotifications`); its `basic_flood` event carries the same fields. */
export interface FloodNotification {
  /** `flood-<ticket id>` of the ticket that tipped the partner over `basicFlood.max`. */
  notificationId: string;
  partnerId: string;
  accountManager: string;
  /** Basic tickets in the window (more than `max`), and their ids, oldest first. */
  count: number;
  max: number;
  ticketIds: string[];
  /** The window `(windowStart, windowEnd]`, ISO-8601; `windowEnd` is the tipping ticket's receive time. */
  windowStart: string;
  windowEnd: string;
  /** When the store recorded it (store clock), ISO-8601. */
  notifiedAt: string;
}

/** What one flood check found. */
export interface BasicFloodCheck {
  /** The domain's decision (count, window, why not). */
  decision: BasicFloodDecision;
  /** The notification this check recorded; null when none was due or another worker recorded it first. */
  notification: FloodNotification | null;
}

/**
 * Counts a basic ticket towards its partner's flood window and, when the domain's
 * `decideBasicFlood` says so, records one notification: the notification lists and a
 * `basic_flood` event on the events stream, written by one compare-and-set script guarded by
 * the partner's last-notification key. Two workers checking at once both may decide to
 * notify; only the first write lands, the second re-reads and finds `already_notified`.
 * Idempotent per ticket (a retried job adds the same member with the same score).
 * @throws RangeError when `receivedAt` is not a date; ConcurrentUpdateError after repeated conflicts.
 */
export async function checkBasicFlood(ctx: StoreContext, ticket: BasicTicket): Promise<BasicFloodCheck> {
  const { redis, keys } = ctx;
  const policy = ctx.policy.basicFlood;
  const at = Date.parse(ticket.receivedAt);
  if (!Number.isFinite(at)) throw new RangeError(`receivedAt: not a date: ${ticket.receivedAt}`);
  const basicKey = keys.basicTickets(ticket.partnerId);
  const notifiedKey = keys.floodNotifiedAt(ticket.partnerId);
  // Entries two windows older than this ticket can count in no window that still matters.
  const horizon = at - 2 * Math.round(policy.windowDays * DAY_MS);
  await redis.multi().zadd(basicKey, at, ticket.ticketId).zremrangebyscore(basicKey, "-inf", `(${horizon}`).exec();

  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const [last, flat] = await Promise.all([redis.get(notifiedKey), redis.zrange(basicKey, 0, -1, "WITHSCORES")]);
    const entries: { id: string; ms: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push({ id: flat[i] ?? "", ms: Number(flat[i + 1]) });
    const lastNotifiedAt = last === null ? null : Number(last);
    const decision = decideBasicFlood({ basicTicketTimes: entries.map((e) => e.ms), lastNotifiedAt, now: at, policy });
    if (!decision.notify) return { decision, notification: null };

    const inWindow = entries.filter((e) => e.ms > decision.windowStart && e.ms <= decision.windowEnd);
    const notification: FloodNotification = {
      notificationId: `flood-${ticket.ticketId}`,
      partnerId: ticket.partnerId,
      accountManager: ticket.accountManager,
      count: decision.count,
      max: policy.max,
      ticketIds: inWindow.map((e) => e.id),
      windowStart: new Date(decision.windowStart).toISOString(),
      windowEnd: new Date(decision.windowEnd).toISOString(),
      notifiedAt: ctx.now(),
    };
    const { notifiedAt: _, max: __, ...fields } = notification;
    const event: BasicFloodEvent = { type: "basic_flood", at: notification.windowEnd, ...fields };
    const json = JSON.stringify(notification);
    const plan = new WritePlan()
      .set(notifiedKey, String(decision.windowEnd))
      .rpush(keys.floodNotifications(), json)
      .rpush(keys.floodNotifications(ticket.partnerId), json)
      .xadd(keys.events, { type: event.type, event: JSON.stringify(event) });
    // The last window end is the token: absent counts as 0, as the commit script reads it.
    const outcome = await plan.commit(redis, { version: { key: notifiedKey, expected: lastNotifiedAt ?? 0 } });
    if (outcome.kind === "applied") return { decision, notification };
  }
  throw new ConcurrentUpdateError(`flood state of partner ${ticket.partnerId} kept changing`);
}

/**
 * Flood notifications, newest first: every partner's, or one partner's. The list is not
 * capped (at most one notification per partner per window).
 * @param query.limit 1-1000, default 50. @throws RangeError on a bad limit.
 */
export async function listNotifications(ctx: StoreContext, query: { partnerId?: string; limit?: number } = {}): Promise<FloodNotification[]> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) throw new RangeError(`limit: expected an integer 1-1000, got ${limit}`);
  const items = await ctx.redis.lrange(ctx.keys.floodNotifications(query.partnerId), -limit, -1);
  return items.reverse().map((json) => JSON.parse(json) as FloodNotification);
}
