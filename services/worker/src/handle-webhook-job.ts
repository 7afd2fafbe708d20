import { webhookDeliveryId, type DeliveryStatus, type WebhookJobData, type WebhookLog } from "@mailtriage/store";
import { UnrecoverableError, type Job } from "bullmq";
import type { Logger } from "pino";
import { z } from "zod";
import { postWebhook, type PostOptions } from "./post-webhook";

/** Validates a `webhooks` job payload (data from Redis, maybe written by another version). */
export const WebhookJobSchema = z.object({
  eventId: z.string().regex(/^\d+-\d+$/, "expected a stream id"),
  type: z.string().min(1),
  event: z.string().min(2),
  url: z.url({ protocol: /^https?$/ }),
}) satisfies z.ZodType<WebhookJobData>;

/** What a webhook job needs. */
export interface WebhookJobDeps extends PostOptions {
  log: WebhookLog;
  logger: Logger;
}

/** The job's result. */
export interface WebhookJobResult {
  deliveryId: string;
  status: number | null;
  /** True when the log already showed this delivery done (the job ran again): nothing was sent. */
  skipped: boolean;
}

/**
 * One delivery attempt: POST the event, write the delivery log, then tell BullMQ what to do —
 * return on a 2xx; throw (retry with backoff) on a 5xx, 408, 429, network error or timeout;
 * throw `UnrecoverableError` (no retry) on any other status. On the last attempt the log says
 * `failed`. A delivery the log shows as delivered is not sent again (a job run twice).
 */
export async function handleWebhookJob(job: Job<unknown>, deps: WebhookJobDeps): Promise<WebhookJobResult> {
  const parsed = WebhookJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid webhook job payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const data = parsed.data;
  const deliveryId = job.id ?? webhookDeliveryId(data.eventId, data.url);
  const previous = await deps.log.get(deliveryId);
  if (previous?.status === "delivered") return { deliveryId, status: previous.lastStatus, skipped: true };

  const startedAt = deps.now().toISOString();
  let attempt;
  try {
    attempt = await postWebhook(data, deliveryId, deps);
  } catch (error) {
    throw new UnrecoverableError(`webhook event ${data.eventId} is not JSON: ${(error as Error).message}`);
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const status: DeliveryStatus = attempt.ok ? "delivered" : attempt.retryable && !lastAttempt ? "retrying" : "failed";
  await deps.log.record({
    deliveryId,
    eventId: data.eventId,
    eventType: data.type,
    url: data.url,
    attempts: (previous?.attempts ?? 0) + 1,
    status,
    lastStatus: attempt.status,
    lastError: attempt.error,
    firstAttemptAt: previous?.firstAttemptAt ?? startedAt,
    lastAttemptAt: startedAt,
    deliveredAt: attempt.ok ? deps.now().toISOString() : null,
  });
  // The URL may carry a token: logs name its origin only.
  const fields = { deliveryId, event: data.type, origin: new URL(data.url).origin, status: attempt.status, attempt: job.attemptsMade + 1 };
  if (attempt.ok) {
    deps.logger.info(fields, "webhook delivered");
    return { deliveryId, status: attempt.status, skipped: false };
  }
  deps.logger.warn({ ...fields, err: attempt.error }, status === "failed" ? "webhook failed for good" : "webhook will be retried");
  if (!attempt.retryable) throw new UnrecoverableError(`${attempt.error ?? "failed"} from ${fields.origin}: not retried`);
  throw new Error(`${attempt.error ?? "failed"} from ${fields.origin}`);
}
