import { hostname } from "node:os";
import { loadGenericDomains, loadPolicy, loadRegistries, redisSettings } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import {
  connectRedis,
  createRawStore,
  createRegistryCache,
  createRegistryStore,
  createRetention,
  createTicketStore,
  INBOUND_QUEUE,
  storeKeys,
} from "@mailtriage/store";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { pino, type Logger } from "pino";
import { retentionSettingsOf, type WorkerEnv } from "./env";
import { InboundJobSchema } from "./inbound-job-schema";
import { delayForParent, PARENT_WAIT, ParentPendingError, parentWaitsMade } from "./parent-wait";
import { MissingRawError, processMessage, type ProcessDeps, type ProcessedMessage } from "./process-message";
import { startSlaScheduler } from "./start-sla-scheduler";
import { startWebhooks, type WebhookConfig, type WebhookService } from "./start-webhooks";

/** A running worker process: the inbound worker, the SLA scheduler, and how to stop them. */
export interface WorkerService {
  readonly inbound: Worker;
  /** The SLA scan worker; null when started with `scheduler: false`. */
  readonly maintenance: Worker | null;
  /** Webhook dispatcher and delivery worker; null when `MAILTRIAGE_WEBHOOK_URLS` is empty. */
  readonly webhooks: WebhookService | null;
  readonly logger: Logger;
  /**
   * Stops taking jobs, waits for the jobs in flight to finish (BullMQ `worker.close()`), then
   * closes the parser pool and Redis. Idempotent. `force` abandons jobs in flight (they stall
   * and another worker takes them over).
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Composition root of the worker: loads the policy, the free-mail list and the registry seed,
 * connects Redis (one clear error when unreachable), starts the inbound worker and the
 * repeatable SLA scan, and webhook delivery when URLs are configured. Nothing happens at
 * import; `main.ts` calls this.
 * @throws ConfigError (bad policy/registry file), RedisUnreachableError.
 */
export async function startWorker(env: WorkerEnv, options: { logger?: Logger; scheduler?: boolean } = {}): Promise<WorkerService> {
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL, base: { service: "worker" } });
  const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
  const genericDomains = loadGenericDomains(policy);
  const seedFiles = { partners: env.MAILTRIAGE_PARTNERS_FILE, accounts: env.MAILTRIAGE_ACCOUNTS_FILE };
  const seed = seedFiles.partners !== undefined || seedFiles.accounts !== undefined ? await loadRegistries(policy, seedFiles) : null;

  const redis = await connectRedis(redisSettings(env), { connectionName: "mailtriage-worker", onError: (err) => logger.warn({ err: err.message }, "redis connection error") });
  const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
  const tickets = createTicketStore(redis, { keys, policy });
  const registryStore = createRegistryStore(redis, { keys, policy });
  if (seed !== null && (await registryStore.seedIfEmpty(seed))) logger.info({ partners: seed.partners.length, accounts: seed.accounts.length }, "registries seeded from files");

  const retention = createRetention(redis, { keys, settings: retentionSettingsOf(env) });
  const parser = new MessageParser(policy.limits, { workers: env.MAILTRIAGE_PARSER_THREADS });
  const deps: ProcessDeps = {
    raws: createRawStore(redis, keys),
    tickets,
    registries: createRegistryCache(registryStore, { maxAgeMs: env.MAILTRIAGE_REGISTRY_CACHE_MS }),
    parse: (raw) => parser.parse(raw),
    policy,
    genericDomains,
    retention,
  };
  const bull = { connection: redis, prefix: keys.bullPrefix };
  // Before the inbound worker: on a first start the consumer group must exist before the first event is written.
  const webhooks =
    env.MAILTRIAGE_WEBHOOK_URLS.length === 0 || env.MAILTRIAGE_WEBHOOK_SECRET === undefined
      ? null
      : await startWebhooks(redis, webhookConfig(env, env.MAILTRIAGE_WEBHOOK_SECRET), { keys, logger });

  const inbound = new Worker<unknown, ProcessedMessage>(INBOUND_QUEUE, (job, token) => handleInbound(job, token, deps, logger), {
    ...bull,
    // BullMQ stores it on each job it runs (`processedBy`, shown by /admin/queues): which process triaged a message.
    name: `${hostname()}:${process.pid}`,
    concurrency: env.MAILTRIAGE_WORKER_CONCURRENCY,
    lockDuration: env.MAILTRIAGE_WORKER_LOCK_MS,
    stalledInterval: env.MAILTRIAGE_WORKER_STALLED_INTERVAL_MS,
    // Processing is idempotent by message identity, so taking a stalled job back is safe.
    maxStalledCount: 3,
  });
  // The SLA scan runs here unless another process has the scheduler role (`scheduler: false`).
  const scheduler = options.scheduler === false ? null : await startSlaScheduler(tickets, bull, { everyMs: env.MAILTRIAGE_SLA_SCAN_EVERY_MS, logger, retention: { retention, everyMs: env.MAILTRIAGE_RETENTION_SWEEP_EVERY_MS } });
  inbound.on("error", (err) => logger.error({ worker: "inbound", err: err.message }, "worker error"));
  inbound.on("stalled", (jobId) => logger.warn({ worker: "inbound", jobId }, "job stalled; taken back"));
  logger.info({ queue: INBOUND_QUEUE, concurrency: env.MAILTRIAGE_WORKER_CONCURRENCY, prefix: keys.prefix, webhooks: webhooks !== null }, "worker started");

  let closing: Promise<void> | null = null;
  return {
    inbound,
    maintenance: scheduler?.worker ?? null,
    webhooks,
    logger,
    close(closeOptions = {}) {
      closing ??= (async () => {
        await Promise.all([inbound.close(closeOptions.force), scheduler?.close(closeOptions), webhooks?.close(closeOptions)]);
        await parser.close();
        await redis.quit();
        logger.info("worker closed");
      })();
      return closing;
    },
  };
}

function webhookConfig(env: WorkerEnv, secret: string): WebhookConfig {
  return {
    urls: env.MAILTRIAGE_WEBHOOK_URLS,
    secret,
    attempts: env.MAILTRIAGE_WEBHOOK_ATTEMPTS,
    backoffMs: env.MAILTRIAGE_WEBHOOK_BACKOFF_MS,
    timeoutMs: env.MAILTRIAGE_WEBHOOK_TIMEOUT_MS,
    concurrency: env.MAILTRIAGE_WEBHOOK_CONCURRENCY,
    logMax: env.MAILTRIAGE_WEBHOOK_LOG_MAX,
  };
}

/**
 * One inbound job: validate the payload, process, log the outcome (no bodies or addresses at
 * info). A reply whose parent is still on its way is delayed, a bounded number of times (`parent-wait.ts`).
 */
async function handleInbound(job: Job<unknown>, token: string | undefined, deps: ProcessDeps, logger: Logger): Promise<ProcessedMessage> {
  const data = InboundJobSchema.safeParse(job.data);
  if (!data.success) throw new UnrecoverableError(`invalid inbound job payload: ${data.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const started = performance.now();
  const waitsMade = parentWaitsMade(job);
  try {
    const processed = await processMessage(data.data, deps, { awaitParent: waitsMade < PARENT_WAIT.maxWaits });
    const { outcome, reason, ticketId, duplicate } = processed;
    logger.info({ jobId: job.id, outcome, reason, ticketId, duplicate, ms: Math.round(performance.now() - started) }, "message triaged");
    return processed;
  } catch (err) {
    if (err instanceof ParentPendingError) {
      logger.info({ jobId: job.id, wait: waitsMade + 1 }, "reply waits for the message it answers");
      throw await delayForParent(job, token, waitsMade);
    }
    if (err instanceof MissingRawError) {
      logger.error({ jobId: job.id, err: err.message }, "message failed for good");
      throw new UnrecoverableError(err.message);
    }
    logger.warn({ jobId: job.id, attempt: job.attemptsMade + 1, err: (err as Error).message }, "message will be retried");
    throw err;
  }
}
