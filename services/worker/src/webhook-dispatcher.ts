import { startEventStreamConsumer, webhookJobs, WEBHOOK_CONSUMER_GROUP, type StoreKeys, type WebhookJobData, type WebhookRetry, type RedisClient } from "@mailtriage/store";
import type { Queue } from "bullmq";
import type { Logger } from "pino";

export interface DispatcherOptions {
  /** A connection of the dispatcher's own (its blocking reads hold it); the dispatcher closes it. */
  redis: RedisClient;
  keys: StoreKeys;
  /** This process's consumer name in the group (unique per process). */
  consumer: string;
  queue: Queue<WebhookJobData>;
  urls: readonly string[];
  retry: WebhookRetry;
  logger: Logger;
  /** Entries read per round (default 100). */
  batch?: number;
  /** Longest wait for new events per read, ms (default 1000; also bounds `close()` when idle). */
  blockMs?: number;
  /** Entries read but not acknowledged for this long are taken over, ms (default 60 s). */
  claimIdleMs?: number;
}

/** A running dispatcher. */
export interface WebhookDispatcher {
  /** Stops reading, lets the round in progress finish, closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Turns events into webhook jobs: reads the events stream as one consumer of the `webhooks`
 * group (`XREADGROUP`, so several processes share the stream and each event goes to one of
 * them), queues one job per URL with a deterministic id (`webhookDeliveryId`: a re-read event
 * queues nothing new), then acknowledges (`XACK`). An event read but not acknowledged (its
 * process died, or queuing failed) is taken over after `claimIdleMs` (`XAUTOCLAIM`).
 * The group must exist (`EventStreamReader.ensureGroup`).
 */
export function startWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { queue, urls, retry, logger } = options;
  return startEventStreamConsumer({
    redis: options.redis,
    keys: options.keys,
    group: WEBHOOK_CONSUMER_GROUP,
    consumer: options.consumer,
    logger,
    what: "webhook dispatch",
    batch: options.batch ?? 100,
    blockMs: options.blockMs,
    claimIdleMs: options.claimIdleMs,
    async handle(entries, reader) {
      const usable = entries.filter((e) => e.event !== "");
      if (usable.length < entries.length) logger.warn({ skipped: entries.length - usable.length }, "events stream entries without an event skipped");
      // Queue first, acknowledge after: a crash in between re-reads (harmless: same job ids), never loses.
      if (usable.length > 0) await queue.addBulk(usable.flatMap((entry) => webhookJobs(entry, urls, retry)));
      await reader.ack(entries.map((e) => e.id));
      logger.debug({ events: entries.length, jobs: usable.length * urls.length }, "webhook jobs queued");
    },
  });
}
