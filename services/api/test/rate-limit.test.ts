// Rate limits are counted in Redis under the store's prefix: API processes on one prefix share
// one budget per key (issue 3). Two app instances, each with its own Redis connection, stand
// for two API processes.
import { connectRedis, storeKeys } from "@mailtriage/store";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiDeps, type OpenedDeps } from "../src/api-deps";
import { buildApp } from "../src/app";
import { waitFor } from "../../worker/test/support/wait-for";
import { bearer, openTestApi, type TestApi } from "./support/test-api";

const MAX = 6;
const rateLimit = { max: MAX, windowMs: 60_000 };

let t: TestApi;
let second: { app: FastifyInstance; opened: OpenedDeps; redis: Redis };

beforeAll(async () => {
  t = await openTestApi("rate-limit", { settings: { rateLimit } });
  const redis = await connectRedis(t.server.url, { connectionName: "test-api-rate-limit-2", maxRetriesPerRequest: 1 });
  const opened = createApiDeps(redis, { keys: storeKeys(t.prefix), policy: t.deps.policy, settings: t.deps.settings });
  second = { app: await buildApp(opened.deps, { logger: pino({ level: "silent" }) }), opened, redis };
});

afterAll(async () => {
  if (second !== undefined) {
    await second.app.close();
    await second.opened.close();
    await second.redis.quit();
  }
  await t?.close();
});

function list(app: FastifyInstance, key: string) {
  return app.inject({ url: "/v1/tickets?limit=1", headers: bearer(key) });
}

/** Status codes of `count` GETs with `key`, sent one after another to `apps` in turn. */
async function statuses(apps: FastifyInstance[], key: string, count: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) codes.push((await list(apps[i % apps.length]!, key)).statusCode);
  return codes;
}

describe("rate limit shared by API processes", () => {
  it("when one key's requests alternate between two API processes, then they draw on one budget", async () => {
    const codes = await statuses([t.app, second.app], t.keys.read, MAX + 4);
    expect(codes).toEqual([...Array<number>(MAX).fill(200), 429, 429, 429, 429]);

    const refused = await list(second.app, t.keys.read);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "rate_limited", message: expect.stringContaining(`rate limit of ${MAX} requests per 60 s`) });
  });

  it("when one process used a key's whole budget, then the other refuses that key at once", async () => {
    const { key } = await t.deps.apiKeys.create({ name: "one process", scopes: ["read"] });
    expect(await statuses([second.app], key, MAX)).toEqual(Array<number>(MAX).fill(200));
    expect(await statuses([t.app], key, 1)).toEqual([429]);
  });

  it("when another process used up a key's budget since this one last counted it, then this one refuses too", async () => {
    const { key } = await t.deps.apiKeys.create({ name: "stale view", scopes: ["read"] });
    expect(await statuses([t.app], key, 1)).toEqual([200]);
    expect(await statuses([second.app], key, MAX - 1)).toEqual(Array<number>(MAX - 1).fill(200));
    // Long enough for the first process's last answer from Redis to be too old to count on.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await statuses([t.app], key, 1)).toEqual([429]);
  });

  it("when requests are counted in the process, then they reach the shared counter, which expires with the window", async () => {
    expect(await statuses([t.app, second.app], t.keys.admin, 2)).toEqual([200, 200]);
    const [counter] = await waitFor("the counted requests in Redis", async () => {
      const keys = await t.redis.keys(`${t.deps.keys.rateLimit}*`);
      const values = await Promise.all(keys.map(async (key) => [key, await t.redis.get(key)] as const));
      const found = values.filter(([, value]) => value === "2");
      return found.length === 1 && found;
    });
    const ttl = await t.redis.pttl(counter![0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(rateLimit.windowMs);
  });

  it("when health and metrics are polled, then they are never limited", async () => {
    for (let i = 0; i < MAX + 2; i++) expect((await second.app.inject({ url: "/health/live" })).statusCode).toBe(200);
  });
});
