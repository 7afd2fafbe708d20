import { ConfigError, redisEnvShape, refineRedisEnv } from "@mailtriage/config";
import { z } from "zod";
// Relative import: @mailtriage/worker is not a dependency of this package yet (README "Gaps").
import { PollerEnvSchema } from "@mailtriage/imap-poller";
import { WorkerEnvSchema } from "@mailtriage/worker";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The roles one process can run (`MAILTRIAGE_ROLES`). */
export const ROLES = ["api", "worker", "scheduler", "mailer", "poller"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The API's environment. Redis, the key prefix, the policy file and the log level are the
 * worker's own keys (documented in services/worker/src/env.ts), reused so both read them alike.
 * Empty values count as unset.
 */
const worker = WorkerEnvSchema.shape;
export const ApiEnvSchema = z.object({
  ...redisEnvShape,
  MAILTRIAGE_POLICY_FILE: worker.MAILTRIAGE_POLICY_FILE,
  LOG_LEVEL: worker.LOG_LEVEL,
  /** TCP port the HTTP server listens on (0: any free port). */
  PORT: int(0, 65_535).default(3000),
  /** Interface the HTTP server binds; loopback by default, `0.0.0.0` to expose it. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * An admin key accepted without being stored, so a fresh install can call the API and create
   * real keys. Only its SHA-256 is kept in memory; unset it once real keys exist.
   * Make one with `echo mt_$(openssl rand -hex 24)`.
   */
  MAILTRIAGE_BOOTSTRAP_API_KEY: z.string().regex(/^mt_[A-Za-z0-9_-]{32,200}$/, "expected mt_ followed by 32-200 letters, digits, _ or -").optional(),
  /** How long a looked-up API key is trusted before Redis is asked again, ms (a revoked key works this long). */
  MAILTRIAGE_API_KEY_CACHE_MS: int(0, 600_000).default(5_000),
  /** Requests one API key (or, without a key, one client address) may make per window. */
  MAILTRIAGE_RATE_LIMIT_MAX: int(1, 100_000_000).default(1_200),
  /** Length of the rate-limit window, ms. */
  MAILTRIAGE_RATE_LIMIT_WINDOW_MS: int(1_000, 3_600_000).default(60_000),
  /** Readiness fails when an IMAP mailbox had no successful poll for this long, ms (services/imap-poller). */
  MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS: PollerEnvSchema.shape.MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS,
}).superRefine((env, ctx) => refineRedisEnv(env, ctx));
export type ApiEnv = z.output<typeof ApiEnvSchema>;

/** `MAILTRIAGE_ROLES`: a comma-separated subset of `api,worker,scheduler`, each at most once. */
const RolesSchema = z
  .string()
  .transform((value) => value.split(",").map((role) => role.trim()).filter((role) => role !== ""))
  .pipe(z.array(z.enum(ROLES, { error: (issue) => `unknown role "${String(issue.input)}" (roles: ${ROLES.join(", ")})` })).min(1, "name at least one role"))
  .refine((roles) => new Set(roles).size === roles.length, "a role is named twice");

/**
 * What `start.ts` reads besides the worker's own settings (which `parseWorkerEnv` of
 * services/worker reads, with its cross-key checks): the API's keys and which roles to run.
 */
export const ServiceEnvSchema = ApiEnvSchema.extend({
  /**
   * Roles this process runs: `api`, `worker` (inbound jobs), `scheduler` (SLA scan), `mailer`
   * (replies to partners; idle unless `MAILTRIAGE_SMTP_HOST` is set), `poller` (IMAP intake;
   * idle unless `MAILTRIAGE_IMAP_MAILBOXES` or `MAILTRIAGE_IMAP_CONFIG_FILE` is set). Default: all.
   */
  MAILTRIAGE_ROLES: RolesSchema.default(["api", "worker", "scheduler", "mailer", "poller"]),
});
export type ServiceEnv = z.output<typeof ServiceEnvSchema>;

/**
 * Reads the keys of `schema` from `env` (usually `process.env`); empty values count as unset.
 * @throws ConfigError naming each bad key: `PORT: Too big: expected number to be <=65535`.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const input = Object.fromEntries(Object.keys(schema.shape).flatMap((key) => (env[key] === undefined || env[key] === "" ? [] : [[key, env[key]]])));
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("\n"));
  return parsed.data;
}

/** The API role's settings. @throws ConfigError naming each bad key. */
export function parseApiEnv(env: Record<string, string | undefined>): ApiEnv {
  return parseEnv(ApiEnvSchema, env);
}

/** The settings of `start.ts` (all roles). @throws ConfigError naming each bad key. */
export function parseServiceEnv(env: Record<string, string | undefined>): ServiceEnv {
  return parseEnv(ServiceEnvSchema, env);
}
