import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { Redis } from "ioredis";

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

/** Deletes every key under `prefix:` with SCAN + UNLINK (never FLUSHALL/FLUSHDB on a shared Redis). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
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
