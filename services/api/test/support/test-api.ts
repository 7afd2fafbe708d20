import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Policy } from "@mailtriage/contracts";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, storeKeys } from "@mailtriage/store";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../../packages/store/test/support/redis";
import { parseWorkerEnv, startWorker, type WorkerService } from "../../../worker/src/index";
import { buildApp } from "../../src/app";
import { createApiDeps, type ApiDeps, type ApiSettings } from "../../src/api-deps";
import type { Scope } from "../../src/auth/api-key";

export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const EXAMPLES = join(ROOT, "examples");

/** A real app on a real Redis under its own key prefix, with keys of each scope, and a way to start workers. */
export interface TestApi {
  app: FastifyInstance;
  deps: ApiDeps;
  redis: Redis;
  prefix: string;
  server: TestRedis;
  /** Keys by scope: `read`, `write`, `admin` (each only that scope). */
  keys: Record<Scope, string>;
  /** A worker (inbound + SLA scheduler) in this process on the same prefix; closed by `close()`. */
  startWorker(overrides?: Record<string, string>): Promise<WorkerService>;
  /** Closes workers, app and connections, then deletes every key under the prefix (SCAN + UNLINK). */
  close(): Promise<void>;
}

export interface TestApiOptions {
  policy?: Policy;
  now?: () => Date;
  settings?: Partial<ApiSettings>;
}

export async function openTestApi(label: string, options: TestApiOptions = {}): Promise<TestApi> {
  const server = await startTestRedis();
  const prefix = uniquePrefix(`api-${label}`);
  const redis = await connectRedis(server.url, { connectionName: `test-api-${label}`, maxRetriesPerRequest: 1 });
  const policy = options.policy ?? (await loadPolicy());
  const settings: ApiSettings = { bootstrapKeyHash: null, keyCacheMs: 0, rateLimit: { max: 100_000, windowMs: 60_000 }, ...options.settings };
  const opened = createApiDeps(redis, { keys: storeKeys(prefix), policy, settings, ...(options.now && { now: options.now }) });
  const app = await buildApp(opened.deps, { logger: pino({ level: "silent" }) });
  const keys = {} as Record<Scope, string>;
  for (const scope of ["read", "write", "admin"] as const) keys[scope] = (await opened.deps.apiKeys.create({ name: `test ${scope}`, scopes: [scope] })).key;
  const workers: WorkerService[] = [];
  return {
    app,
    deps: opened.deps,
    redis,
    prefix,
    server,
    keys,
    async startWorker(overrides = {}) {
      const env = parseWorkerEnv({ REDIS_URL: server.url, MAILTRIAGE_REDIS_PREFIX: prefix, LOG_LEVEL: "silent", ...overrides });
      const worker = await startWorker(env);
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.close({ force: true });
      await app.close();
      await opened.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
      await server.stop();
    },
  };
}

/** Request headers carrying `key`. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
