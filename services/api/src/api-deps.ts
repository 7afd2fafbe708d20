import type { Policy } from "@mailtriage/contracts";
import { loadPolicy, redisSettings } from "@mailtriage/config";
import { connectRedis, createIntake, createRegistryStore, createTicketStore, MAINTENANCE_QUEUE, storeKeys, WEBHOOK_QUEUE, type Intake, type RegistryStore, type StoreKeys, type TicketStore, type RedisClient } from "@mailtriage/store";
import { OUTBOUND_QUEUE } from "@mailtriage/mailer";
import { Queue } from "bullmq";
import type { Logger } from "pino";
import { hashApiKey } from "./auth/api-key";
import { createApiKeyStore, type ApiKeyStore } from "./auth/api-key-store";
import type { ApiEnv } from "./env";

/** Settings of the HTTP layer (from env.ts). */
export interface ApiSettings {
  /** SHA-256 (hex) of the bootstrap admin key, or null. */
  bootstrapKeyHash: string | null;
  /** How long a key lookup is reused, ms. */
  keyCacheMs: number;
  /** Requests per key (or client address without one) per window. */
  rateLimit: { max: number; windowMs: number };
  /** Readiness fails when an IMAP mailbox had no successful poll for this long, ms (default 5 min). */
  imapUnreachableAfterMs?: number;
}

/** Everything the app uses, injected (app.ts never connects or reads env). */
export interface ApiDeps {
  /** The API's Redis connection (fails fast: `maxRetriesPerRequest` 1). */
  redis: RedisClient;
  keys: StoreKeys;
  policy: Policy;
  tickets: TicketStore;
  intake: Intake;
  registries: RegistryStore;
  apiKeys: ApiKeyStore;
  /** Queues shown in `/v1/queues`, `/metrics` and the dashboard: `inbound`, `maintenance`, `webhooks`, `outbound`. */
  queues: readonly Queue[];
  settings: ApiSettings;
  /** The API's clock: stamps `receivedAt` of posted messages (starts the SLA, POLICY §5) and events without `at`. */
  now: () => Date;
}

/** Deps and how to let go of what they opened (not the Redis connection when the caller owns it). */
export interface OpenedDeps {
  deps: ApiDeps;
  close(): Promise<void>;
}

/** The deps on a Redis connection the caller owns (tests, one-process start). */
export function createApiDeps(redis: RedisClient, options: { keys: StoreKeys; policy: Policy; settings: ApiSettings; now?: () => Date }): OpenedDeps {
  const { keys, policy } = options;
  const intake = createIntake(redis, { keys });
  // Read-only handles for ops: the SLA scan's queue, webhook deliveries and the mailer's replies.
  const others = [MAINTENANCE_QUEUE, WEBHOOK_QUEUE, OUTBOUND_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: keys.bullPrefix }));
  const deps: ApiDeps = {
    redis,
    keys,
    policy,
    tickets: createTicketStore(redis, { keys, policy }),
    intake,
    registries: createRegistryStore(redis, { keys, policy }),
    apiKeys: createApiKeyStore(redis, keys.prefix),
    queues: [intake.queue, ...others],
    settings: options.settings,
    now: options.now ?? (() => new Date()),
  };
  return { deps, close: async () => void (await Promise.all([intake.close(), ...others.map((queue) => queue.close())])) };
}

/** The HTTP settings of an environment. */
export function apiSettings(env: ApiEnv): ApiSettings {
  return {
    bootstrapKeyHash: env.MAILTRIAGE_BOOTSTRAP_API_KEY === undefined ? null : hashApiKey(env.MAILTRIAGE_BOOTSTRAP_API_KEY),
    keyCacheMs: env.MAILTRIAGE_API_KEY_CACHE_MS,
    rateLimit: { max: env.MAILTRIAGE_RATE_LIMIT_MAX, windowMs: env.MAILTRIAGE_RATE_LIMIT_WINDOW_MS },
    imapUnreachableAfterMs: env.MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS,
  };
}

/**
 * Loads the policy and connects Redis (one clear error when unreachable), then builds the deps.
 * `close()` closes the queues and the connection.
 * @throws ConfigError (policy file), RedisUnreachableError.
 */
export async function openApiDeps(env: ApiEnv, options: { logger: Logger }): Promise<OpenedDeps> {
  const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
  const redis = await connectRedis(redisSettings(env), {
    connectionName: "mailtriage-api",
    // HTTP requests fail fast (503 on /health/ready) instead of queueing while Redis is away.
    maxRetriesPerRequest: 1,
    onError: (err) => options.logger.warn({ err: err.message }, "redis connection error"),
  });
  const opened = createApiDeps(redis, { keys: storeKeys(env.MAILTRIAGE_REDIS_PREFIX), policy, settings: apiSettings(env) });
  // Without a listener BullMQ prints each error to stderr; the connection's own `onError` already logs them.
  for (const queue of opened.deps.queues) queue.on("error", (err) => options.logger.debug({ queue: queue.name, err: err.message }, "queue error"));
  return {
    deps: opened.deps,
    async close() {
      await opened.close();
      await redis.quit();
    },
  };
}
