import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createTicketStore, MAINTENANCE_QUEUE, SLA_SCAN_JOB, storeKeys } from "@mailtriage/store";
import { Queue, Worker } from "bullmq";
import type { Logger } from "pino";
import type { WorkerEnv } from "@mailtriage/worker";
import type { RunningRole } from "./running-role";

/** Must equal the scheduler id of services/worker/src/start-worker.ts: one SLA scan schedule, however many processes. */
const SLA_SCHEDULER_ID = "sla-scan";

/**
 * The scheduler role alone (the worker's `startWorker` always runs both): keeps the repeatable
 * SLA scan scheduled and runs it (POLICY §5: breaches marked within a minute), composed from
 * the store's pieces the same way start-worker.ts does.
 * @throws ConfigError, RedisUnreachableError.
 */
export async function startScheduler(env: WorkerEnv, logger: Logger): Promise<RunningRole> {
  const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
  const redis = await connectRedis(env.REDIS_URL, { connectionName: "mailtriage-scheduler", onError: (err) => logger.warn({ err: err.message }, "redis connection error") });
  const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
  const tickets = createTicketStore(redis, { keys, policy });
  const bull = { connection: redis, prefix: keys.bullPrefix };
  const queue = new Queue(MAINTENANCE_QUEUE, bull);
  await queue.upsertJobScheduler(SLA_SCHEDULER_ID, { every: env.MAILTRIAGE_SLA_SCAN_EVERY_MS }, { name: SLA_SCAN_JOB, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async () => {
      const report = await tickets.scanSla(new Date());
      if (report.breached.length > 0) logger.info({ breached: report.breached.map((b) => `${b.ticketId}:${b.phase}`) }, "SLA breaches marked");
      return { examined: report.examined, breached: report.breached.length };
    },
    bull,
  );
  worker.on("error", (err) => logger.error({ worker: "maintenance", err: err.message }, "worker error"));
  logger.info({ queue: MAINTENANCE_QUEUE, everyMs: env.MAILTRIAGE_SLA_SCAN_EVERY_MS }, "scheduler started");
  return {
    name: "scheduler",
    async close(options = {}) {
      await worker.close(options.force);
      await queue.close();
      await redis.quit();
    },
  };
}
