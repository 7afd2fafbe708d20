import { createHash } from "node:crypto";
import type { JobsOptions } from "bullmq";
import type { StreamEntry } from "./event-stream-reader";

/** Queue of webhook deliveries: one job per event and configured URL. */
export const WEBHOOK_QUEUE = "webhooks";

/** Job name on `WEBHOOK_QUEUE`. */
export const WEBHOOK_JOB = "deliver";

/** Consumer group on the events stream whose consumers turn events into webhook jobs. */
export const WEBHOOK_CONSUMER_GROUP = "webhooks";

/** Payload of a `webhooks` job: the event itself (the stream is capped and may drop it before a late retry). */
export interface WebhookJobData {
  /** Events-stream entry id, e.g. `"1732132800000-0"` (time-ordered: receivers order by it). */
  eventId: string;
  /** Event type (`created`, `breached`, `basic_flood` …), sent as `X-Mailtriage-Event`. */
  type: string;
  /** The event JSON exactly as the stream holds it. */
  event: string;
  /** Where to POST it. */
  url: string;
}

/** Retry settings of webhook jobs (env `MAILTRIAGE_WEBHOOK_ATTEMPTS`, `MAILTRIAGE_WEBHOOK_BACKOFF_MS`). */
export interface WebhookRetry {
  /** Total attempts, the first included. */
  attempts: number;
  /** Base delay, ms: attempt n+1 waits about `backoffMs · 2^(n-1)` (BullMQ `exponential`). */
  backoffMs: number;
}

/** 12 attempts from 5 s: waits of 5 s, 10 s … 85 min (11 waits), about 2.8 h in all before a delivery is `failed`. */
export const WEBHOOK_RETRY_DEFAULTS: WebhookRetry = { attempts: 12, backoffMs: 5_000 };

/**
 * The delivery id of an event for one URL, also its BullMQ job id: `<event id>-<first 16 hex
 * of SHA-256(url)>` (BullMQ ids may not hold `:`; the hash keeps URL secrets out of ids). The
 * same event and URL always give the same id, so an event read twice queues one job, and
 * receivers can drop repeats by the `X-Mailtriage-Delivery` header.
 */
export function webhookDeliveryId(eventId: string, url: string): string {
  return `${eventId}-${createHash("sha256").update(url).digest("hex").slice(0, 16)}`;
}

/**
 * Job options: exponential backoff with 20 % jitter (each wait up to 20 % shorter, so retries
 * to one receiver spread out). Completed jobs are kept a day (10,000 at most): while kept, a
 * re-read event cannot queue its delivery again; failed ones a week, for inspection.
 */
export function webhookJobOptions(retry: WebhookRetry = WEBHOOK_RETRY_DEFAULTS): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs, jitter: 0.2 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/** The jobs of one stream entry, one per URL, for `queue.addBulk`. */
export function webhookJobs(entry: StreamEntry, urls: readonly string[], retry?: WebhookRetry): { name: string; data: WebhookJobData; opts: JobsOptions }[] {
  const opts = webhookJobOptions(retry);
  return urls.map((url) => ({ name: WEBHOOK_JOB, data: { eventId: entry.id, type: entry.type, event: entry.event, url }, opts: { ...opts, jobId: webhookDeliveryId(entry.id, url) } }));
}
