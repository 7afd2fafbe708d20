import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createEventStreamReader, createWebhookLog, duplicateRedis, WEBHOOK_CONSUMER_GROUP, WEBHOOK_QUEUE, type RedisClient, type StoreKeys, type WebhookJobData, type WebhookLog, type WebhookRetry } from "@mailtriage/store";
import { Queue, Worker } from "bullmq";
import type { Logger } from "pino";
import { handleWebhookJob, type WebhookJobResult } from "./handle-webhook-job";
import { startWebhookDispatcher, type WebhookDispatcher } from "./webhook-dispatcher";

/** Webhook settings (env `MAILTRIAGE_WEBHOOK_*`, see env.ts). */
export interface WebhookConfig extends WebhookRetry {
  urls: readonly string[];
  secret: string;
  timeoutMs: number;
  concurrency: number;
  /** Most deliveries kept in the delivery log. */
  logMax: number;
  /** Events read by a consumer that died before acknowledging are taken over after this long, ms (default 60 s). */
  claimIdleMs?: number;
}

/** Webhooks running in this process: the dispatcher and the delivery worker. */
export interface WebhookService {
  readonly queue: Queue<WebhookJobData>;
  readonly worker: Worker;
  readonly log: WebhookLog;
  readonly dispatcher: WebhookDispatcher;
  /** Stops the dispatcher, then the delivery worker (`force` abandons deliveries in flight), then the queue. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Starts webhook delivery (README "Webhooks"): creates the `webhooks` consumer group on the
 * events stream if missing (at its end: events older than the first start are not sent),
 * a dispatcher on a connection of its own, and a BullMQ worker on the `webhooks` queue.
 * `redis` is shared with the caller, who closes it after `close()`.
 */
export async function startWebhooks(redis: RedisClient, config: WebhookConfig, deps: { keys: StoreKeys; logger: Logger; now?: () => Date }): Promise<WebhookService> {
  const { keys, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const bull = { connection: redis, prefix: keys.bullPrefix };
  const consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
  await createEventStreamReader(redis, { keys, group: WEBHOOK_CONSUMER_GROUP, consumer }).ensureGroup();

  const queue = new Queue<WebhookJobData>(WEBHOOK_QUEUE, bull);
  // Without a listener BullMQ prints each error to stderr; the connection's own `onError` already logs them.
  queue.on("error", (err) => logger.debug({ queue: WEBHOOK_QUEUE, err: err.message }, "queue error"));
  const log = createWebhookLog(redis, { keys, maxEntries: config.logMax });
  const worker = new Worker<unknown, WebhookJobResult>(WEBHOOK_QUEUE, (job) => handleWebhookJob(job, { log, logger, secret: config.secret, timeoutMs: config.timeoutMs, now }), {
    ...bull,
    concurrency: config.concurrency,
  });
  worker.on("error", (err) => logger.error({ worker: "webhooks", err: err.message }, "worker error"));

  const readerConnection = duplicateRedis(redis, "mailtriage-webhook-dispatcher");
  readerConnection.on("error", (err: Error) => logger.warn({ err: err.message }, "webhook dispatcher connection error"));
  const dispatcher = startWebhookDispatcher({ redis: readerConnection, keys, consumer, queue, urls: config.urls, retry: config, logger, ...(config.claimIdleMs !== undefined && { claimIdleMs: config.claimIdleMs }) });
  logger.info({ urls: config.urls.length, consumer }, "webhooks started");

  let closing: Promise<void> | null = null;
  return {
    queue,
    worker,
    log,
    dispatcher,
    close(options = {}) {
      closing ??= (async () => {
        await dispatcher.close();
        await worker.close(options.force);
        await queue.close();
      })();
      return closing;
    },
  };
}
