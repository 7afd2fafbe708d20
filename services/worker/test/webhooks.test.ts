import type { Policy } from "@mailtriage/contracts";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createEventStreamReader, createTicketStore, storeKeys, webhookDeliveryId, webhookJobs, WEBHOOK_CONSUMER_GROUP, type StoreKeys, type TicketStore, type WebhookDelivery } from "@mailtriage/store";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { otherDecision, ticketDecision } from "../../../packages/store/test/support/decisions";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../packages/store/test/support/redis";
import { startWebhooks, verifyWebhook, WEBHOOK_HEADERS, type WebhookBody, type WebhookConfig, type WebhookService } from "../src";
import { startReceiver, type Reply, type WebhookReceiver } from "./support/webhook-receiver";
import { waitFor } from "./support/wait-for";

const SECRET = "s3cret-s3cret-s3cret";
const silent = pino({ level: "silent" });
let server: TestRedis;
let policy: Policy;

/** One test's world: its own key prefix, a store that writes events, the services and receivers it started. */
interface Harness {
  keys: StoreKeys;
  redis: Redis;
  store: TicketStore;
  services: WebhookService[];
  receivers: WebhookReceiver[];
  connections: Redis[];
}
let h: Harness;

beforeAll(async () => {
  server = await startTestRedis();
  policy = await loadPolicy();
});

afterAll(async () => {
  await server.stop();
});

async function harness(label: string): Promise<Harness> {
  const keys = storeKeys(uniquePrefix(label));
  const redis = await connectRedis(server.url);
  return { keys, redis, store: createTicketStore(redis, { keys, policy }), services: [], receivers: [], connections: [] };
}

afterEach(async () => {
  for (const service of h.services) await service.close({ force: true });
  for (const receiver of h.receivers) await receiver.close();
  for (const connection of h.connections) await connection.quit();
  await deletePrefix(h.redis, h.keys.prefix);
  await h.redis.quit();
});

async function receiver(reply?: (request: { path: string }, nth: number) => Reply): Promise<WebhookReceiver> {
  const r = await startReceiver(reply);
  h.receivers.push(r);
  return r;
}

/** Webhooks as a worker process runs them, on a connection of their own (as another process would have). */
async function webhooks(urls: string[], overrides: Partial<WebhookConfig> = {}): Promise<WebhookService> {
  const connection = await connectRedis(server.url);
  h.connections.push(connection);
  const config: WebhookConfig = { urls, secret: SECRET, attempts: 4, backoffMs: 50, timeoutMs: 2_000, concurrency: 5, logMax: 1_000, ...overrides };
  const service = await startWebhooks(connection, config, { keys: h.keys, logger: silent });
  h.services.push(service);
  return service;
}

/** Stores `n` rejected messages: each one event (`rejected`) on the stream. */
async function rejectedEvents(n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) await h.store.applyDecision(otherDecision("rejected", `<${tag}-${i}@gmail.example>`));
}

/** Waits until `count` deliveries reached a final state (delivered or failed) in the log. */
async function settled(service: WebhookService, count: number): Promise<WebhookDelivery[]> {
  return waitFor(`${count} settled deliveries`, async () => {
    const all = await service.log.list({ limit: 1_000 });
    const done = all.filter((d) => d.status !== "retrying");
    return done.length >= count ? done : undefined;
  });
}

describe("webhooks", () => {
  it("when events are stored, then each configured URL receives each event once, signed, with its type and delivery id", async () => {
    h = await harness("webhooks-signed");
    const r = await receiver();
    const urls = [r.url("/a"), r.url("/b")];
    const service = await webhooks(urls);

    const decision = ticketDecision({ messageId: "<signed-1@acme-partner.example>" }, policy);
    await h.store.applyDecision(decision);
    await rejectedEvents(1, "signed");
    await settled(service, 4);

    expect(r.received).toHaveLength(4);
    const stream = new Map((await h.redis.xrange(h.keys.events, "-", "+")).map(([id, fields]) => [id, fields[3]]));
    for (const request of r.received) {
      const body = JSON.parse(request.body) as WebhookBody;
      const header = (name: string) => request.headers[name] as string | undefined;
      const timestamp = Number(header(WEBHOOK_HEADERS.timestamp));
      expect(verifyWebhook(SECRET, { body: request.body, signature: header(WEBHOOK_HEADERS.signature), timestamp: header(WEBHOOK_HEADERS.timestamp) }, timestamp)).toBe(true);
      expect(header(WEBHOOK_HEADERS.event)).toBe(body.type);
      expect(header(WEBHOOK_HEADERS.delivery)).toBe(webhookDeliveryId(body.eventId, r.url(request.path)));
      expect(header("content-type")).toBe("application/json");
      expect(body.event).toEqual(JSON.parse(stream.get(body.eventId) ?? "null"));
    }
    expect(r.received.map((q) => `${q.path} ${(JSON.parse(q.body) as WebhookBody).type}`).sort()).toEqual(["/a created", "/a rejected", "/b created", "/b rejected"]);
    const created = r.received.map((q) => JSON.parse(q.body) as WebhookBody).find((b) => b.type === "created");
    expect(created?.event).toMatchObject({ type: "created", ticketId: decision.result.ticketId });
  });

  it.each([
    // [case, requests made, final status, answers in order (then 200), attempts logged, last HTTP status, last error]
    ["500 twice then 200", 3, "delivered", [500, 500], 3, 200, null],
    ["400", 1, "failed", [400], 1, 400, "HTTP 400"],
    ["404", 1, "failed", [404], 1, 404, "HTTP 404"],
    ["408 then 200", 2, "delivered", [408], 2, 200, null],
    ["429 then 200", 2, "delivered", [429], 2, 200, null],
    ["503 on every attempt (4 attempts)", 4, "failed", [503, 503, 503, 503], 4, 503, "HTTP 503"],
    ["nothing within the timeout, then 200", 2, "delivered", ["hang"], 2, 200, null],
  ] as const)("when the receiver answers %s, then it gets %i request(s) and the log says %s", async (_case, requests, status, answers, attempts, lastStatus, lastError) => {
    h = await harness("webhooks-retry");
    const r = await receiver((_request, nth) => answers[nth - 1] ?? 200);
    const service = await webhooks([r.url()], { timeoutMs: 300 });

    await rejectedEvents(1, "retry");
    const [delivery] = await settled(service, 1);

    const job = await service.queue.getJob(delivery!.deliveryId);
    expect(await job?.getState()).toBe(status === "delivered" ? "completed" : "failed");
    expect(r.received).toHaveLength(requests);
    expect(delivery).toMatchObject({ status, attempts, lastStatus, lastError, url: r.url(), eventType: "rejected" });
    expect(delivery!.deliveredAt === null).toBe(status === "failed");
  });

  it("when the receiver cannot be reached, then the delivery is retried and logged failed with the network error", async () => {
    h = await harness("webhooks-refused");
    const closed = await startReceiver();
    const url = closed.url();
    await closed.close();
    const service = await webhooks([url], { attempts: 2 });

    await rejectedEvents(1, "refused");
    const [delivery] = await settled(service, 1);

    expect(delivery).toMatchObject({ status: "failed", attempts: 2, lastStatus: null, deliveredAt: null });
    expect(delivery?.lastError).toMatch(/ECONNREFUSED/);
  });

  it("when two dispatchers share the stream, then every event is delivered exactly once", async () => {
    h = await harness("webhooks-two");
    const r = await receiver();
    const [first] = [await webhooks([r.url()]), await webhooks([r.url()])];
    const events = 40;

    for (let round = 0; round < 4; round++) await rejectedEvents(events / 4, `two-${round}`);
    await settled(first!, events);
    await waitFor("the group to have nothing pending", async () => ((await h.redis.xpending(h.keys.events, WEBHOOK_CONSUMER_GROUP)) as [number])[0] === 0);

    const ids = r.received.map((q) => (JSON.parse(q.body) as WebhookBody).eventId);
    expect(ids).toHaveLength(events);
    expect(new Set(ids).size).toBe(events);
    const consumers = (await h.redis.xinfo("CONSUMERS", h.keys.events, WEBHOOK_CONSUMER_GROUP)) as unknown[];
    expect(consumers).toHaveLength(2);
  });

  it("when a dispatcher read events and died before queuing them, then another takes them over and delivers each once", async () => {
    h = await harness("webhooks-claim");
    const r = await receiver();
    const dead = createEventStreamReader(h.redis, { keys: h.keys, group: WEBHOOK_CONSUMER_GROUP, consumer: "dead-process" });
    await dead.ensureGroup();
    await rejectedEvents(3, "claim");
    expect(await dead.readNew(10, 100)).toHaveLength(3);

    const service = await webhooks([r.url()], { claimIdleMs: 200 });
    await settled(service, 3);

    expect(r.received).toHaveLength(3);
    await waitFor("the group to have nothing pending", async () => ((await h.redis.xpending(h.keys.events, WEBHOOK_CONSUMER_GROUP)) as [number])[0] === 0);
  });

  it("when an event already delivered is dispatched again, then no second job is queued", async () => {
    h = await harness("webhooks-again");
    const r = await receiver();
    const service = await webhooks([r.url()]);
    await rejectedEvents(2, "again");
    await settled(service, 2);

    const entries = await h.redis.xrange(h.keys.events, "-", "+");
    const again = entries.map(([id, fields]) => ({ id, type: fields[1] ?? "", event: fields[3] ?? "" }));
    await service.queue.addBulk(again.flatMap((entry) => webhookJobs(entry, [r.url()])));

    expect(await service.queue.getJobCounts("waiting", "delayed", "active", "completed")).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 2 });
    expect(r.received).toHaveLength(2);
  });
});
