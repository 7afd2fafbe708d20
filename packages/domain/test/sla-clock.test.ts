import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addClockHours, type ClockSpec } from "../src/sla";

const LONDON: ClockSpec = { kind: "24x5", zone: "Europe/London", holidays: [] };
const NEW_YORK: ClockSpec = { kind: "24x5", zone: "America/New_York", holidays: [] };
const CAIRO: ClockSpec = { kind: "24x5", zone: "Africa/Cairo", holidays: [] };
const LONDON_7: ClockSpec = { ...LONDON, kind: "24x7" };
const NEW_YORK_7: ClockSpec = { ...NEW_YORK, kind: "24x7" };

/** Start given as local wall time in the clock's zone; expected due time in UTC, worked out by hand. */
function due(localStart: string, hours: number, clock: ClockSpec): string | null {
  return addClockHours(DateTime.fromISO(localStart, { zone: clock.zone }), hours, clock).toUTC().toISO();
}

describe("addClockHours on the 24x5 clock (POLICY §5)", () => {
  it.each([
    // Friday 20:00 GMT, 12 h: 4 h left on Friday, 8 h on Monday (the POLICY's worked example).
    ["a 12 h budget starts Friday 20:00", "2026-11-20T20:00", 12, LONDON, "2026-11-23T08:00:00.000Z"],
    ["the budget ends exactly at Friday 24:00", "2026-11-20T20:00", 4, LONDON, "2026-11-21T00:00:00.000Z"],
    ["the budget ends half an hour after Friday 24:00", "2026-11-20T20:00", 4.5, LONDON, "2026-11-23T00:30:00.000Z"],
    ["the message arrives on Saturday", "2026-11-21T10:00", 1, LONDON, "2026-11-23T01:00:00.000Z"],
    ["the message arrives a minute before Monday", "2026-11-22T23:59", 1.5, LONDON, "2026-11-23T01:30:00.000Z"],
    ["the message arrives at Monday 00:00", "2026-11-23T00:00", 24, LONDON, "2026-11-24T00:00:00.000Z"],
    ["the budget stays inside the week", "2026-11-18T09:00", 16, LONDON, "2026-11-19T01:00:00.000Z"],
    ["4.5 days start Monday 00:00", "2026-11-16T00:00", 108, LONDON, "2026-11-20T12:00:00.000Z"],
    ["72 h start Thursday noon", "2026-11-19T12:00", 72, LONDON, "2026-11-24T12:00:00.000Z"],
    ["the budget is zero", "2026-11-21T10:00", 0, LONDON, "2026-11-21T10:00:00.000Z"],
    // Friday 25 December is a holiday: Thursday's 4 h, then Monday.
    ["Christmas Friday is a holiday", "2026-12-24T20:00", 12, { ...LONDON, holidays: ["2026-12-25"] }, "2026-12-28T08:00:00.000Z"],
    ["the Monday after is a holiday too", "2026-12-24T20:00", 12, { ...LONDON, holidays: ["2026-12-25", "2026-12-28"] }, "2026-12-29T08:00:00.000Z"],
    ["the message arrives on a holiday", "2026-12-25T09:00", 2, { ...LONDON, holidays: ["2026-12-25"] }, "2026-12-28T02:00:00.000Z"],
    // DST weekends: Friday 20:00 in winter time, Monday 08:00 in summer time (and back).
    ["London springs forward over the weekend", "2026-03-27T20:00", 12, LONDON, "2026-03-30T07:00:00.000Z"],
    ["London falls back over the weekend", "2026-10-23T20:00", 12, LONDON, "2026-10-26T08:00:00.000Z"],
    ["New York springs forward over the weekend", "2026-03-06T20:00", 12, NEW_YORK, "2026-03-09T12:00:00.000Z"],
    ["New York falls back over the weekend", "2026-10-30T20:00", 12, NEW_YORK, "2026-11-02T13:00:00.000Z"],
    // Cairo changes clocks on weekdays: Friday 24 April 2026 has 23 h, Thursday 29 October 25 h.
    ["a 23-hour Friday (Cairo) is crossed", "2026-04-23T12:00", 24, CAIRO, "2026-04-24T10:00:00.000Z"],
    ["a 25-hour Thursday (Cairo) holds 24 real hours", "2026-10-29T00:00", 24, CAIRO, "2026-10-29T21:00:00.000Z"],
    ["a 25-hour Thursday (Cairo) is used up exactly", "2026-10-29T00:00", 25, CAIRO, "2026-10-29T22:00:00.000Z"],
  ])("when %s, then it is due at the right instant", (_case, start, hours, clock, expected) => {
    expect(due(start, hours, clock)).toBe(expected);
  });

  it("when the result is read locally, then the worked example is due Monday 08:00", () => {
    const result = addClockHours(DateTime.fromISO("2026-11-20T20:00:00Z"), 12, LONDON);
    expect(result.toFormat("cccc HH:mm")).toBe("Monday 08:00");
  });
});

describe("addClockHours on the 24x7 clock (critical cases)", () => {
  it.each([
    ["the budget runs across the weekend", "2026-11-20T20:00", 12, LONDON_7, "2026-11-21T08:00:00.000Z"],
    ["London springs forward during the budget", "2026-03-28T23:00", 3, LONDON_7, "2026-03-29T02:00:00.000Z"],
    ["London falls back during the budget", "2026-10-25T00:30", 2, LONDON_7, "2026-10-25T01:30:00.000Z"],
    ["New York springs forward during the budget", "2026-03-08T01:00", 2, NEW_YORK_7, "2026-03-08T08:00:00.000Z"],
    ["New York falls back during the budget", "2026-11-01T00:30", 3, NEW_YORK_7, "2026-11-01T07:30:00.000Z"],
    ["a holiday is listed", "2026-12-25T09:00", 1.5, { ...LONDON_7, holidays: ["2026-12-25"] }, "2026-12-25T10:30:00.000Z"],
  ])("when %s, then real elapsed hours count", (_case, start, hours, clock, expected) => {
    expect(due(start, hours, clock)).toBe(expected);
  });
});

describe("addClockHours guards", () => {
  const start = DateTime.fromISO("2026-11-20T20:00:00Z");
  it.each([
    ["a billion hours", 1e9, LONDON, /clock hours/],
    ["negative hours", -1, LONDON, /clock hours/],
    ["NaN hours", Number.NaN, LONDON, /clock hours/],
    ["infinite hours on 24x7", Number.POSITIVE_INFINITY, LONDON_7, /clock hours/],
    ["an unknown zone", 1, { ...LONDON, zone: "Mars/Olympus_Mons" }, /not a valid IANA time zone/],
  ])("when given %s, then it throws a clear error", (_case, hours, clock, message) => {
    expect(() => addClockHours(start, hours, clock)).toThrow(message);
  });

  it("when the start is an invalid time, then it throws", () => {
    expect(() => addClockHours(DateTime.fromISO("not a date"), 1, LONDON)).toThrow(/not a valid time/);
  });

  it("when holidays close every weekday for years, then it throws instead of looping", () => {
    const first = DateTime.fromISO("2026-11-20", { zone: "utc" });
    const holidays = Array.from({ length: 4200 }, (_, i) => first.plus({ days: i }).toISODate() ?? "");
    expect(() => addClockHours(start, 1, { ...LONDON, holidays })).toThrow(/no open time/);
  });
});
