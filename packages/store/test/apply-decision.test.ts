import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketStore, messageIdentity, type TicketStore } from "../src";
import { followupDecision, otherDecision, ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

let t: TestStore;

beforeAll(async () => {
  t = await openTestStore("apply-decision");
});

afterAll(async () => {
  await t.close();
});

describe("applyDecision", () => {
  it("when the same decision is applied twice, then the second returns the first record and there is one ticket", async () => {
    const decision = ticketDecision({ messageId: "<twice@acme-partner.example>" }, t.policy);
    const first = await t.store.applyDecision(decision);
    const second = await t.store.applyDecision({ ...decision, result: { ...decision.result, severity: 3 } });

    expect(first.kind).toBe("applied");
    expect(second.kind).toBe("duplicate");
    if (second.kind !== "duplicate") return;
    expect(second.record.result.severity).toBe(2);
    const view = await t.store.getTicket(decision.result.ticketId ?? "");
    expect(view?.messages).toHaveLength(1);
    expect(view?.events.map((e) => e.type)).toEqual(["created"]);
    expect(view?.ticket.version).toBe(1);
  });

  it("when 20 writers on 4 connections apply the same message at once, then exactly one applies and one ticket exists", async () => {
    const connections = await Promise.all([0, 1, 2, 3].map(() => new Redis(t.server.url)));
    try {
      const stores: TicketStore[] = connections.map((redis) => createTicketStore(redis, { keys: t.keys, policy: t.policy }));
      const decision = ticketDecision({ messageId: "<race@acme-partner.example>" }, t.policy);
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 4]!.applyDecision(decision)));

      expect(outcomes.filter((o) => o.kind === "applied")).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === "duplicate")).toHaveLength(19);
      const listed = await t.store.listTickets({ limit: 500 });
      expect(listed.items.filter((d) => d.ticketId === decision.result.ticketId)).toHaveLength(1);
      const view = await t.store.getTicket(decision.result.ticketId ?? "");
      expect(view?.messages).toHaveLength(1);
      expect(view?.events).toHaveLength(1);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });

  it("when a follow-up is applied, then the parent gains the message, an event and a version, and the reply threads to it", async () => {
    const created = ticketDecision({ messageId: "<parent@acme-partner.example>" }, t.policy);
    await t.store.applyDecision(created);
    const parent = await t.store.getTicketDocument(created.result.ticketId ?? "");
    const outcome = await t.store.applyDecision(followupDecision(parent!, "<reply@acme-partner.example>", "2026-11-20T20:30:00.000Z", t.policy));

    expect(outcome.kind).toBe("applied");
    const view = await t.store.getTicket(parent!.ticketId);
    expect(view?.ticket.version).toBe(2);
    expect(view?.ticket.messageCount).toBe(2);
    expect(view?.messages.map((m) => m.identity)).toEqual(["id:<parent@acme-partner.example>", "id:<reply@acme-partner.example>"]);
    expect(view?.events.map((e) => e.type)).toEqual(["created", "followup"]);
    const lookup = await t.store.lookupThread({ messageIds: ["<reply@acme-partner.example>", "<unknown@x.example>"], ticketIds: [parent!.ticketId, "MT-0000000000"] });
    expect(lookup.byMessageId.get("<reply@acme-partner.example>")).toBe(parent!.ticketId);
    expect(lookup.byMessageId.has("<unknown@x.example>")).toBe(false);
    expect([...lookup.existingTickets]).toEqual([parent!.ticketId]);
  });

  it("when the parent changed after it was read, then the follow-up is a conflict and writes nothing", async () => {
    const created = ticketDecision({ messageId: "<busy@acme-partner.example>" }, t.policy);
    await t.store.applyDecision(created);
    const stale = await t.store.getTicketDocument(created.result.ticketId ?? "");
    await t.store.applyDecision(followupDecision(stale!, "<first-reply@acme-partner.example>", "2026-11-20T20:10:00.000Z", t.policy));

    const late = followupDecision(stale!, "<second-reply@acme-partner.example>", "2026-11-20T20:11:00.000Z", t.policy);
    const outcome = await t.store.applyDecision(late);

    expect(outcome).toEqual({ kind: "conflict", ticketId: stale!.ticketId });
    expect(await t.store.getMessageResult("id:<second-reply@acme-partner.example>")).toBeNull();
    const fresh = await t.store.getTicketDocument(stale!.ticketId);
    expect(fresh?.version).toBe(2);
    const retried = await t.store.applyDecision(followupDecision(fresh!, "<second-reply@acme-partner.example>", "2026-11-20T20:11:00.000Z", t.policy));
    expect(retried.kind).toBe("applied");
    expect((await t.store.getTicketDocument(stale!.ticketId))?.messageCount).toBe(3);
  });

  it("when a follow-up from the customer brings the awaited consent, then consent is recorded, determination starts and the ticket opens", async () => {
    const created = ticketDecision({ messageId: "<consent@acme-partner.example>", awaitingConsent: true }, t.policy);
    await t.store.applyDecision(created);
    const parent = await t.store.getTicketDocument(created.result.ticketId ?? "");
    expect(await t.redis.zscore(t.keys.due("determine"), parent!.ticketId)).toBeNull();

    await t.store.applyDecision(followupDecision(parent!, "<consent-reply@customer.example>", "2026-11-20T21:00:00.000Z", t.policy, true));

    const view = await t.store.getTicket(parent!.ticketId);
    expect(view?.ticket.state.status).toBe("open");
    expect(view?.ticket.state.consent).toMatchObject({ present: true, givenBy: "it@customer.example", givenAt: "2026-11-20T21:00:00.000Z" });
    expect(view?.ticket.state.sla?.determinationStartedAt).toBe("2026-11-20T21:00:00.000Z");
    expect(view?.events.map((e) => e.type)).toEqual(["created", "followup", "consent_received"]);
    expect(await t.redis.zscore(t.keys.due("determine"), parent!.ticketId)).toBe(String(Date.parse(view!.ticket.state.sla!.determineBy!)));
    const open = await t.store.listTickets({ status: "open", limit: 500 });
    const awaiting = await t.store.listTickets({ status: "awaiting_consent", limit: 500 });
    expect(open.items.map((d) => d.ticketId)).toContain(parent!.ticketId);
    expect(awaiting.items.map((d) => d.ticketId)).not.toContain(parent!.ticketId);
  });

  it("when a follow-up reopens a resolved ticket, then it is open again but its stopped clocks stay stopped", async () => {
    const created = ticketDecision({ messageId: "<resolved@acme-partner.example>" }, t.policy);
    await t.store.applyDecision(created);
    const ticketId = created.result.ticketId ?? "";
    await t.store.recordEvent(ticketId, { type: "resolved", at: "2026-11-20T20:30:00.000Z" });
    const resolved = await t.store.getTicketDocument(ticketId);

    await t.store.applyDecision(followupDecision(resolved!, "<reopen@acme-partner.example>", "2026-11-23T09:00:00.000Z", t.policy));

    const view = await t.store.getTicket(ticketId);
    expect(view?.ticket.state.status).toBe("open");
    expect(view?.events.map((e) => e.type)).toEqual(["created", "resolved", "followup", "reopened"]);
    expect(await t.redis.zscore(t.keys.due("acknowledge"), ticketId)).toBeNull();
    const scan = await t.store.scanSla(new Date("2026-11-24T00:00:00.000Z"));
    expect(scan.breached.filter((b) => b.ticketId === ticketId)).toEqual([]);
  });

  it.each(["rejected", "ignored", "failed"] as const)("when a %s decision is applied, then it is a message record and no ticket", async (outcome) => {
    const decision = otherDecision(outcome, `<${outcome}@free.example>`);
    const applied = await t.store.applyDecision(decision);

    expect(applied.kind).toBe("applied");
    const identity = messageIdentity(decision.result.messageId, decision.rawSha256);
    expect((await t.store.getMessageResult(identity))?.result.outcome).toBe(outcome);
    const listed = await t.store.listMessages({ outcome });
    expect(listed.items.map((r) => r.identity)).toContain(identity);
    expect((await t.store.applyDecision(decision)).kind).toBe("duplicate");
  });

  it("when a failed message is re-driven and now parses, then the failed record is replaced by the new result", async () => {
    const failed = otherDecision("failed", "redrive-me");
    await t.store.applyDecision(failed);
    const failedIdentity = messageIdentity(null, failed.rawSha256);
    const parsed = ticketDecision({ messageId: "<redriven@acme-partner.example>" }, t.policy);

    const outcome = await t.store.applyDecision({ ...parsed, rawSha256: failed.rawSha256, redriveOf: failedIdentity });

    expect(outcome.kind).toBe("applied");
    expect(await t.store.getMessageResult(failedIdentity)).toBeNull();
    expect((await t.store.listFailed({ limit: 500 })).items.map((r) => r.identity)).not.toContain(failedIdentity);
    expect((await t.store.getMessageResult("id:<redriven@acme-partner.example>"))?.result.outcome).toBe("ticket");
  });
});
