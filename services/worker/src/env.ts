import { ConfigError, redisEnvShape, refineRedisEnv } from "@mailtriage/config";
import type { RetentionSettings } from "@mailtriage/store";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Comma-separated http(s) URLs; blanks around commas are dropped. Entries are named by position, never echoed (a URL may hold a token). */
const urlList = z.string().transform((value, ctx) => {
  const urls = value.split(",").map((u) => u.trim()).filter((u) => u !== "");
  urls.forEach((url, i) => {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) ctx.addIssue({ code: "custom", message: `entry ${i + 1} is not an http:// or https:// URL` });
  });
  return urls;
});

/**
 * The worker's environment: every key it reads, documented here and nowhere else. Empty values
 * count as unset (as container runtimes often pass them).
 */
export const WorkerEnvSchema = z.object({
  ...redisEnvShape,
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
  /**
   * Webhook receivers: every event of the events stream is POSTed to each (README "Webhooks").
   * Unset or empty: webhooks are off (no dispatcher, no delivery worker).
   */
  MAILTRIAGE_WEBHOOK_URLS: urlList.default([]),
  /** HMAC-SHA256 key of the `X-Mailtriage-Signature` header; at least 16 characters; required with `MAILTRIAGE_WEBHOOK_URLS`. */
  MAILTRIAGE_WEBHOOK_SECRET: z.string().min(16, "use at least 16 characters").optional(),
  /** Attempts per delivery, the first included (5xx, 408, 429, network errors and timeouts retry; other statuses do not). */
  MAILTRIAGE_WEBHOOK_ATTEMPTS: int(1, 50).default(12),
  /** Base delay of the exponential backoff between attempts, ms (5 s → 5, 10, 20 … s, minus up to 20 % jitter). */
  MAILTRIAGE_WEBHOOK_BACKOFF_MS: int(10, 3_600_000).default(5_000),
  /** Time one POST may take before it is abandoned (and retried), ms. */
  MAILTRIAGE_WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Webhook deliveries one worker process makes at once. */
  MAILTRIAGE_WEBHOOK_CONCURRENCY: int(1, 1_000).default(10),
  /** Deliveries kept in the delivery log (the oldest go first). */
  MAILTRIAGE_WEBHOOK_LOG_MAX: int(100, 10_000_000).default(10_000),
  /**
   * Days a resolved ticket is kept after its `resolvedAt`; then the retention sweep removes it
   * with its messages, events, replies and every index entry (README "Retention and export").
   * 0: kept forever.
   */
  MAILTRIAGE_RETENTION_RESOLVED_TICKET_DAYS: int(0, 36_500).default(0),
  /**
   * Days the raw bytes of a processed message are kept after its record was stored: a Redis TTL
   * set when the message is decided (repeats with other bytes included). The raw bytes of a
   * `failed` message stay as long as its record (`MAILTRIAGE_RETENTION_FAILED_DAYS`). 0: kept forever.
   */
  MAILTRIAGE_RETENTION_RAW_DAYS: int(0, 36_500).default(0),
  /**
   * Days `rejected` and `ignored` message records are kept after the message was received (their
   * raw bytes go with them). While a record is kept, the same message delivered again gets the
   * earlier result (POLICY §7); after, it is triaged anew. 0: kept forever.
   */
  MAILTRIAGE_RETENTION_RECORD_DAYS: int(0, 36_500).default(0),
  /**
   * Days `failed` message records (`GET /v1/failed`) are kept with their raw bytes, for re-drive,
   * after the message was received. 0 (kept forever), or at least `MAILTRIAGE_RETENTION_RAW_DAYS`
   * when that is set: failed messages keep their bytes at least as long as the others.
   */
  MAILTRIAGE_RETENTION_FAILED_DAYS: int(0, 36_500).default(0),
  /** Interval of the repeatable retention sweep, ms; it is only scheduled when a retention period is set. */
  MAILTRIAGE_RETENTION_SWEEP_EVERY_MS: int(60_000, 86_400_000).default(3_600_000),
  /** pino level; bodies and addresses are only logged below `info`. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).superRefine((env, ctx) => {
  refineRedisEnv(env, ctx);
  if (env.MAILTRIAGE_WEBHOOK_URLS.length > 0 && env.MAILTRIAGE_WEBHOOK_SECRET === undefined) {
    ctx.addIssue({ code: "custom", path: ["MAILTRIAGE_WEBHOOK_SECRET"], message: "required when MAILTRIAGE_WEBHOOK_URLS is set (receivers verify the signature with it)" });
  }
  const failedDays = env.MAILTRIAGE_RETENTION_FAILED_DAYS;
  const rawDays = env.MAILTRIAGE_RETENTION_RAW_DAYS;
  if (failedDays !== 0 && (rawDays === 0 || failedDays < rawDays)) {
    const raw = rawDays === 0 ? "MAILTRIAGE_RETENTION_RAW_DAYS (0: raw bytes kept forever)" : `MAILTRIAGE_RETENTION_RAW_DAYS (${rawDays})`;
    ctx.addIssue({ code: "custom", path: ["MAILTRIAGE_RETENTION_FAILED_DAYS"], message: `must be 0 or at least ${raw}: failed messages keep their raw bytes for re-drive at least as long as the others` });
  }
});

export type WorkerEnv = z.output<typeof WorkerEnvSchema>;

const DAY_MS = 86_400_000;

/** The store's retention settings from the `MAILTRIAGE_RETENTION_*_DAYS` keys (0 → null: kept forever). */
export function retentionSettingsOf(env: WorkerEnv): RetentionSettings {
  const ms = (days: number): number | null => (days === 0 ? null : days * DAY_MS);
  return {
    resolvedTicketsMs: ms(env.MAILTRIAGE_RETENTION_RESOLVED_TICKET_DAYS),
    rawMs: ms(env.MAILTRIAGE_RETENTION_RAW_DAYS),
    recordsMs: ms(env.MAILTRIAGE_RETENTION_RECORD_DAYS),
    failedMs: ms(env.MAILTRIAGE_RETENTION_FAILED_DAYS),
  };
}

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
