import { loadPolicy, redisSettings } from "@mailtriage/config";
import { connectRedis, createRetention, createTicketStore, storeKeys } from "@mailtriage/store";
import { retentionSettingsOf, startSlaScheduler, type WorkerEnv } from "@mailtriage/worker";
import type { Logger } from "pino";
import { stoppedWorkers } from "./role-checks";
import type { RunningRole } from "./running-role";

/**
 * The scheduler role alone: the repeatable SLA scan (POLICY §5) and retention sweep, on a
 * Redis connection of its own, with no inbound worker.
 * @throws ConfigError, RedisUnreachableError.
 */
export async function startScheduler(env: WorkerEnv, logger: Logger): Promise<RunningRole> {
  const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
  const redis = await connectRedis(redisSettings(env), { connectionName: "mailtriage-scheduler", onError: (err) => logger.warn({ err: err.message }, "redis connection error") });
  const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
  const retention = { retention: createRetention(redis, { keys, settings: retentionSettingsOf(env) }), everyMs: env.MAILTRIAGE_RETENTION_SWEEP_EVERY_MS };
  const scheduler = await startSlaScheduler(createTicketStore(redis, { keys, policy }), { connection: redis, prefix: keys.bullPrefix }, { everyMs: env.MAILTRIAGE_SLA_SCAN_EVERY_MS, logger, retention });
  logger.info({ everyMs: env.MAILTRIAGE_SLA_SCAN_EVERY_MS }, "scheduler started");
  return {
    name: "scheduler",
    problems: () => stoppedWorkers("scheduler", [scheduler.worker]),
    async close(options = {}) {
      await scheduler.close(options);
      await redis.quit();
    },
  };
}
