import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, createTicketStore, type BasicTicket, type StoreEvent, type TicketStore } from "../src";
import { openTestStore, type TestStore } from "./support/test-store";

// Default policy: more than 5 basic requests within 7 days is a flood (POLICY §5).
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-02T09:00:00.000Z");
let t: TestStore;

beforeAll(async () => {
  t = await openTestStore("basic-flood");
});

afterAll(async () => {
  await t.close();
});

/** Basic ticket `i` of `partnerId`, received `day` days (fractions allowed) after T0. */
function basic(partnerId: string, i: number, day: number): BasicTicket {
  return { partnerId, accountManager: `am-${partnerId}@vendor.example`, ticketId: `${partnerId}-${i}`, receivedAt: new Date(T0 + day * DAY).toISOString() };
}

async function floodEvents(): Promise<StoreEvent[]> {
  const entries = await t.redis.xrange(t.keys.events, "-", "+");
  return entries.map(([, fields]) => JSON.parse(fields[3] ?? "{}") as StoreEvent).filter((e) => e.type === "basic_flood");
}

describe("checkBasicFlood", () => {
  it("when a partner sends 6 basic requests in the window, then its account manager is notified once; a 7th changes nothing; a new window notifies again", async () => {
    const notified: (string | null)[] = [];
    // Six requests on day 0 (hourly), a 7th on day 2, then six more from day 9.5 (a whole window after the first notification).
    const days = [0, 0.04, 0.08, 0.12, 0.17, 0.21, 2, 9.5, 9.54, 9.58, 9.62, 9.67, 9.71];
    for (const [i, day] of days.entries()) {
      const check = await t.store.checkBasicFlood(basic("acme", i, day));
      notified.push(check.notification?.notificationId ?? null);
    }

    expect(notified.flatMap((id, i) => (id === null ? [] : [i]))).toEqual([5, 12]);
    const list = await t.store.listNotifications({ partnerId: "acme" });
    expect(list.map((n) => [n.count, n.windowEnd])).toEqual([
      [6, new Date(T0 + 9.71 * DAY).toISOString()],
      [6, new Date(T0 + 0.21 * DAY).toISOString()],
    ]);
    expect(list[1]).toMatchObject({
      notificationId: "flood-acme-5",
      partnerId: "acme",
      accountManager: "am-acme@vendor.example",
      max: 5,
      ticketIds: ["acme-0", "acme-1", "acme-2", "acme-3", "acme-4", "acme-5"],
      windowStart: new Date(T0 + 0.21 * DAY - 7 * DAY).toISOString(),
      notifiedAt: t.clock.now.toISOString(),
    });
    const events = (await floodEvents()).filter((e) => e.type === "basic_flood" && e.partnerId === "acme");
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      type: "basic_flood",
      at: list[1]!.windowEnd,
      notificationId: "flood-acme-5",
      partnerId: "acme",
      accountManager: "am-acme@vendor.example",
      count: 6,
      ticketIds: list[1]!.ticketIds,
      windowStart: list[1]!.windowStart,
      windowEnd: list[1]!.windowEnd,
    });
  });

  it("when the same ticket is checked again (a retried job), then it counts once", async () => {
    for (let i = 0; i < 5; i++) await t.store.checkBasicFlood(basic("retry", i, i * 0.1));
    const again = await t.store.checkBasicFlood(basic("retry", 4, 0.4));

    expect(again.decision).toMatchObject({ notify: false, reason: "within_limit", count: 5 });
    expect(await t.store.listNotifications({ partnerId: "retry" })).toEqual([]);
  });

  it("when two partners each send 3 basic requests, then neither is flooded", async () => {
    for (let i = 0; i < 3; i++) {
      await t.store.checkBasicFlood(basic("north", i, i * 0.1));
      await t.store.checkBasicFlood(basic("south", i, i * 0.1));
    }
    expect(await t.store.listNotifications({ partnerId: "north" })).toEqual([]);
    expect(await t.store.listNotifications({ partnerId: "south" })).toEqual([]);
  });

  it("when 12 basic requests of one partner are checked at once by 3 workers, then exactly one notification is recorded", async () => {
    const others = await Promise.all([1, 2].map(() => connectRedis(t.server.url)));
    try {
      const stores: TicketStore[] = [t.store, ...others.map((redis) => createTicketStore(redis, { keys: t.keys, policy: t.policy }))];
      const checks = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 3]!.checkBasicFlood(basic("race", i, 1 + i * 0.01))));

      expect(checks.filter((c) => c.notification !== null)).toHaveLength(1);
      expect(await t.store.listNotifications({ partnerId: "race" })).toHaveLength(1);
      expect((await floodEvents()).filter((e) => e.type === "basic_flood" && e.partnerId === "race")).toHaveLength(1);
    } finally {
      await Promise.all(others.map((redis) => redis.quit()));
    }
  });

  it("when notifications exist for several partners (the tests above), then the global list has them newest first", async () => {
    const all = await t.store.listNotifications({ limit: 10 });
    expect(all.map((n) => n.partnerId)).toEqual(["race", "acme", "acme"]);
    expect(all.slice(1).map((n) => n.notificationId)).toEqual(["flood-acme-12", "flood-acme-5"]);
    expect(await t.store.listNotifications({ limit: 1 })).toEqual(all.slice(0, 1));
    await expect(t.store.listNotifications({ limit: 0 })).rejects.toThrow(RangeError);
  });
});
