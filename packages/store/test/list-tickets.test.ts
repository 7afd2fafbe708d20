import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError, lexMember, runningDue, type TicketDocument, type TicketQuery } from "../src";
import { ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

let t: TestStore;
const docs: TicketDocument[] = [];
const BASE = Date.parse("2026-11-20T08:00:00.000Z");
const PARTNERS = ["acme", "datenwerk", null, "acme", "techbridge"] as const;
const LANGUAGES = ["en", "es", "de", null] as const;

beforeAll(async () => {
  t = await openTestStore("list-tickets");
  // 130 tickets, three to four sharing each receive instant (cursors must not skip or repeat ties).
  for (let i = 0; i < 130; i++) {
    const decision = ticketDecision(
      {
        messageId: `<list-${i}@example.test>`,
        receivedAt: new Date(BASE + (i % 40) * 60_000).toISOString(),
        severity: ((i % 3) + 1) as 1 | 2 | 3,
        partner: PARTNERS[i % PARTNERS.length],
        language: LANGUAGES[i % LANGUAGES.length],
        awaitingConsent: i % 7 === 0,
      },
      t.policy,
    );
    const outcome = await t.store.applyDecision(decision);
    if (outcome.kind === "applied" && outcome.ticket) docs.push(outcome.ticket);
  }
});

afterAll(async () => {
  await t.close();
});

function expected(query: TicketQuery): string[] {
  const from = query.receivedFrom === undefined ? -Infinity : Date.parse(query.receivedFrom);
  const to = query.receivedTo === undefined ? Infinity : Date.parse(query.receivedTo);
  return docs
    .filter((d) => query.status === undefined || d.state.status === query.status)
    .filter((d) => query.severity === undefined || d.result.severity === query.severity)
    .filter((d) => query.partner === undefined || d.result.partner?.id === query.partner)
    .filter((d) => query.language === undefined || d.result.language === query.language)
    .filter((d) => query.breached === undefined || query.breached === (d.breaches.acknowledge !== null || d.breaches.determine !== null))
    .filter((d) => Date.parse(d.receivedAt) >= from && Date.parse(d.receivedAt) < to)
    .filter((d) => query.dueBefore === undefined || (["acknowledge", "determine"] as const).some((p) => d.breaches[p] === null && (runningDue(d, p) ?? Infinity) <= Date.parse(query.dueBefore!)))
    .map((d) => lexMember(d.receivedAt, d.ticketId))
    .sort()
    .reverse()
    .map((m) => m.slice(m.indexOf("|") + 1));
}

async function allPages(query: TicketQuery, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await t.store.listTickets({ ...query, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((d) => d.ticketId));
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 100);
  return { ids, pages };
}

const QUERIES: [string, TicketQuery][] = [
  ["no filter", {}],
  ["status", { status: "awaiting_consent" }],
  ["severity", { severity: 1 }],
  ["partner and severity", { partner: "datenwerk", severity: 2 }],
  ["language, status and severity", { language: "es", status: "open", severity: 3 }],
  ["received range", { receivedFrom: new Date(BASE + 10 * 60_000).toISOString(), receivedTo: new Date(BASE + 20 * 60_000).toISOString() }],
  ["partner from a time on", { partner: "acme", receivedFrom: new Date(BASE + 30 * 60_000).toISOString() }],
  ["not breached", { breached: false }],
  ["due within 2.5 hours", { dueBefore: new Date(BASE + 150 * 60_000).toISOString() }],
  ["due soon for one partner", { dueBefore: new Date(BASE + 8 * 3600_000).toISOString(), partner: "acme" }],
  ["nothing matches", { partner: "nobody" }],
];

describe("listTickets", () => {
  it.each(QUERIES)("when filtering by %s and paging 7 at a time, then every match comes once, newest first", async (name, query) => {
    const { ids } = await allPages(query, 7);
    expect(ids).toEqual(expected(query));
    if (name !== "nothing matches") expect(ids.length).toBeGreaterThan(1);
  });

  it("when listing 130 tickets 50 at a time, then there are three pages and only the last has no cursor", async () => {
    const { ids, pages } = await allPages({}, 50);
    expect(ids).toHaveLength(130);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(130);
  });

  it.each(["not-a-cursor", "", Buffer.from("000000000000001|MT-0000000000 OR 1").toString("base64url")])("when the cursor is %j, then the list refuses it", async (cursor) => {
    await expect(t.store.listTickets({ cursor: cursor === "" ? "%%%" : cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it.each([0, 501, 2.5])("when the limit is %s, then the list refuses it", async (limit) => {
    await expect(t.store.listTickets({ limit })).rejects.toBeInstanceOf(RangeError);
  });
});
