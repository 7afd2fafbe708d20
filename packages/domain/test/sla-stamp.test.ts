import { PolicySchema, type Band, type Policy, type Tier } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import defaultPolicy from "../../../policy/default-policy.json" with { type: "json" };
import { chooseBand, pickHours, stampSla, startDetermination, type SlaInput } from "../src/sla";

const POLICY: Policy = PolicySchema.parse(defaultPolicy);
const EU = POLICY.regions.EU!;

function input(overrides: Partial<SlaInput>): SlaInput {
  return { receivedAt: "2026-11-20T20:00:00.000Z", severity: 2, critical: false, band: "upper", region: EU, targets: POLICY.severityTargets, awaitingConsent: false, ...overrides };
}

describe("stampSla", () => {
  it("when a severity 2 ticket from an authorized partner arrives Friday 20:00 London, then acknowledgement is due Monday 08:00", () => {
    const sla = stampSla(input({}));
    expect(sla).toEqual({
      clock: "24x5",
      timezone: "Europe/London",
      acknowledgeBy: "2026-11-23T08:00:00.000Z",
      determineBy: "2026-11-24T20:00:00.000Z",
      acknowledgeRangeHours: [6, 12],
      determineRangeHours: [24, 48],
      acknowledgeHours: 12,
      determineHours: 48,
      band: "upper",
      determinationStartedAt: "2026-11-20T20:00:00.000Z",
    });
  });

  it("when a critical case arrives Friday 20:00 for a premium partner, then the 24x7 clock gives 1 h and 2 h", () => {
    const sla = stampSla(input({ severity: 1, critical: true, band: "lower" }));
    expect(sla).toMatchObject({ clock: "24x7", acknowledgeBy: "2026-11-20T21:00:00.000Z", determineBy: "2026-11-20T22:00:00.000Z", acknowledgeRangeHours: [1, 3], determineRangeHours: [2, 8] });
  });

  it.each([
    // [severity, band, receivedAt, ackHours, detHours, acknowledgeBy, determineBy]
    [1, "midpoint", "2026-11-20T22:00:00.000Z", 2, 5, "2026-11-21T00:00:00.000Z", "2026-11-23T03:00:00.000Z"],
    // 60 h from Wednesday noon end exactly at Friday 24:00: due Saturday 00:00, not Monday.
    [3, "midpoint", "2026-11-18T12:00:00.000Z", 20, 60, "2026-11-19T08:00:00.000Z", "2026-11-21T00:00:00.000Z"],
    [3, "lower", "2026-11-21T12:00:00.000Z", 16, 48, "2026-11-23T16:00:00.000Z", "2026-11-25T00:00:00.000Z"],
    [2, "midpoint", "2026-11-20T20:00:00.000Z", 9, 36, "2026-11-23T05:00:00.000Z", "2026-11-24T08:00:00.000Z"],
  ] as const)("when severity %s on the %s band arrives %s, then the deadlines follow the 24x5 clock", (severity, band, receivedAt, ack, det, ackBy, detBy) => {
    const sla = stampSla(input({ severity, band, receivedAt }));
    expect(sla).toMatchObject({ acknowledgeHours: ack, determineHours: det, acknowledgeBy: ackBy, determineBy: detBy, band });
  });

  it.each([
    // Friday 20:00 local in each region, as UTC; 12 h → Monday 08:00 local, 48 h → Tuesday 20:00 local.
    ["ANZ", "2026-11-20T09:00:00.000Z", "2026-11-22T21:00:00.000Z", "2026-11-24T09:00:00.000Z"],
    ["APAC", "2026-11-20T12:00:00.000Z", "2026-11-23T00:00:00.000Z", "2026-11-24T12:00:00.000Z"],
    ["IN", "2026-11-20T14:30:00.000Z", "2026-11-23T02:30:00.000Z", "2026-11-24T14:30:00.000Z"],
    ["MEA", "2026-11-20T16:00:00.000Z", "2026-11-23T04:00:00.000Z", "2026-11-24T16:00:00.000Z"],
    ["EU", "2026-11-20T20:00:00.000Z", "2026-11-23T08:00:00.000Z", "2026-11-24T20:00:00.000Z"],
    ["US", "2026-11-21T01:00:00.000Z", "2026-11-23T13:00:00.000Z", "2026-11-25T01:00:00.000Z"],
    ["LATAM", "2026-11-21T02:00:00.000Z", "2026-11-23T14:00:00.000Z", "2026-11-25T02:00:00.000Z"],
    ["CA", "2026-11-21T01:00:00.000Z", "2026-11-23T13:00:00.000Z", "2026-11-25T01:00:00.000Z"],
    ["BR", "2026-11-20T23:00:00.000Z", "2026-11-23T11:00:00.000Z", "2026-11-24T23:00:00.000Z"],
  ])("when region %s receives a ticket Friday 20:00 local, then the clock follows its own zone", (code, receivedAt, ackBy, detBy) => {
    const region = POLICY.regions[code]!;
    const sla = stampSla(input({ receivedAt, region }));
    expect(sla).toMatchObject({ timezone: region.timezone, acknowledgeBy: ackBy, determineBy: detBy });
  });

  it("when the region has a holiday, then the 24x5 deadlines skip it", () => {
    const sla = stampSla(input({ region: { ...EU, holidays: ["2026-11-23"] } }));
    expect(sla).toMatchObject({ acknowledgeBy: "2026-11-24T08:00:00.000Z", determineBy: "2026-11-25T20:00:00.000Z" });
  });

  it("when a target's midpoint is fractional, then minutes count", () => {
    const targets = { ...POLICY.severityTargets, "1": { acknowledgeHours: [1, 2] as [number, number], determineHours: [4, 5] as [number, number] } };
    const sla = stampSla(input({ severity: 1, band: "midpoint", targets, receivedAt: "2026-11-18T10:00:00.000Z" }));
    expect(sla).toMatchObject({ acknowledgeHours: 1.5, acknowledgeBy: "2026-11-18T11:30:00.000Z", determineHours: 4.5, determineBy: "2026-11-18T14:30:00.000Z" });
  });

  it("when consent is awaited, then acknowledgement is due but determination has not started", () => {
    const sla = stampSla(input({ awaitingConsent: true }));
    expect(sla).toMatchObject({ acknowledgeBy: "2026-11-23T08:00:00.000Z", determineBy: null, determinationStartedAt: null });
  });

  it("when receivedAt carries an offset, then the stamp is written in UTC", () => {
    const sla = stampSla(input({ receivedAt: "2026-11-20T21:00:00+01:00" }));
    expect(sla.determinationStartedAt).toBe("2026-11-20T20:00:00.000Z");
    expect(sla.acknowledgeBy).toBe("2026-11-23T08:00:00.000Z");
  });

  it("when receivedAt is not ISO-8601, then it throws naming the field", () => {
    expect(() => stampSla(input({ receivedAt: "Friday evening" }))).toThrow(/receivedAt/);
  });
});

describe("startDetermination", () => {
  const awaiting = stampSla(input({ awaitingConsent: true }));

  it.each([
    ["on Monday 10:00", "2026-11-23T10:00:00.000Z", [], "2026-11-25T10:00:00.000Z"],
    ["on Monday 10:00 before a Tuesday holiday", "2026-11-23T10:00:00.000Z", ["2026-11-24"], "2026-11-26T10:00:00.000Z"],
    ["on Saturday", "2026-11-28T15:00:00.000Z", [], "2026-12-02T00:00:00.000Z"],
  ])("when consent arrives %s, then determination counts from then", (_case, at, holidays, determineBy) => {
    const sla = startDetermination(awaiting, at, holidays);
    expect(sla).toEqual({ ...awaiting, determineBy, determinationStartedAt: at });
  });

  it("when consent arrives on a critical ticket, then its 24x7 clock is kept", () => {
    const critical = stampSla(input({ severity: 1, critical: true, band: "lower", awaitingConsent: true }));
    expect(startDetermination(critical, "2026-11-21T12:00:00.000Z", [])).toMatchObject({ clock: "24x7", determineBy: "2026-11-21T14:00:00.000Z" });
  });
});

describe("pickHours", () => {
  it.each([
    [[1, 3], "lower", 1],
    [[1, 3], "midpoint", 2],
    [[1, 3], "upper", 3],
    [[6, 12], "midpoint", 9],
    [[1, 2], "midpoint", 1.5],
    [[48, 72], "midpoint", 60],
  ] as const)("when the range is %j and the band %s, then it is %s h", (range, band, hours) => {
    expect(pickHours(range, band)).toBe(hours);
  });
});

describe("chooseBand", () => {
  it.each([
    ["premium", false, "lower"],
    ["advanced", false, "midpoint"],
    ["authorized", false, "upper"],
    [null, false, "upper"],
    ["premium", true, "lower"],
    ["advanced", true, "lower"],
    ["authorized", true, "lower"],
    [null, true, "lower"],
  ] as const)("when the tier is %s and large account is %s, then the band is %s", (tier, large, band) => {
    expect(chooseBand(tier, large, POLICY.tierBands)).toBe(band);
  });

  it.each([
    ["premium", "lower"],
    ["advanced", "midpoint"],
    ["authorized", "midpoint"],
  ] as const)("when the large-account band is midpoint and the tier is %s, then the better band %s wins", (tier: Tier, band: Band) => {
    expect(chooseBand(tier, true, { ...POLICY.tierBands, largeAccount: "midpoint" })).toBe(band);
  });
});
