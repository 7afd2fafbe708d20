import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { Cluster, Redis } from "ioredis";
import { keyRoot } from "../../src/keys";
import type { RedisClient } from "../../src/redis-connection";

/** A Redis for tests, and how to let go of it. */
export interface TestRedis {
  url: string;
  /** Stops the container when one was started; a shared Redis is left running. */
  stop(): Promise<void>;
}

const DEFAULT_URL = "redis://127.0.0.1:6379";

/**
 * The machine's Redis at `REDIS_URL` (default redis://127.0.0.1:6379). Only when that does not
 * answer and Docker is there, a throwaway `redis:7-alpine` container (testcontainers). Tests on
 * a shared Redis isolate themselves by key prefix (`uniquePrefix`) and never FLUSHALL.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL ?? DEFAULT_URL;
  if (await answers(url)) return { url, stop: async () => {} };
  if (!existsSync("/var/run/docker.sock") && process.env.DOCKER_HOST === undefined) {
    throw new Error(`no Redis answers at ${url} and Docker is not available: start Redis or set REDIS_URL`);
  }
  const { GenericContainer } = await import("testcontainers");
  const container = await new GenericContainer("redis:7-alpine").withExposedPorts(6379).start();
  return { url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`, stop: async () => void (await container.stop()) };
}

/** A key prefix no other test run uses: `mt-test:<label>:<random>`. */
export function uniquePrefix(label: string): string {
  return `mt-test:${label.replace(/[^A-Za-z0-9_-]/g, "-")}:${randomBytes(6).toString("hex")}`;
}

/**
 * Deletes every key of the installation using `prefix` (the configured prefix, as given to
 * `storeKeys`): everything under `{prefix}:` (`keyRoot`), with SCAN + UNLINK, never
 * FLUSHALL/FLUSHDB on a shared Redis. Keys under the untagged `prefix:` would be a layout bug
 * (every key builder uses `keyRoot`); they are deleted too, so a shared Redis is not littered.
 */
export async function deletePrefix(redis: RedisClient, prefix: string): Promise<number> {
  // SCAN walks one node: on a Cluster, every master in turn, deleting key by key there (keys
  // of several slots may not go in one UNLINK).
  const nodes = redis instanceof Cluster ? redis.nodes("master") : [redis];
  let deleted = 0;
  for (const node of nodes) {
    for (const pattern of [`${keyRoot(prefix)}:*`, `${prefix}:*`]) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        cursor = next;
        if (keys.length === 0) continue;
        if (redis instanceof Cluster) for (const key of keys) deleted += await node.unlink(key);
        else deleted += await node.unlink(...keys);
      } while (cursor !== "0");
    }
  }
  return deleted;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
