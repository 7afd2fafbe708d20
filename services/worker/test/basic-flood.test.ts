import type { Policy } from "@mailtriage/contracts";
import { loadGenericDomains, loadPolicy, loadRegistries } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { connectRedis, createIntake, createRawStore, createTicketStore, storeKeys, type StoreKeys } from "@mailtriage/store";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../packages/store/test/support/redis";
import { parseWorkerEnv, processMessage, startWorker, verifyWebhook, WEBHOOK_HEADERS, type ProcessDeps, type WebhookBody } from "../src";
import { howtoMessages } from "./support/howto-messages";
import { startReceiver } from "./support/webhook-receiver";
import { waitFor } from "./support/wait-for";

const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));
const PARTNERS = join(EXAMPLES, "partners.json");
const ACCOUNTS = join(EXAMPLES, "accounts.json");
const SECRET = "s3cret-s3cret-s3cret";

let server: TestRedis;
let redis: Redis;
let policy: Policy;
const prefixes: string[] = [];

beforeAll(async () => {
  server = await startTestRedis();
  redis = await connectRedis(server.url);
  policy = await loadPolicy();
});

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  await redis.quit();
  await server.stop();
});

function freshKeys(label: string): StoreKeys {
  const keys = storeKeys(uniquePrefix(label));
  prefixes.push(keys.prefix);
  return keys;
}

describe("basic-request flood in the worker (POLICY §5)", () => {
  it("when a partner's 6th how-to question in the window is processed, then its account manager is notified once; a 7th and a retried job change nothing", async () => {
    const keys = freshKeys("flood-process");
    const parser = new MessageParser(policy.limits);
    const registries = await loadRegistries(policy, { partners: PARTNERS, accounts: ACCOUNTS });
    const tickets = createTicketStore(redis, { keys, policy });
    const deps: ProcessDeps = { raws: createRawStore(redis, keys), tickets, registries: { get: async () => ({ version: 1, ...registries }) }, parse: (raw) => parser.parse(raw), policy, genericDomains: loadGenericDomains(policy) };
    try {
      const results = [];
      const jobs = [];
      for (const [i, raw] of howtoMessages(7, "flood").entries()) {
        const stored = await deps.raws.put(raw);
        const job = { rawSha256: stored.sha256, size: raw.byteLength, receivedAt: new Date(Date.parse("2026-11-16T09:00:00.000Z") + i * 3_600_000).toISOString(), source: "http" as const };
        jobs.push(job);
        results.push(await processMessage(job, deps));
      }
      const retried = await processMessage(jobs[5]!, deps);

      expect(results.map((r) => r.outcome)).toEqual(Array(7).fill("ticket"));
      expect(results.map((r) => r.basicFlood !== undefined)).toEqual([false, false, false, false, false, true, false]);
      expect(retried).toMatchObject({ duplicate: true, ticketId: results[5]!.ticketId });
      expect(retried.basicFlood).toBeUndefined();
      const notifications = await tickets.listNotifications();
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({ partnerId: "acme", accountManager: "sebastian.pam@vendor-partners.example", count: 6, ticketIds: results.slice(0, 6).map((r) => r.ticketId) });
    } finally {
      await parser.close();
    }
  });

  it("when the worker runs with webhook URLs and a partner floods, then the receiver gets a signed basic_flood event", async () => {
    const keys = freshKeys("flood-worker");
    const receiver = await startReceiver();
    const env = parseWorkerEnv({
      REDIS_URL: server.url,
      MAILTRIAGE_REDIS_PREFIX: keys.prefix,
      MAILTRIAGE_PARTNERS_FILE: PARTNERS,
      MAILTRIAGE_ACCOUNTS_FILE: ACCOUNTS,
      MAILTRIAGE_WEBHOOK_URLS: receiver.url(),
      MAILTRIAGE_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: "silent",
    });
    const service = await startWorker(env);
    const intake = createIntake(redis, { keys });
    try {
      for (const raw of howtoMessages(6, "flood-e2e")) await intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" });

      const flood = await waitFor("a basic_flood webhook", async () => receiver.received.find((q) => q.headers[WEBHOOK_HEADERS.event] === "basic_flood"));
      const body = JSON.parse(flood.body) as WebhookBody;
      const header = (name: string) => flood.headers[name] as string | undefined;
      expect(verifyWebhook(SECRET, { body: flood.body, signature: header(WEBHOOK_HEADERS.signature), timestamp: header(WEBHOOK_HEADERS.timestamp) }, Math.floor(Date.now() / 1000))).toBe(true);
      expect(body.event).toMatchObject({ type: "basic_flood", partnerId: "acme", accountManager: "sebastian.pam@vendor-partners.example", count: 6 });
      await waitFor("6 created events delivered", async () => receiver.received.filter((q) => q.headers[WEBHOOK_HEADERS.event] === "created").length === 6);
    } finally {
      await intake.close();
      await service.close({ force: true });
      await receiver.close();
    }
  });

  it("when no webhook URL is configured, then webhooks are off: no delivery worker, no consumer group", async () => {
    const keys = freshKeys("flood-off");
    const service = await startWorker(parseWorkerEnv({ REDIS_URL: server.url, MAILTRIAGE_REDIS_PREFIX: keys.prefix, LOG_LEVEL: "silent" }));
    try {
      expect(service.webhooks).toBeNull();
      expect(await redis.exists(keys.events)).toBe(0);
    } finally {
      await service.close({ force: true });
    }
  });
});
