// What bench/pipeline.bench.ts and bench/api.bench.ts run against: the real app listening on
// loopback, on the machine's Redis under a key prefix of its own (deleted by close()).
import { join } from "node:path";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, storeKeys, type StoreKeys } from "@mailtriage/store";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../../packages/store/test/support/redis";
import { parseWorkerEnv, startWorker, type WorkerService } from "../../../worker/src/index";
import { createApiDeps, type ApiDeps } from "../../src/api-deps";
import { buildApp } from "../../src/app";
import { EXAMPLES } from "./test-api";

export interface BenchHarness {
  redis: Redis;
  keys: StoreKeys;
  deps: ApiDeps;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** An admin key (cached by the app, as in production). */
  key: string;
  /** A worker in this process on the harness's prefix, registries seeded from examples/. */
  startWorker(overrides?: Record<string, string>): Promise<WorkerService>;
  close(): Promise<void>;
}

export async function openBenchHarness(label: string): Promise<BenchHarness> {
  const server: TestRedis = await startTestRedis();
  const prefix = uniquePrefix(`bench-${label}`);
  const redis = await connectRedis(server.url, { connectionName: `bench-${label}`, maxRetriesPerRequest: 1 });
  const keys = storeKeys(prefix);
  const opened = createApiDeps(redis, { keys, policy: await loadPolicy(), settings: { bootstrapKeyHash: null, keyCacheMs: 60_000, rateLimit: { max: 100_000_000, windowMs: 60_000 } } });
  const app = await buildApp(opened.deps, { logger: pino({ level: "silent" }) });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const { key } = await opened.deps.apiKeys.create({ name: "bench", scopes: ["admin"] });
  const workers: WorkerService[] = [];
  return {
    redis,
    keys,
    deps: opened.deps,
    app,
    url,
    key,
    async startWorker(overrides = {}) {
      const env = parseWorkerEnv({
        REDIS_URL: server.url,
        MAILTRIAGE_REDIS_PREFIX: prefix,
        MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"),
        MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json"),
        LOG_LEVEL: "silent",
        ...overrides,
      });
      const worker = await startWorker(env);
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.close();
      await app.close();
      await opened.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
      await server.stop();
    },
  };
}

/** Resolves once `count` jobs of the inbound queue finished (completed or failed), or rejects after `timeoutMs`. */
export async function waitForFinished(deps: ApiDeps, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await deps.intake.queue.getJobCounts("completed", "failed");
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${(counts.completed ?? 0) + (counts.failed ?? 0)} of ${count} jobs finished after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
