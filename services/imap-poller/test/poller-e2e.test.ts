import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPollerHealth } from "../src";
import { EXAMPLES, usePollerFixtures, smallMessages, waitFor, type PollerWorld } from "./support/poller-world";
import { loadPolicy } from "@mailtriage/config";
import { pino } from "pino";
import { createApiDeps } from "../../api/src/api-deps";
import { buildApp } from "../../api/src/app";
import { hashApiKey } from "../../api/src/auth/api-key";

const fx = usePollerFixtures();

describe("IMAP poller, end to end against Dovecot", () => {
  it("when the example emails are appended, then each becomes one result with receivedAt = its internal date, tickets are listed, and every message is flagged \\Seen", async () => {
    const world = await fx.open("e2e-examples");
    const files = readdirSync(`${EXAMPLES}/emails`).filter((f) => f.endsWith(".eml")).sort();
    const base = Date.parse("2026-11-20T20:00:00.000Z");
    const appended = files.map((file, i) => ({ file, raw: new Uint8Array(readFileSync(`${EXAMPLES}/emails/${file}`)), internalDate: new Date(base + i * 60_000) }));
    const uids = await fx.dovecot.append(world.user, "INBOX", appended);

    // One job at a time in UID order, so a reply finds the ticket of the message before it (worker README gap).
    await world.startWorker({ MAILTRIAGE_WORKER_CONCURRENCY: "1" });
    await world.startPoller();
    // A resent duplicate (same Message-ID) makes no record of its own: the earlier result stands (POLICY §7).
    const expected = files.map((f) => JSON.parse(readFileSync(`${EXAMPLES}/expected/${f.replace(/\.eml$/, ".json")}`, "utf8")) as { outcome: string; reason: string | null });
    const distinct = expected.filter((e) => e.reason !== "duplicate").length;
    await waitFor("a result for every example", async () => (await world.recordCount()) >= distinct);

    const records = await world.records();
    const dateOfUid = new Map(uids.map((uid, i) => [uid, appended[i]!.internalDate.toISOString()]));
    expect(records).toHaveLength(distinct);
    for (const record of records) {
      expect(record.intake).toMatchObject({ source: "imap", mailbox: "support" });
      expect(record.result.receivedAt, record.identity).toBe(dateOfUid.get(record.intake?.uid ?? -1));
    }
    // Outcomes as the hand-judged expectations say (examples/expected).
    const byUid = new Map(records.map((r) => [r.intake?.uid, r.result.outcome as string]));
    const mismatched = files.filter((_, i) => expected[i]!.reason !== "duplicate" && byUid.get(uids[i]) !== expected[i]!.outcome);
    expect(mismatched).toEqual([]);

    const tickets = await world.store.listTickets({ limit: 200 });
    const ticketRecords = records.filter((r) => r.result.outcome === "ticket");
    expect(tickets.items.map((t) => t.ticketId).sort()).toEqual(ticketRecords.map((r) => r.ticketId).sort());
    for (const ticket of tickets.items) expect([...dateOfUid.values()]).toContain(ticket.result.receivedAt);

    // The same tickets, with the same internal dates, through the REST API (GET /v1/tickets).
    const key = "mt_poller_e2e_test_key_0123456789abcdef";
    const policy = await loadPolicy();
    const api = createApiDeps(world.redis, { keys: world.keys, policy, settings: { bootstrapKeyHash: hashApiKey(key), keyCacheMs: 0, rateLimit: { max: 100_000, windowMs: 60_000 } } });
    const app = await buildApp(api.deps, { logger: pino({ level: "silent" }) });
    try {
      const response = await app.inject({ method: "GET", url: "/v1/tickets?limit=200", headers: { authorization: `Bearer ${key}` } });
      expect(response.statusCode).toBe(200);
      const listed = response.json<{ items: { ticketId: string; result: { receivedAt: string } }[] }>().items;
      expect(listed.map((t) => t.ticketId).sort()).toEqual(ticketRecords.map((r) => r.ticketId).sort());
      for (const t of listed) expect([...dateOfUid.values()]).toContain(t.result.receivedAt);
    } finally {
      await app.close();
      await api.close();
    }

    const imap = await fx.dovecot.session(world.user);
    await imap.select("INBOX");
    const unseen = await imap.uidSearch("UNSEEN");
    await imap.logout();
    expect(unseen).toEqual([]);
  });

  it("when a message is over the size limit, then it is recorded rejected too_large, moved to the unprocessable folder and never downloaded, while a small one is moved to Processed", async () => {
    const world = await fx.open("e2e-too-large");
    const [small] = smallMessages(1, `small-${world.prefix}`);
    const big = new TextEncoder().encode(`From: Ana <ana@acme-partner.example>\r\nMessage-ID: <big-${world.prefix}@acme-partner.example>\r\nSubject: huge\r\n\r\n${"x".repeat(20_000)}\r\n`);
    const bigDate = new Date("2026-11-20T21:00:00.000Z");
    await fx.dovecot.append(world.user, "INBOX", [
      { raw: big, internalDate: bigDate },
      { raw: small!, internalDate: new Date("2026-11-20T21:01:00.000Z") },
    ]);
    await world.startWorker();
    const service = await world.startPoller({ maxMessageBytes: 10_000, onProcessed: "move", processedFolder: "Processed", unprocessableFolder: "Too big" });
    await waitFor("both results", async () => (await world.recordCount()) >= 2);

    const rejected = await world.store.listMessages({ outcome: "rejected" });
    expect(rejected.items).toHaveLength(1);
    expect(rejected.items[0]!.result).toMatchObject({ outcome: "rejected", reason: "too_large", receivedAt: bigDate.toISOString(), messageId: `<big-${world.prefix}@acme-partner.example>` });
    expect(rejected.items[0]!.result.size).toBeGreaterThan(20_000);
    // Not downloaded: its bytes are nowhere in the raw store.
    expect(await world.redis.exists(world.keys.raw(createHash("sha256").update(big).digest("hex")))).toBe(0);
    expect((await world.store.listTickets()).items).toHaveLength(1);

    const imap = await fx.dovecot.session(world.user);
    const folders = { inbox: await imap.select("INBOX"), tooBig: await imap.select("Too big"), processed: await imap.select("Processed") };
    await imap.logout();
    expect({ inbox: folders.inbox.exists, tooBig: folders.tooBig.exists, processed: folders.processed.exists }).toEqual({ inbox: 0, tooBig: 1, processed: 1 });
    expect(service.health()[0]).toMatchObject({ fetched: 1, tooLarge: 1 });
    const report = await waitFor("health in Redis", async () => {
      const r = await readPollerHealth(world.redis, { prefix: world.prefix, unreachableAfterMs: 60_000 });
      return r.mailboxes[0]?.tooLarge === 1 && r;
    });
    expect(report).toMatchObject({ ready: true, mailboxes: [{ mailboxId: "support", fetched: 1, tooLarge: 1 }] });
  });

  it("when the mailbox is deleted and recreated (new UIDVALIDITY) with the same messages re-sent and two new ones, then it is re-scanned and nothing is ticketed twice", async () => {
    const world = await fx.open("e2e-uidvalidity");
    const tag = `reset-${world.prefix}`;
    const at = (i: number): Date => new Date(Date.parse("2026-11-20T20:00:00.000Z") + i * 1_000);
    await fx.dovecot.append(world.user, "Support", smallMessages(3, tag).map((raw, i) => ({ raw, internalDate: at(i) })));
    await world.startWorker();
    await world.startPoller({ mailbox: "Support" });
    await waitFor("the first 3 results", async () => (await world.recordCount()) >= 3);
    const cursorBefore = await world.redis.get(world.imapKeys.cursor("support"));

    const imap = await fx.dovecot.session(world.user);
    await imap.delete("Support");
    await imap.create("Support");
    // The same three by Message-ID, but other bytes (a relay added a header), then two new ones.
    const resent = smallMessages(3, tag, "X-Relayed: again");
    const fresh = smallMessages(5, tag).slice(3);
    await imap.appendMany("Support", [...resent, ...fresh].map((raw, i) => ({ raw, internalDate: at(i) })));
    await imap.logout();
    // Dovecot drops every session that had the old mailbox open ("session state is inconsistent,
    // please relogin"): the poller reconnects, and each check here logs in afresh.
    const box = await waitFor("every message of the new mailbox flagged \\Seen", async () => {
      const state = await mailboxState(world!, "Support").catch(() => undefined);
      return state !== undefined && state.exists === 5 && state.unseen.length === 0 && state;
    });
    await waitFor("5 results", async () => (await world.recordCount()) >= 5);

    expect(await world.redis.get(world.imapKeys.cursor("support"))).toBe(`${box.uidValidity}:${box.uidNext}`);
    expect(cursorBefore?.split(":")[0]).not.toBe(box.uidValidity);
    expect(await world.recordCount()).toBe(5);
    const tickets = await world.store.listTickets({ limit: 50 });
    expect(tickets.items).toHaveLength(5);
    expect(new Set(tickets.items.map((t) => t.result.messageId)).size).toBe(5);
  });

  it("when a mailbox with mail already in it is first polled with startAt new, then only mail arriving afterwards is triaged and the old mail is left untouched", async () => {
    const world = await fx.open("e2e-start-new");
    const tag = `start-new-${world.prefix}`;
    const messages = smallMessages(7, tag);
    const old = messages.slice(0, 4);
    const fresh = messages.slice(4);
    await fx.dovecot.append(world.user, "INBOX", old.map((raw) => ({ raw, internalDate: new Date() })));
    await world.startWorker();
    await world.startPoller({ startAt: "new" });
    const start = await waitFor("the cursor saved at UIDNEXT", async () => (await world.redis.get(world.imapKeys.cursor("support"))) ?? undefined);
    expect(start.split(":")[1]).toBe("5");

    await fx.dovecot.append(world.user, "INBOX", fresh.map((raw) => ({ raw, internalDate: new Date() })));
    await waitFor("the 3 new messages triaged", async () => (await world.recordCount()) >= 3);
    const state = await waitFor("the new messages flagged \\Seen", async () => {
      const s = await mailboxState(world, "INBOX").catch(() => undefined);
      return s !== undefined && s.unseen.length === 4 && s;
    });

    // The 4 old ones (UIDs 1-4, which a poller reads first) are still unseen and have no record.
    expect(state.unseen).toEqual([1, 2, 3, 4]);
    expect(await world.recordCount()).toBe(3);
    const ids = (await world.records()).map((r) => r.result.messageId).sort();
    const freshIds = fresh.map((raw) => /^Message-ID: (<[^>]+>)/im.exec(Buffer.from(raw).toString("latin1"))![1]).sort();
    expect(ids).toEqual(freshIds);
  });
});

/** A fresh session's view of a mailbox: UIDVALIDITY, UIDNEXT, count and unseen UIDs. */
async function mailboxState(w: PollerWorld, mailbox: string): Promise<{ uidValidity: string; uidNext: number; exists: number; unseen: number[] }> {
  const imap = await fx.dovecot.session(w.user);
  try {
    const box = await imap.select(mailbox);
    return { ...box, unseen: await imap.uidSearch("UNSEEN") };
  } finally {
    await imap.logout();
  }
}
