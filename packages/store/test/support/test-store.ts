import { PolicySchema, type Policy } from "@mailtriage/contracts";
import defaults from "../../../../policy/default-policy.json" with { type: "json" };
import type { Redis } from "ioredis";
import { connectRedis, createTicketStore, storeKeys, type StoreKeys, type TicketStore } from "../../src";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "./redis";

/** A ticket store on its own key prefix, with a clock the test sets. */
export interface TestStore {
  redis: Redis;
  keys: StoreKeys;
  policy: Policy;
  store: TicketStore;
  server: TestRedis;
  /** The store's clock; tests move it. */
  clock: { now: Date };
  /** Deletes the prefix's keys and closes the connection. */
  close(): Promise<void>;
}

export async function openTestStore(label: string): Promise<TestStore> {
  const server = await startTestRedis();
  const redis = await connectRedis(server.url, { connectionName: `test-${label}` });
  const keys = storeKeys(uniquePrefix(label));
  const policy = testPolicy();
  const clock = { now: new Date("2026-11-20T20:00:05.000Z") };
  const store = createTicketStore(redis, { keys, policy, now: () => clock.now });
  return {
    redis,
    keys,
    policy,
    store,
    server,
    clock,
    async close() {
      await deletePrefix(redis, keys.prefix);
      await redis.quit();
      await server.stop();
    },
  };
}

/** The shipped default policy (what `loadPolicy()` of @mailtriage/config gives with no file). */
export function testPolicy(): Policy {
  return PolicySchema.parse(defaults);
}
