import type { Policy } from "@mailtriage/contracts";

/** One day, ms (the policy's `basicFlood.windowDays` is in days; fractions allowed). */
const DAY_MS = 86_400_000;

/** What the flood rule looks at for one partner (POLICY §5 "basic (how-to) requests"). */
export interface BasicFloodInput {
  /**
   * Inbox receive times (epoch ms) of the partner's basic tickets, in any order. Times
   * outside the window (older, or after `now` when tickets are processed out of order) are
   * ignored; each ticket must appear once.
   */
  basicTicketTimes: readonly number[];
  /** Window end (epoch ms) of the partner's last flood notification; null when never notified. */
  lastNotifiedAt: number | null;
  /** The instant judged (epoch ms): the receive time of the basic ticket just stored. */
  now: number;
  /** `policy.basicFlood`: more than `max` basic requests within `windowDays` is a flood. */
  policy: Policy["basicFlood"];
}

/** Why no notification is due. */
export type BasicFloodQuiet = "within_limit" | "already_notified";

/**
 * The flood decision. The window is `(windowStart, windowEnd]` (epoch ms): a ticket received
 * exactly `windowDays` before `now` is outside it. `count` is the basic tickets inside it.
 */
export type BasicFloodDecision =
  | { notify: true; count: number; windowStart: number; windowEnd: number }
  | { notify: false; reason: BasicFloodQuiet; count: number; windowStart: number; windowEnd: number };

/**
 * Decides whether a partner's account manager is to be notified of a basic-request flood
 * (POLICY §5): more than `policy.max` basic tickets in the sliding window of
 * `policy.windowDays` ending at `now`, and no notification yet for a window that overlaps
 * this one — so a flood is reported once, and again only when a whole window has passed
 * since the last notification (its tickets are then all new ones).
 * A notification dated after `now` (tickets handled out of order) also counts as this window's.
 * @throws RangeError when `now` is not a finite number.
 */
export function decideBasicFlood(input: BasicFloodInput): BasicFloodDecision {
  const { now, lastNotifiedAt, policy } = input;
  if (!Number.isFinite(now)) throw new RangeError(`now is not a time: ${String(now)}`);
  const windowStart = now - Math.round(policy.windowDays * DAY_MS);
  const count = input.basicTicketTimes.filter((t) => t > windowStart && t <= now).length;
  const window = { count, windowStart, windowEnd: now };
  // "More than max" (POLICY §5): the 6th request with max 5 trips it, the 5th does not.
  if (count <= policy.max) return { notify: false, reason: "within_limit", ...window };
  if (lastNotifiedAt !== null && lastNotifiedAt > windowStart) return { notify: false, reason: "already_notified", ...window };
  return { notify: true, ...window };
}
