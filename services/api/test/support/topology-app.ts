import { join } from "node:path";
import { loadPolicy, redisSettings } from "@mailtriage/config";
import { connectRedis, storeKeys, type RedisClient } from "@mailtriage/store";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { deletePrefix, uniquePrefix } from "../../../../packages/store/test/support/redis";
import { parseWorkerEnv, startWorker, type WorkerService } from "../../../worker/src/index";
import { createApiDeps, type ApiDeps } from "../../src/api-deps";
import { buildApp } from "../../src/app";
import { parseApiEnv } from "../../src/env";
import { bearer, EXAMPLES } from "./test-api";
import { waitForJob, type JobView } from "./wait-for-job";

const PARTNERS = join(EXAMPLES, "partners.json");
const ACCOUNTS = join(EXAMPLES, "accounts.json");

/**
 * The service on any Redis topology (README "Redis topologies"), configured as an operator
 * would, from environment keys: the real app (`inject()`) and a real worker (`startWorker`) in
 * this process, on their own key prefix, with the example partner registry.
 */
export interface TopologyService {
  app: FastifyInstance;
  deps: ApiDeps;
  /** The API's connection (standalone, Sentinel-managed or Cluster). */
  redis: RedisClient;
  prefix: string;
  worker: WorkerService;
  /** An API key with every scope. */
  key: string;
  /**
   * POSTs one message, retrying while the API answers 5xx (Redis away, e.g. during a failover,
   * as a client would) for up to `timeoutMs`; resolves with the 202 body.
   */
  post(raw: Uint8Array, timeoutMs?: number): Promise<{ jobId: string; duplicate: boolean }>;
  /** The job's final view (`GET /v1/jobs/:id`), retried the same way. */
  job(jobId: string, timeoutMs?: number): Promise<JobView>;
  /** Closes the worker, the app and the connection, after deleting the prefix's keys. */
  close(): Promise<void>;
}

/**
 * Opens the service with `redisEnv` (e.g. `{ MAILTRIAGE_REDIS_CLUSTER_NODES: "…" }`) over the
 * defaults. The API's clock is fixed at `receivedAt`, so results compare with the offline run's.
 * The worker takes one job at a time: a reply finds the ticket of the message before it.
 */
export async function openTopologyService(label: string, redisEnv: Record<string, string>, receivedAt: string): Promise<TopologyService> {
  const prefix = uniquePrefix(`topology-${label}`);
  const env = { ...redisEnv, MAILTRIAGE_REDIS_PREFIX: prefix, LOG_LEVEL: "silent", MAILTRIAGE_PARTNERS_FILE: PARTNERS, MAILTRIAGE_ACCOUNTS_FILE: ACCOUNTS, MAILTRIAGE_WORKER_CONCURRENCY: "1" };
  const apiEnv = parseApiEnv(env);
  const redis = await connectRedis(redisSettings(apiEnv), { connectionName: `test-topology-${label}`, maxRetriesPerRequest: 1 });
  const opened = createApiDeps(redis, {
    keys: storeKeys(prefix),
    policy: await loadPolicy(),
    settings: { bootstrapKeyHash: null, keyCacheMs: 0, rateLimit: { max: 100_000, windowMs: 60_000 } },
    now: () => new Date(receivedAt),
  });
  // As openApiDeps does: without listeners BullMQ prints every connection error (a failover) to stderr.
  for (const queue of opened.deps.queues) queue.on("error", () => {});
  const app = await buildApp(opened.deps, { logger: pino({ level: "silent" }) });
  const key = (await opened.deps.apiKeys.create({ name: `topology ${label}`, scopes: ["read", "write", "admin"] })).key;
  const worker = await startWorker(parseWorkerEnv(env));
  return {
    app,
    deps: opened.deps,
    redis,
    prefix,
    worker,
    key,
    post: (raw, timeoutMs = 30_000) =>
      retrying(`POST /v1/messages`, timeoutMs, async () => {
        const response = await app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(key), "content-type": "message/rfc822" }, payload: Buffer.from(raw) });
        if (response.statusCode >= 500) return null;
        if (response.statusCode !== 202) throw new Error(`POST /v1/messages: ${response.statusCode} ${response.body}`);
        return response.json<{ jobId: string; duplicate: boolean }>();
      }),
    job: (jobId, timeoutMs = 30_000) => retrying(`job ${jobId}`, timeoutMs, () => waitForJob(app, key, jobId, timeoutMs).catch(() => null)),
    async close() {
      await worker.close({ force: true });
      await app.close();
      await opened.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** Calls `attempt` until it gives a value (null = try again shortly); throws after `timeoutMs`. */
async function retrying<T>(what: string, timeoutMs: number, attempt: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: no answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
