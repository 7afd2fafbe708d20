import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** Queue of outgoing replies: one job per reply, its id the reply id. */
export const OUTBOUND_QUEUE = "outbound";

/** Job name on `OUTBOUND_QUEUE`. */
export const OUTBOUND_JOB = "reply";

/** Consumer group on the events stream whose consumers plan replies. */
export const REPLIES_CONSUMER_GROUP = "replies";

/** Backoff type name of outbound jobs (the worker's `backoffStrategy` computes the wait). */
export const CAPPED_BACKOFF = "capped-exponential";

/** Payload of an `outbound` job: the planned reply, as the domain wrote it (From/Reply-To come from config at send time). */
export const OutboundJobSchema = z.object({
  replyId: z.string().regex(/^[A-Za-z0-9-]{1,200}$/),
  kind: z.enum(["acknowledgement", "consent_request", "generic_sender_rejection"]),
  language: z.enum(["en", "es", "pt", "fr", "id", "de"]),
  to: z.string().min(3).max(320),
  ticketId: z.string().nullable(),
  subject: z.string().max(1_000),
  text: z.string().max(200_000),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()).max(50),
  headers: z.record(z.string(), z.string()),
  /** Events-stream entry that caused it. */
  eventId: z.string(),
  /** When it was planned, ISO-8601. */
  plannedAt: z.string(),
});
export type OutboundJobData = z.infer<typeof OutboundJobSchema>;

/** Retry settings (env `MAILTRIAGE_MAILER_ATTEMPTS`, `_BACKOFF_MS`, `_BACKOFF_MAX_MS`). */
export interface OutboundRetry {
  attempts: number;
  backoffMs: number;
  backoffMaxMs: number;
}

/**
 * Job options: the reply id as job id (an event read twice queues nothing new while the job
 * is kept), retries with capped exponential backoff; finished jobs kept a week (so re-reads
 * within that time cannot queue again), failed ones a month.
 */
export function outboundJobOptions(replyId: string, retry: OutboundRetry): JobsOptions {
  return {
    jobId: replyId,
    attempts: retry.attempts,
    backoff: { type: CAPPED_BACKOFF },
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
  };
}

/** Wait before attempt `attemptsMade + 1`, ms: `backoffMs · 2^(attemptsMade−1)`, at most `backoffMaxMs`. */
export function cappedBackoff(attemptsMade: number, retry: OutboundRetry): number {
  return Math.min(retry.backoffMaxMs, retry.backoffMs * 2 ** Math.max(0, Math.min(30, attemptsMade - 1)));
}
