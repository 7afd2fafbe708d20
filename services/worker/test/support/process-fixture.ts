// What the processMessage tests call it with: the real store on the test Redis under a key
// prefix of its own, the real parser and policy, and one partner (acme-partner.example) so a
// partner request becomes a ticket.
import type { Policy } from "@mailtriage/contracts";
import { loadGenericDomains, loadPolicy } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { connectRedis, createRawStore, createRetention, createTicketStore, KEEP_FOREVER, storeKeys, type InboundJobData, type Retention, type RetentionSettings, type StoreKeys } from "@mailtriage/store";
import type { Redis } from "ioredis";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../../packages/store/test/support/redis";
import type { ProcessDeps } from "../../src";

/** How a test's processMessage dependencies differ from the defaults. */
export interface ProcessFixtureOptions {
  /** Overrides of the policy's parse limits (e.g. a small `maxMessageBytes`). */
  limits?: Partial<Policy["limits"]>;
  /** The ticket store's clock (default: the wall clock). */
  now?: () => Date;
  /** When given, `deps.retention` applies these periods to the raw bytes (default: none, bytes kept). */
  retention?: RetentionSettings;
}

/** A running fixture; `close()` deletes its keys and stops what it started. */
export interface ProcessFixture {
  redis: Redis;
  keys: StoreKeys;
  policy: Policy;
  deps: ProcessDeps;
  /** The store's retention with `options.retention` (default: `KEEP_FOREVER`), for the sweep tests. */
  retention: Retention;
  /** Stores `raw` and returns the job the queue would carry for it (`receivedAt` default: now). */
  jobFor(raw: Uint8Array, receivedAt?: string): Promise<InboundJobData>;
  close(): Promise<void>;
}

/** Starts a fixture under a fresh key prefix named after `label`. */
export async function openProcessFixture(label: string, options: ProcessFixtureOptions = {}): Promise<ProcessFixture> {
  const server: TestRedis = await startTestRedis();
  const redis = await connectRedis(server.url);
  const keys = storeKeys(uniquePrefix(label));
  const policy = await loadPolicy();
  const parser = new MessageParser({ ...policy.limits, ...options.limits });
  const retention = createRetention(redis, { keys, settings: options.retention ?? KEEP_FOREVER });
  const deps: ProcessDeps = {
    raws: createRawStore(redis, keys),
    tickets: createTicketStore(redis, { keys, policy, now: options.now }),
    registries: { get: async () => ({ version: 1, partners: [{ id: "acme", name: "Acme", domains: ["acme-partner.example"], tier: "premium", region: "EU", accountManager: "pam@vendor.example" }], accounts: [] }) },
    parse: (raw) => parser.parse(raw),
    policy,
    genericDomains: loadGenericDomains(policy),
    ...(options.retention === undefined ? {} : { retention }),
  };
  return {
    redis,
    keys,
    policy,
    deps,
    retention,
    async jobFor(raw, receivedAt = new Date().toISOString()) {
      const stored = await deps.raws.put(raw);
      return { rawSha256: stored.sha256, size: raw.byteLength, receivedAt, source: "http" };
    },
    async close() {
      await parser.close();
      await deletePrefix(redis, keys.prefix);
      await redis.quit();
      await server.stop();
    },
  };
}
