import { ConfigError } from "@mailtriage/config";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The worker's environment: every key it reads, documented here and nowhere else. Empty values
 * count as unset (as container runtimes often pass them).
 */
export const WorkerEnvSchema = z.object({
  /** Redis holding the queues and the store. Default: the local one. */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "expected a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  /** Prefix of every key the service writes (the store's and BullMQ's), so several installations can share a Redis. */
  MAILTRIAGE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use 1-100 letters, digits, _ . : -").default("mailtriage"),
  /** Operator policy file (JSON, merged over the shipped defaults). Unset: the defaults. */
  MAILTRIAGE_POLICY_FILE: z.string().min(1).optional(),
  /** `partners.json` (CONTRACT.md) that seeds the partner registry in Redis the first time; later edits go through the API. */
  MAILTRIAGE_PARTNERS_FILE: z.string().min(1).optional(),
  /** `accounts.json` (CONTRACT.md) that seeds the account registry the first time. */
  MAILTRIAGE_ACCOUNTS_FILE: z.string().min(1).optional(),
  /** Inbound jobs one worker process handles at once. */
  MAILTRIAGE_WORKER_CONCURRENCY: int(1, 1_000).default(10),
  /** Parser worker threads (each bounded by the policy's parse time and heap limits). */
  MAILTRIAGE_PARSER_THREADS: int(1, 64).default(1),
  /** BullMQ job lock, ms: a job whose worker stops renewing it for this long is taken back (stalled). */
  MAILTRIAGE_WORKER_LOCK_MS: int(1_000, 600_000).default(30_000),
  /** How often this worker looks for stalled jobs, ms. */
  MAILTRIAGE_WORKER_STALLED_INTERVAL_MS: int(500, 600_000).default(30_000),
  /** Interval of the repeatable SLA scan, ms (POLICY §5: breaches marked within a minute). */
  MAILTRIAGE_SLA_SCAN_EVERY_MS: int(1_000, 60_000).default(30_000),
  /** Longest time registry edits take to reach this worker, ms. */
  MAILTRIAGE_REGISTRY_CACHE_MS: int(0, 600_000).default(5_000),
  /** pino level; bodies and addresses are only logged below `info`. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type WorkerEnv = z.output<typeof WorkerEnvSchema>;

/**
 * Reads the worker's settings from `env` (usually `process.env`).
 * @throws ConfigError naming each bad key: `MAILTRIAGE_WORKER_CONCURRENCY: Too small: expected number to be >=1`.
 */
export function parseWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const known = Object.keys(WorkerEnvSchema.shape);
  const input = Object.fromEntries(known.flatMap((key) => (env[key] === undefined || env[key] === "" ? [] : [[key, env[key]]])));
  const parsed = WorkerEnvSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("\n"));
  }
  return parsed.data;
}
