import { ConfigError, redisEnvShape } from "@mailtriage/config";
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
  /** pino level; bodies and addresses are only logged below `info`. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).superRefine((env, ctx) => {
  if (env.MAILTRIAGE_WEBHOOK_URLS.length > 0 && env.MAILTRIAGE_WEBHOOK_SECRET === undefined) {
    ctx.addIssue({ code: "custom", path: ["MAILTRIAGE_WEBHOOK_SECRET"], message: "required when MAILTRIAGE_WEBHOOK_URLS is set (receivers verify the signature with it)" });
  }
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
