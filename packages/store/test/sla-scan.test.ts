import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketEvent } from "../src";
import { ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

// Test tickets: severity 2, 24x7 EU clock, received 2026-11-20 20:00Z → acknowledge by
// 2026-11-21 02:00Z, determine by 2026-11-21 20:00Z.
let t: TestStore;
let n = 0;

beforeAll(async () => {
  t = await openTestStore("sla-scan");
});

afterAll(async () => {
  await t.close();
});

async function newTicket(awaitingConsent = false): Promise<string> {
  const decision = ticketDecision({ messageId: `<scan-${n++}@acme-partner.example>`, awaitingConsent }, t.policy);
  await t.store.applyDecision(decision);
  return decision.result.ticketId ?? "";
}

function breaches(events: readonly TicketEvent[]) {
  return events.filter((e) => e.type === "breached");
}

describe("scanSla", () => {
  it("when the acknowledgement is past due, then the ticket is breached once, with the region's escalation contacts", async () => {
    const ticketId = await newTicket();
    const before = await t.store.scanSla(new Date("2026-11-21T01:59:59.000Z"));
    expect(before.breached.filter((b) => b.ticketId === ticketId)).toEqual([]);

    const first = await t.store.scanSla(new Date("2026-11-21T02:00:30.000Z"));
    const second = await t.store.scanSla(new Date("2026-11-21T02:01:00.000Z"));

    expect(first.breached.filter((b) => b.ticketId === ticketId)).toEqual([{ ticketId, phase: "acknowledge", dueBy: "2026-11-21T02:00:00.000Z" }]);
    expect(second.breached.filter((b) => b.ticketId === ticketId)).toEqual([]);
    const view = await t.store.getTicket(ticketId);
    expect(breaches(view!.events)).toEqual([
      { type: "breached", at: "2026-11-21T02:00:00.000Z", ticketId, phase: "acknowledge", detectedAt: "2026-11-21T02:00:30.000Z", region: "EU", escalation: t.policy.regions.EU!.escalation },
    ]);
    expect(view?.ticket.breaches.acknowledge).toEqual({ dueBy: "2026-11-21T02:00:00.000Z", detectedAt: "2026-11-21T02:00:30.000Z" });
    expect((await t.store.listTickets({ breached: true, limit: 500 })).items.map((d) => d.ticketId)).toContain(ticketId);
    expect((await t.store.listTickets({ breached: false, limit: 500 })).items.map((d) => d.ticketId)).not.toContain(ticketId);
  });

  it("when a ticket was acknowledged in time, then only its determination can breach", async () => {
    const ticketId = await newTicket();
    await t.store.recordEvent(ticketId, { type: "acknowledged", at: "2026-11-20T21:00:00.000Z" });

    const report = await t.store.scanSla(new Date("2026-11-21T20:00:01.000Z"));

    expect(report.breached.filter((b) => b.ticketId === ticketId).map((b) => b.phase)).toEqual(["determine"]);
  });

  it("when a ticket still awaits consent, then its determination never breaches (the clock has not started, POLICY §6)", async () => {
    const ticketId = await newTicket(true);
    const report = await t.store.scanSla(new Date("2026-12-31T00:00:00.000Z"));
    expect(report.breached.filter((b) => b.ticketId === ticketId).map((b) => b.phase)).toEqual(["acknowledge"]);
  });

  it("when a ticket is acknowledged after its breach, then the breach stays and the event says it was late", async () => {
    const ticketId = await newTicket();
    await t.store.scanSla(new Date("2026-11-21T02:00:30.000Z"));
    const recorded = await t.store.recordEvent(ticketId, { type: "acknowledged", at: "2026-11-21T02:10:00.000Z" });

    expect(recorded?.effect).toMatchObject({ stopped: ["acknowledge"], late: ["acknowledge"] });
    expect(recorded?.ticket.breaches.acknowledge).not.toBeNull();
  });
});
