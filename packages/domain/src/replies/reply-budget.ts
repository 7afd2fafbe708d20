import type { ReplyKind, SentReply } from "./reply-kind";

/** Limits on automatic replies to one recipient (mailer env `MAILTRIAGE_REPLY_*`). */
export interface ReplyLimits {
  /** Replies of any kind to one address within `windowMinutes`; beyond it nothing is sent (two robots can never loop). */
  maxPerRecipient: number;
  /** Length of that window, minutes. */
  windowMinutes: number;
  /** Generic-sender rejections to one address within 24 hours (POLICY §3: at most once per sender per day → 1). */
  rejectionsPerDay: number;
}

/** The shipped limits: 20 replies per address per hour, one rejection per address per 24 h. */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = { maxPerRecipient: 20, windowMinutes: 60, rejectionsPerDay: 1 };

/** What the limits allow: `already_planned` = this very reply is in the history (an event read twice: queue it again, same id). */
export type ReplyBudget = "allowed" | "already_planned" | "rate_limited" | "rejected_today";

const DAY_MS = 24 * 3600 * 1000;

/**
 * Checks a planned reply against what the recipient got before. Entries older than their window
 * do not count; the planned reply itself (same id) never counts against itself.
 * @param now ISO-8601 instant.
 */
export function checkReplyBudget(planned: { replyId: string; kind: ReplyKind }, history: readonly SentReply[], now: string, limits: ReplyLimits): ReplyBudget {
  if (history.some((h) => h.replyId === planned.replyId)) return "already_planned";
  const nowMs = Date.parse(now);
  const within = (h: SentReply, ms: number): boolean => {
    const at = Date.parse(h.at);
    return Number.isFinite(at) && at > nowMs - ms;
  };
  if (planned.kind === "generic_sender_rejection" && history.filter((h) => h.kind === "generic_sender_rejection" && within(h, DAY_MS)).length >= limits.rejectionsPerDay) return "rejected_today";
  if (history.filter((h) => within(h, limits.windowMinutes * 60_000)).length >= limits.maxPerRecipient) return "rate_limited";
  return "allowed";
}
