import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OperatorEvent, SlaPhase } from "../src";
import { ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

// Test tickets: severity 2, premium, 24x7 EU clock, received Fri 2026-11-20 20:00Z →
// acknowledge by 02:00Z next day (6 h), determine by 20:00Z next day (24 h).
let t: TestStore;
let n = 0;

beforeAll(async () => {
  t = await openTestStore("record-event");
});

afterAll(async () => {
  await t.close();
});

async function newTicket(awaitingConsent = false): Promise<string> {
  const decision = ticketDecision({ messageId: `<event-${n++}@acme-partner.example>`, awaitingConsent }, t.policy);
  await t.store.applyDecision(decision);
  return decision.result.ticketId ?? "";
}

async function dueOf(ticketId: string, phase: SlaPhase): Promise<string | null> {
  const score = await t.redis.zscore(t.keys.due(phase), ticketId);
  return score === null ? null : new Date(Number(score)).toISOString();
}

const CASES: [string, OperatorEvent, boolean, { status: string; stopped: SlaPhase[]; started: SlaPhase[]; late: SlaPhase[]; acknowledgeDue: boolean; determineDue: string | null }][] = [
  ["acknowledged in time", { type: "acknowledged", at: "2026-11-20T21:00:00.000Z", by: "agent-7" }, false, { status: "acknowledged", stopped: ["acknowledge"], started: [], late: [], acknowledgeDue: false, determineDue: "2026-11-21T20:00:00.000Z" }],
  ["acknowledged late", { type: "acknowledged", at: "2026-11-21T03:00:00.000Z" }, false, { status: "acknowledged", stopped: ["acknowledge"], started: [], late: ["acknowledge"], acknowledgeDue: false, determineDue: "2026-11-21T20:00:00.000Z" }],
  ["determined", { type: "determined", at: "2026-11-20T22:00:00.000Z" }, false, { status: "determined", stopped: ["acknowledge", "determine"], started: [], late: [], acknowledgeDue: false, determineDue: null }],
  ["resolved", { type: "resolved", at: "2026-11-20T22:00:00.000Z" }, false, { status: "resolved", stopped: ["acknowledge", "determine"], started: [], late: [], acknowledgeDue: false, determineDue: null }],
  ["consent received", { type: "consent_received", at: "2026-11-20T23:00:00.000Z", by: "it@customer.example" }, true, { status: "open", stopped: [], started: ["determine"], late: [], acknowledgeDue: true, determineDue: "2026-11-21T23:00:00.000Z" }],
  ["resolved while awaiting consent", { type: "resolved", at: "2026-11-20T22:00:00.000Z" }, true, { status: "resolved", stopped: ["acknowledge"], started: [], late: [], acknowledgeDue: false, determineDue: null }],
  ["consent received when none was awaited", { type: "consent_received", at: "2026-11-20T23:00:00.000Z" }, false, { status: "open", stopped: [], started: [], late: [], acknowledgeDue: true, determineDue: "2026-11-21T20:00:00.000Z" }],
];

describe("recordEvent", () => {
  it.each(CASES)("when %s is recorded, then the clocks and status change as POLICY §5/§6 say", async (_name, event, awaitingConsent, want) => {
    const ticketId = await newTicket(awaitingConsent);
    const recorded = await t.store.recordEvent(ticketId, event);

    expect(recorded?.effect).toMatchObject({ stopped: want.stopped, started: want.started, late: want.late });
    const view = await t.store.getTicket(ticketId);
    expect(view?.ticket.state.status).toBe(want.status);
    expect(view?.events.at(-1)).toMatchObject({ type: event.type, at: event.at, by: event.by ?? null });
    expect((await dueOf(ticketId, "acknowledge")) !== null).toBe(want.acknowledgeDue);
    expect(await dueOf(ticketId, "determine")).toBe(want.determineDue);
    const listed = await t.store.listTickets({ status: view!.ticket.state.status, limit: 500 });
    expect(listed.items.map((d) => d.ticketId)).toContain(ticketId);
  });

  it("when consent is recorded on a ticket awaiting it, then who gave it and when are kept", async () => {
    const ticketId = await newTicket(true);
    await t.store.recordEvent(ticketId, { type: "consent_received", at: "2026-11-20T23:00:00.000Z", by: "it@customer.example" });
    const doc = await t.store.getTicketDocument(ticketId);
    expect(doc?.state.consent).toMatchObject({ present: true, givenBy: "it@customer.example", givenAt: "2026-11-20T23:00:00.000Z" });
    expect(doc?.state.sla?.determineBy).toBe("2026-11-21T23:00:00.000Z");
  });

  it("when consent arrives after the ticket was resolved, then it is recorded but starts no clock", async () => {
    const ticketId = await newTicket(true);
    await t.store.recordEvent(ticketId, { type: "resolved", at: "2026-11-20T22:00:00.000Z" });
    const recorded = await t.store.recordEvent(ticketId, { type: "consent_received", at: "2026-11-20T23:00:00.000Z", by: "it@customer.example" });

    expect(recorded?.effect.started).toEqual([]);
    expect(recorded?.ticket.state.consent.present).toBe(true);
    expect(await dueOf(ticketId, "determine")).toBeNull();
  });

  it("when a ticket is acknowledged twice, then the second changes no clock but is still in the history", async () => {
    const ticketId = await newTicket();
    await t.store.recordEvent(ticketId, { type: "acknowledged", at: "2026-11-20T21:00:00.000Z" });
    const again = await t.store.recordEvent(ticketId, { type: "acknowledged", at: "2026-11-20T21:05:00.000Z" });

    expect(again?.effect.stopped).toEqual([]);
    expect(again?.ticket.acknowledgedAt).toBe("2026-11-20T21:00:00.000Z");
    expect((await t.store.getTicket(ticketId))?.events.map((e) => e.type)).toEqual(["created", "acknowledged", "acknowledged"]);
  });

  it.each(["MT-ZZZZZZZZZZ", "not a ticket", "MT-0000000000:events"])("when the ticket %j does not exist, then nothing is recorded", async (ticketId) => {
    expect(await t.store.recordEvent(ticketId, { type: "resolved", at: "2026-11-20T21:00:00.000Z" })).toBeNull();
    expect(await t.store.getTicket(ticketId)).toBeNull();
  });

  it("when the event time is not a date, then it is refused", async () => {
    const ticketId = await newTicket();
    await expect(t.store.recordEvent(ticketId, { type: "acknowledged", at: "yesterday" })).rejects.toBeInstanceOf(RangeError);
  });
});
