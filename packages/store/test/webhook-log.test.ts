import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookLog, webhookDeliveryId, type WebhookDelivery } from "../src";
import { openTestStore, type TestStore } from "./support/test-store";

let t: TestStore;

beforeAll(async () => {
  t = await openTestStore("webhook-log");
});

afterAll(async () => {
  await t.close();
});

function delivery(n: number, patch: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const eventId = `1732132800000-${n}`;
  const url = "https://hooks.example/in";
  const at = new Date(Date.parse("2026-11-20T20:00:00.000Z") + n * 1_000).toISOString();
  return { deliveryId: webhookDeliveryId(eventId, url), eventId, eventType: "created", url, attempts: 1, status: "delivered", lastStatus: 200, lastError: null, firstAttemptAt: at, lastAttemptAt: at, deliveredAt: at, ...patch };
}

describe("webhook delivery log", () => {
  it("when a delivery is retried and then succeeds, then its one record shows the attempts and the last outcome", async () => {
    const log = createWebhookLog(t.redis, { keys: t.keys });
    const first = delivery(0, { status: "retrying", lastStatus: 503, lastError: "HTTP 503", deliveredAt: null });
    await log.record(first);
    await log.record({ ...first, attempts: 2, status: "delivered", lastStatus: 200, lastError: null, lastAttemptAt: "2026-11-20T20:00:10.000Z", deliveredAt: "2026-11-20T20:00:10.000Z" });

    expect(await log.get(first.deliveryId)).toMatchObject({ attempts: 2, status: "delivered", lastStatus: 200, deliveredAt: "2026-11-20T20:00:10.000Z" });
    expect(await log.list()).toHaveLength(1);
  });

  it("when more deliveries than the cap are recorded, then the oldest go and the list is newest first", async () => {
    const log = createWebhookLog(t.redis, { keys: t.keys, maxEntries: 3 });
    for (let n = 1; n <= 5; n++) await log.record(delivery(n, n === 4 ? { status: "failed", lastStatus: 400, lastError: "HTTP 400", deliveredAt: null } : {}));

    expect((await log.list()).map((d) => d.eventId)).toEqual(["1732132800000-5", "1732132800000-4", "1732132800000-3"]);
    expect(await log.get(delivery(1).deliveryId)).toBeNull();
    expect((await log.list({ status: "failed" })).map((d) => d.eventId)).toEqual(["1732132800000-4"]);
    expect(await t.redis.zcard(t.keys.webhookDeliveries)).toBe(3);
  });

  it("when the same event goes to two URLs, then the delivery ids differ; the same pair always gives the same id", () => {
    const a = webhookDeliveryId("1732132800000-0", "https://a.example/hook");
    expect(webhookDeliveryId("1732132800000-0", "https://b.example/hook")).not.toBe(a);
    expect(webhookDeliveryId("1732132800000-0", "https://a.example/hook")).toBe(a);
    expect(a).toMatch(/^1732132800000-0-[0-9a-f]{16}$/);
  });
});
