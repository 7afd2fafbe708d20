import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRetention, hashIdentity, KEEP_FOREVER, messageIdentity, type MessageRecord, type RetentionSettings, type TicketQuery } from "../src";
import { followupDecision, otherDecision, sha, ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

// Test tickets are received 2026-11-20T20:00Z (decisions.ts). A resolved ticket is kept 30 days
// after its resolvedAt; message records 10 days after receipt. Every sweep gets an explicit `now`.
const DAY = 86_400_000;
const TICKETS_30_DAYS: RetentionSettings = { ...KEEP_FOREVER, resolvedTicketsMs: 30 * DAY };
const RESOLVED_AT = "2026-11-21T00:00:00.000Z";
const EXPIRED_AT = new Date(Date.parse(RESOLVED_AT) + 30 * DAY);

let t: TestStore;

beforeEach(async () => {
  t = await openTestStore("retention");
});

afterEach(async () => {
  await t.close();
});

/** A ticket from `messageId`, its raw bytes stored, optionally resolved at `resolvedAt`. */
async function ticket(messageId: string, resolvedAt?: string): Promise<string> {
  const decision = ticketDecision({ messageId }, t.policy);
  await t.redis.set(t.keys.raw(decision.rawSha256), `raw bytes of ${messageId}`);
  await t.store.applyDecision(decision);
  const id = decision.result.ticketId ?? "";
  if (resolvedAt !== undefined) await t.store.recordEvent(id, { type: "resolved", at: resolvedAt, by: "agent-7" });
  return id;
}

async function followup(ticketId: string, messageId: string): Promise<void> {
  const parent = await t.store.getTicketDocument(ticketId);
  const decision = followupDecision(parent!, messageId, "2026-11-20T21:00:00.000Z", t.policy);
  await t.redis.set(t.keys.raw(decision.rawSha256), `raw bytes of ${messageId}`);
  expect((await t.store.applyDecision(decision)).kind).toBe("applied");
}

/** Every key of the test's prefix with, for sorted sets, their members: what could still point at a ticket. */
async function storeContents(): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await t.redis.scan(cursor, "MATCH", `${t.keys.root}:*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      out.push(key);
      if ((await t.redis.type(key)) === "zset") out.push(...(await t.redis.zrange(key, 0, -1)).map((member) => `${key} ∋ ${member}`));
    }
  } while (cursor !== "0");
  return out.sort();
}

/** Every list filter a user could use on these tickets. */
const FILTERS: TicketQuery[] = [
  {},
  { status: "resolved" },
  { status: "open" },
  { severity: 2 },
  { partner: "acme" },
  { language: "en" },
  { breached: false },
  { receivedFrom: "2026-11-20T00:00:00Z", receivedTo: "2026-11-21T00:00:00Z" },
  { status: "resolved", partner: "acme", severity: 2 },
];

describe("sweepRetention: resolved tickets", () => {
  it("when a resolved ticket is past its retention, then it goes with everything it owns, and an open and a recently resolved ticket stay", async () => {
    const old = await ticket("<old@acme-partner.example>", RESOLVED_AT);
    await t.store.recordEvent(old, { type: "acknowledged", at: "2026-11-20T22:00:00.000Z" }); // an event after resolving: still resolved
    await followup(old, "<old-reply@acme-partner.example>");
    await t.store.recordEvent(old, { type: "resolved", at: RESOLVED_AT }); // the follow-up reopened it
    await t.store.checkBasicFlood({ ticketId: old, partnerId: "acme", accountManager: "pam@vendor.example", receivedAt: "2026-11-20T20:00:00.000Z" });
    await t.redis.rpush(t.keys.ticketReplies(old), JSON.stringify({ replyId: "r1" }));
    const open = await ticket("<open@acme-partner.example>");
    const recent = await ticket("<recent@acme-partner.example>", "2026-12-15T00:00:00.000Z");
    const oldTraces = [old, ...["<old@acme-partner.example>", "<old-reply@acme-partner.example>"].flatMap((id) => [sha(id), hashIdentity(id), hashIdentity(messageIdentity(id, sha(id)))])];
    expect((await storeContents()).filter((entry) => oldTraces.some((trace) => entry.includes(trace))).length).toBeGreaterThan(10);

    const report = await createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS }).sweep(EXPIRED_AT);

    expect(report).toEqual({ tickets: 1, records: 2, backfilled: 0, more: false });
    expect(await t.store.getTicket(old)).toBeNull();
    expect((await storeContents()).filter((entry) => oldTraces.some((trace) => entry.includes(trace)))).toEqual([]);
    for (const filter of FILTERS) {
      const listed = (await t.store.listTickets({ ...filter, limit: 500 })).items.map((doc) => doc.ticketId);
      expect(listed, JSON.stringify(filter)).not.toContain(old);
    }
    expect((await t.store.listTickets({ status: "resolved" })).items.map((doc) => doc.ticketId)).toEqual([recent]);
    expect((await t.store.listTickets({ status: "open" })).items.map((doc) => doc.ticketId)).toEqual([open]);
    for (const kept of [open, recent]) expect((await t.store.getTicket(kept))?.messages).toHaveLength(1);
    expect(await t.store.lookupThread({ messageIds: ["<old@acme-partner.example>", "<recent@acme-partner.example>"], ticketIds: [] })).toMatchObject({ byMessageId: new Map([["<recent@acme-partner.example>", recent]]) });
  });

  it.each([
    ["one millisecond before its retention ends", -1, false],
    ["exactly when its retention ends", 0, true],
  ])("when the sweep runs %s (%s ms), then the ticket is removed: %s", async (_when, offsetMs, removed) => {
    const id = await ticket("<edge@acme-partner.example>", RESOLVED_AT);
    const report = await createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS }).sweep(new Date(EXPIRED_AT.getTime() + offsetMs));
    expect(report.tickets).toBe(removed ? 1 : 0);
    expect((await t.store.getTicket(id)) === null).toBe(removed);
  });

  it("when the sweep runs again at the same instant, then it removes nothing and changes nothing", async () => {
    await ticket("<a@acme-partner.example>", RESOLVED_AT);
    await ticket("<b@acme-partner.example>");
    const retention = createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS });
    expect((await retention.sweep(EXPIRED_AT)).tickets).toBe(1);
    const after = await storeContents();

    expect(await retention.sweep(EXPIRED_AT)).toEqual({ tickets: 0, records: 0, backfilled: 0, more: false });
    expect(await storeContents()).toEqual(after);
  });

  it("when more tickets expired than one sweep may remove, then each sweep removes at most its limit and the next ones go on", async () => {
    for (let i = 0; i < 5; i++) await ticket(`<bulk-${i}@acme-partner.example>`, RESOLVED_AT);
    const retention = createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS });
    const reports = [];
    for (let i = 0; i < 4; i++) reports.push(await retention.sweep(EXPIRED_AT, { batch: 2, maxRounds: 1 }));

    expect(reports.map((r) => [r.tickets, r.more])).toEqual([[2, true], [2, true], [1, false], [0, false]]);
    expect((await t.store.listTickets()).items).toEqual([]);
  });

  it("when a follow-up reopened a resolved ticket, then it is no longer a candidate and stays", async () => {
    const id = await ticket("<reopened@acme-partner.example>", RESOLVED_AT);
    await followup(id, "<reopened-reply@acme-partner.example>");

    const report = await createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS }).sweep(new Date(EXPIRED_AT.getTime() + 365 * DAY));
    expect(report.tickets).toBe(0);
    expect((await t.store.getTicket(id))?.ticket.state.status).toBe("open");
    expect(await t.redis.zscore(t.keys.resolvedTickets, id)).toBeNull();
  });

  it("when the ticket changed after the sweep read it (its version moved on), then the sweep leaves it for the next run", async () => {
    const id = await ticket("<busy@acme-partner.example>", RESOLVED_AT);
    const version = Number(await t.redis.get(t.keys.ticketVersion(id)));
    // What a concurrent writer leaves between the sweep's read and its commit: a newer version.
    await t.redis.set(t.keys.ticketVersion(id), String(version + 1));
    const retention = createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS });
    expect((await retention.sweep(EXPIRED_AT)).tickets).toBe(0);
    expect(await t.store.getTicket(id)).not.toBeNull();

    await t.redis.set(t.keys.ticketVersion(id), String(version));
    expect((await retention.sweep(EXPIRED_AT)).tickets).toBe(1);
  });

  it("when tickets were resolved before the resolved set existed, then the first sweeps enter them and they expire like the others", async () => {
    const early = await ticket("<before-upgrade@acme-partner.example>", RESOLVED_AT);
    const late = await ticket("<before-upgrade-2@acme-partner.example>", "2026-12-15T00:00:00.000Z");
    await t.redis.del(t.keys.resolvedTickets, t.keys.retentionBackfill); // as an installation from before this index

    const report = await createRetention(t.redis, { keys: t.keys, settings: TICKETS_30_DAYS }).sweep(EXPIRED_AT, { batch: 1 });
    expect(report).toMatchObject({ backfilled: 2, tickets: 1 });
    expect(await t.store.getTicket(early)).toBeNull();
    expect(Number(await t.redis.zscore(t.keys.resolvedTickets, late))).toBe(Date.parse("2026-12-15T00:00:00.000Z"));
    expect(await t.redis.get(t.keys.retentionBackfill)).toBe("done");
  });

  it("when no ticket period is set, then resolved tickets are kept forever", async () => {
    const id = await ticket("<forever@acme-partner.example>", RESOLVED_AT);
    const report = await createRetention(t.redis, { keys: t.keys, settings: KEEP_FOREVER }).sweep(new Date("2126-01-01T00:00:00Z"));
    expect(report.tickets).toBe(0);
    expect(await t.store.getTicket(id)).not.toBeNull();
  });
});

describe("sweepRetention: rejected, ignored and failed records", () => {
  const RECORDS_10_DAYS: RetentionSettings = { ...KEEP_FOREVER, recordsMs: 10 * DAY };

  async function record(outcome: "rejected" | "ignored" | "failed", id: string, receivedAt: string): Promise<MessageRecord> {
    const decision = otherDecision(outcome, id, receivedAt);
    await t.redis.set(t.keys.raw(decision.rawSha256), `raw bytes of ${id}`);
    await t.redis.incr(t.keys.redrive(decision.rawSha256));
    const outcomeOf = await t.store.applyDecision(decision);
    if (outcomeOf.kind !== "applied") throw new Error(`not applied: ${outcomeOf.kind}`);
    return outcomeOf.record;
  }

  const identities = async (outcome: "rejected" | "ignored" | "failed") => (await t.store.listMessages({ outcome, limit: 500 })).items.map((r) => r.identity);

  it("when records are past their period, then they go with their raw bytes, newer ones stay, and failed ones follow their own period", async () => {
    const now = new Date("2026-12-10T00:00:00.000Z");
    const old = { rejected: await record("rejected", "<spam@gmail.example>", "2026-11-29T23:59:59.999Z"), ignored: await record("ignored", "<ooo@acme-partner.example>", "2026-11-20T20:00:00.000Z") };
    const recent = { rejected: await record("rejected", "<spam-2@gmail.example>", "2026-11-30T00:00:00.001Z"), ignored: await record("ignored", "<ooo-2@acme-partner.example>", "2026-12-09T00:00:00.000Z") };
    const failed = await record("failed", "unparseable bytes", "2026-11-01T00:00:00.000Z");

    const first = await createRetention(t.redis, { keys: t.keys, settings: RECORDS_10_DAYS }).sweep(now);
    expect(first).toEqual({ tickets: 0, records: 2, backfilled: 0, more: false });
    expect(await identities("rejected")).toEqual([recent.rejected.identity]);
    expect(await identities("ignored")).toEqual([recent.ignored.identity]);
    for (const gone of Object.values(old)) {
      expect(await t.store.getMessageResult(gone.identity)).toBeNull();
      expect(await t.redis.exists(t.keys.raw(gone.rawSha256), t.keys.redrive(gone.rawSha256))).toBe(0);
    }
    for (const kept of [...Object.values(recent), failed]) expect(await t.redis.exists(t.keys.raw(kept.rawSha256))).toBe(1);
    expect(await identities("failed")).toEqual([failed.identity]);

    const second = await createRetention(t.redis, { keys: t.keys, settings: { ...RECORDS_10_DAYS, failedMs: 30 * DAY } }).sweep(now);
    expect(second.records).toBe(1);
    expect(await identities("failed")).toEqual([]);
    expect(await t.redis.exists(t.keys.raw(failed.rawSha256), t.keys.redrive(failed.rawSha256), t.keys.message(failed.identity))).toBe(0);
  });

  it("when many records expired, then each sweep removes at most its limit", async () => {
    for (let i = 0; i < 5; i++) await record("ignored", `<bulk-${i}@acme-partner.example>`, "2026-11-20T20:00:00.000Z");
    const retention = createRetention(t.redis, { keys: t.keys, settings: RECORDS_10_DAYS });
    const now = new Date("2027-01-01T00:00:00Z");
    const counts = [];
    for (let i = 0; i < 4; i++) counts.push((await retention.sweep(now, { batch: 2, maxRounds: 1 })).records);
    expect(counts).toEqual([2, 2, 1, 0]);
  });
});

describe("retainRaw: raw bytes expire after their message was processed", () => {
  const RAW_7_DAYS: RetentionSettings = { ...KEEP_FOREVER, rawMs: 7 * DAY, failedMs: 7 * DAY };
  // Far ahead of the wall clock, so Redis (whose clock decides) keeps the key and reports its expiry.
  const RECORDED = "2099-01-01T00:00:00.000Z";

  const recordOf = (outcome: "ticket" | "failed", rawSha256: string, recordedAt = RECORDED) =>
    ({ rawSha256, recordedAt, result: { outcome } }) as Pick<MessageRecord, "rawSha256" | "recordedAt" | "result">;

  it.each([
    ["a ticket's own bytes", RAW_7_DAYS, "ticket", "same", Date.parse(RECORDED) + 7 * DAY],
    ["a failed message's own bytes (kept for re-drive)", RAW_7_DAYS, "failed", "same", -1],
    ["other bytes of a message recorded as failed (a repeat)", RAW_7_DAYS, "failed", "other", Date.parse(RECORDED) + 7 * DAY],
    ["any bytes while raw bytes are kept forever", KEEP_FOREVER, "ticket", "same", -1],
  ] as const)("when %s are retained, then their expiry is as configured", async (_name, settings, outcome, bytes, want) => {
    const raw = sha("raw under test");
    await t.redis.set(t.keys.raw(raw), "bytes", "PX", 60_000); // any expiry set before is replaced (or removed for failed)
    const expected = want === -1 && settings === KEEP_FOREVER ? "unchanged" : want;
    await createRetention(t.redis, { keys: t.keys, settings }).retainRaw(raw, recordOf(outcome, bytes === "same" ? raw : sha("recorded bytes")));
    const expiresAt = await t.redis.call("PEXPIRETIME", t.keys.raw(raw));
    if (expected === "unchanged") expect(Number(expiresAt)).toBeGreaterThan(Date.now());
    else expect(Number(expiresAt)).toBe(expected);
  });

  it("when the message was recorded longer ago than the period (a late repeat), then its bytes go at once", async () => {
    const raw = sha("late repeat");
    await t.redis.set(t.keys.raw(raw), "bytes");
    await createRetention(t.redis, { keys: t.keys, settings: RAW_7_DAYS }).retainRaw(raw, recordOf("ticket", sha("first copy"), "2020-01-01T00:00:00.000Z"));
    expect(await t.redis.exists(t.keys.raw(raw))).toBe(0);
  });
});
