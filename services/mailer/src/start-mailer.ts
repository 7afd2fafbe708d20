import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { loadPolicy, redisSettings } from "@mailtriage/config";
import { connectRedis, createEventStreamReader, createTicketStore, duplicateRedis, storeKeys } from "@mailtriage/store";
import { Queue, Worker } from "bullmq";
import type { Transporter } from "nodemailer";
import { pino, type Logger } from "pino";
import type { ReplySettings } from "@mailtriage/domain";
import { mailerEnabled, type MailerEnv } from "./env";
import { mailerKeys } from "./mailer-keys";
import { cappedBackoff, OUTBOUND_QUEUE, REPLIES_CONSUMER_GROUP, type OutboundJobData, type OutboundRetry } from "./outbound-job";
import { startReplyDispatcher, type ReplyDispatcher } from "./reply-dispatcher";
import { createReplyLog, type ReplyLog } from "./reply-log";
import { loadReplyTexts } from "./reply-templates";
import { sendReply, type SendResult } from "./send-reply";
import { createSmtpTransport } from "./smtp-transport";

/** A running mailer: the dispatcher planning replies and the worker sending them. */
export interface MailerService {
  readonly queue: Queue<OutboundJobData>;
  readonly worker: Worker;
  readonly dispatcher: ReplyDispatcher;
  /** Reply records (also what the API shows on a ticket: `log.listForTicket(id)`). */
  readonly log: ReplyLog;
  readonly logger: Logger;
  /** Stops planning, then lets sends in flight finish (`force` abandons them: they stall and are retried), then closes Redis. Idempotent. */
  close(options?: { force?: boolean }): Promise<void>;
}

export interface MailerOptions {
  logger?: Logger;
  /** The clock for planning and records (default: the wall clock). */
  now?: () => Date;
  /** Events read but not acknowledged for this long are taken over, ms (default 60 s). */
  claimIdleMs?: number;
}

/**
 * Composition root of the mailer (issue 5): loads the reply texts, connects Redis, creates the
 * `replies` consumer group on the events stream if missing (at its end: events older than the
 * first start are never answered), starts the dispatcher (events → `outbound` jobs) and the
 * BullMQ worker (jobs → SMTP). Returns null, doing nothing, when `MAILTRIAGE_SMTP_HOST` is unset.
 * @throws ConfigError (bad reply templates or policy file), RedisUnreachableError.
 */
export async function startMailer(env: MailerEnv, options: MailerOptions = {}): Promise<MailerService | null> {
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL, base: { service: "mailer" } });
  if (!mailerEnabled(env) || env.MAILTRIAGE_REPLY_FROM === undefined) {
    logger.info("mailer off: MAILTRIAGE_SMTP_HOST is not set");
    return null;
  }
  const now = options.now ?? (() => new Date());
  const texts = await loadReplyTexts(env.MAILTRIAGE_REPLY_TEMPLATES_FILE);
  const transport: Transporter = createSmtpTransport(env);
  const redis = await connectRedis(redisSettings(env), { connectionName: "mailtriage-mailer", onError: (err) => logger.warn({ err: err.message }, "redis connection error") });
  const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
  const mkeys = mailerKeys(keys);
  // The store needs a policy for writes only; the mailer just reads records (default policy is enough).
  const tickets = createTicketStore(redis, { keys, policy: await loadPolicy() });
  const log = createReplyLog(redis, mkeys);
  const consumer = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
  await createEventStreamReader(redis, { keys, group: REPLIES_CONSUMER_GROUP, consumer }).ensureGroup();

  const retry: OutboundRetry = { attempts: env.MAILTRIAGE_MAILER_ATTEMPTS, backoffMs: env.MAILTRIAGE_MAILER_BACKOFF_MS, backoffMaxMs: env.MAILTRIAGE_MAILER_BACKOFF_MAX_MS };
  const bull = { connection: redis, prefix: keys.bullPrefix };
  const queue = new Queue<OutboundJobData>(OUTBOUND_QUEUE, bull);
  // Without a listener BullMQ prints each error to stderr; the connection's own `onError` already logs them.
  queue.on("error", (err) => logger.debug({ queue: OUTBOUND_QUEUE, err: err.message }, "queue error"));
  const from = env.MAILTRIAGE_REPLY_FROM;
  const replyTo = env.MAILTRIAGE_REPLY_TO ?? null;
  const worker = new Worker<unknown, SendResult>(OUTBOUND_QUEUE, (job) => sendReply(job, { transport, log, from, replyTo, now, logger }), {
    ...bull,
    concurrency: env.MAILTRIAGE_MAILER_CONCURRENCY,
    limiter: { max: env.MAILTRIAGE_SMTP_MAX_PER_SECOND, duration: 1_000 },
    settings: { backoffStrategy: (attemptsMade: number) => cappedBackoff(attemptsMade, retry) },
  });
  worker.on("error", (err) => logger.error({ worker: OUTBOUND_QUEUE, err: err.message }, "worker error"));

  const settings: ReplySettings = {
    texts,
    limits: { maxPerRecipient: env.MAILTRIAGE_REPLY_MAX_PER_RECIPIENT, windowMinutes: env.MAILTRIAGE_REPLY_WINDOW_MINUTES, rejectionsPerDay: env.MAILTRIAGE_REPLY_REJECTIONS_PER_DAY },
    ownAddresses: [...new Set([...env.MAILTRIAGE_REPLY_OWN_ADDRESSES, addressOf(from), ...(replyTo === null ? [] : [addressOf(replyTo)])])],
    maxAgeHours: env.MAILTRIAGE_REPLY_MAX_AGE_HOURS,
  };
  const reader = duplicateRedis(redis, "mailtriage-mailer-reader");
  const planner = duplicateRedis(redis, "mailtriage-mailer-planner");
  for (const connection of [reader, planner]) connection.on("error", (err: Error) => logger.warn({ err: err.message }, "mailer dispatcher connection error"));
  const dispatcher = startReplyDispatcher({
    reader,
    plan: { redis: planner, keys, mailerKeys: mkeys, tickets, settings, now, logger },
    consumer,
    queue,
    retry,
    log,
    logger,
    ...(options.claimIdleMs !== undefined && { claimIdleMs: options.claimIdleMs }),
  });
  logger.info({ queue: OUTBOUND_QUEUE, group: REPLIES_CONSUMER_GROUP, consumer, smtpPort: env.MAILTRIAGE_SMTP_PORT, tls: env.MAILTRIAGE_SMTP_TLS }, "mailer started");

  let closing: Promise<void> | null = null;
  return {
    queue,
    worker,
    dispatcher,
    log,
    logger,
    close(closeOptions = {}) {
      closing ??= (async () => {
        await dispatcher.close();
        await worker.close(closeOptions.force);
        await queue.close();
        transport.close();
        await redis.quit();
        logger.info("mailer closed");
      })();
      return closing;
    },
  };
}

function addressOf(mailbox: string): string {
  return (/<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}
