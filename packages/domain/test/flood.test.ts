import { describe, expect, it } from "vitest";
import { decideBasicFlood } from "../src/flood";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-02T09:00:00.000Z");
const POLICY = { max: 5, windowDays: 7 };

/** `n` ticket times one hour apart, the first at `T0 + startDay` days. */
function tickets(n: number, startDay = 0): number[] {
  return Array.from({ length: n }, (_, i) => T0 + startDay * DAY + i * 3_600_000);
}

describe("decideBasicFlood", () => {
  it.each([
    // [case, ticket times, last notified, now (days after T0), notify, reason, count]
    ["5 basic requests in the window (max 5)", tickets(5), null, 1, false, "within_limit", 5],
    ["6 basic requests in the window", tickets(6), null, 1, true, null, 6],
    ["a 7th request after the 6th was reported", tickets(7), T0 + 5 * 3_600_000, 1, false, "already_notified", 7],
    ["6 requests spread over more than the window", [...tickets(3), ...tickets(3, 8)], null, 8.5, false, "within_limit", 3],
    ["6 new requests a whole window after the last notification", [...tickets(7), ...tickets(6, 9)], T0 + 5 * 3_600_000, 9.5, true, null, 6],
    ["6 new requests less than a window after the last notification", [...tickets(6), ...tickets(6, 3)], T0 + 5 * 3_600_000, 3.5, false, "already_notified", 12],
    ["a notification dated after now (tickets handled out of order)", tickets(6), T0 + 2 * DAY, 1, false, "already_notified", 6],
    ["tickets received after now", [...tickets(5), ...tickets(3, 2)], null, 1, false, "within_limit", 5],
  ] as const)("when %s, then notify is %s", (_case, times, lastNotifiedAt, nowDays, notify, reason, count) => {
    const decision = decideBasicFlood({ basicTicketTimes: times, lastNotifiedAt, now: T0 + nowDays * DAY, policy: POLICY });
    expect(decision.notify).toBe(notify);
    expect(decision.notify ? null : decision.reason).toBe(reason);
    expect(decision.count).toBe(count);
  });

  it("when a flood is found, then the window is the policy's days ending at now", () => {
    const now = T0 + DAY;
    expect(decideBasicFlood({ basicTicketTimes: tickets(6), lastNotifiedAt: null, now, policy: POLICY })).toEqual({ notify: true, count: 6, windowStart: now - 7 * DAY, windowEnd: now });
  });

  it.each([
    // [case, offset of the oldest ticket before now, counted]
    ["exactly windowDays before now, then it is outside the window", 7 * DAY, 5],
    ["one ms less than windowDays before now, then it is inside", 7 * DAY - 1, 6],
  ])("when the oldest of 6 tickets was received %s", (_case, offset, count) => {
    const now = T0 + 10 * DAY;
    const times = [now - offset, ...tickets(5, 9)];
    expect(decideBasicFlood({ basicTicketTimes: times, lastNotifiedAt: null, now, policy: POLICY }).count).toBe(count);
  });

  it.each([
    // [case, last notified relative to now, notify]
    ["exactly one window before now", -7 * DAY, true],
    ["one ms less than a window before now", -7 * DAY + 1, false],
  ])("when the last notification was %s, then notify is %s", (_case, offset, notify) => {
    const now = T0 + 20 * DAY;
    expect(decideBasicFlood({ basicTicketTimes: tickets(6, 19.5), lastNotifiedAt: now + offset, now, policy: POLICY }).notify).toBe(notify);
  });

  it("when the policy window is fractional (12 h), then only requests of the last 12 h count", () => {
    const now = T0 + 13 * 3_600_000;
    const decision = decideBasicFlood({ basicTicketTimes: tickets(14), lastNotifiedAt: null, now, policy: { max: 2, windowDays: 0.5 } });
    expect(decision).toMatchObject({ notify: true, count: 12, windowStart: now - DAY / 2 });
  });

  it("when now is not a number, then it throws a RangeError", () => {
    expect(() => decideBasicFlood({ basicTicketTimes: [], lastNotifiedAt: null, now: Number.NaN, policy: POLICY })).toThrow(RangeError);
  });
});
