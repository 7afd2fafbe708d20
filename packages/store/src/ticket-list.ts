import type { Language, Status } from "@mailtriage/contracts";
import { lexTime, type MessageOutcome } from "./keys";
import type { MessageRecord } from "./message-record";
import { intersectScript } from "./scripts/intersect-script";
import type { StoreContext } from "./store-context";
import type { TicketDocument } from "./ticket-document";

/** Filters of `GET /v1/tickets` (CONTRACT); all optional, combined with AND. */
export interface TicketQuery {
  status?: Status;
  severity?: 1 | 2 | 3;
  /** Partner id (unregistered senders have none). */
  partner?: string;
  language?: Language;
  /** True: a phase was breached; false: none was. */
  breached?: boolean;
  /** Received at or after, ISO-8601 (inclusive). */
  receivedFrom?: string;
  /** Received before, ISO-8601 (exclusive). */
  receivedTo?: string;
  /** A running, not yet breached SLA phase is due at or before this instant, ISO-8601 (what is about to breach). */
  dueBefore?: string;
  /** Page size, 1-500 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page; absent or null for the first. */
  cursor?: string | null;
}

/**
 * One page, newest first. `nextCursor` is null on the last page. A page may hold fewer than
 * `limit` items and still have a cursor when a very selective filter ran out of scan budget.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor that this store did not hand out (the API answers 400). */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

/** Index members looked at per filtered-list call before returning a short page. */
const SCAN_BUDGET = 5_000;

/** Tickets matching every filter, newest received first, with an opaque cursor. */
export async function listTickets(ctx: StoreContext, query: TicketQuery): Promise<Page<TicketDocument>> {
  const { keys } = ctx;
  const indexes: string[] = [];
  if (query.status !== undefined) indexes.push(keys.ticketIndex("status", query.status));
  if (query.severity !== undefined) indexes.push(keys.ticketIndex("severity", String(query.severity)));
  if (query.partner !== undefined) indexes.push(keys.ticketIndex("partner", query.partner));
  if (query.language !== undefined) indexes.push(keys.ticketIndex("language", query.language));
  if (query.breached !== undefined) indexes.push(keys.ticketIndex("breached", query.breached ? "yes" : "no"));
  if (indexes.length === 0) indexes.push(keys.ticketIndex("all"));
  let due: DueFilter | undefined;
  if (query.dueBefore !== undefined) {
    const ms = Date.parse(query.dueBefore);
    if (Number.isNaN(ms)) throw new RangeError(`dueBefore: not a date: ${query.dueBefore}`);
    due = { keys: [keys.due("acknowledge"), keys.due("determine")], maxMs: ms };
  }
  const page = await pageOfMembers(ctx, indexes, query, due);
  const docs = page.members.length === 0 ? [] : await ctx.redis.mget(page.members.map((m) => keys.ticket(idOf(m))));
  return { items: docs.flatMap((d) => (d === null ? [] : [JSON.parse(d) as TicketDocument])), nextCursor: page.nextCursor };
}

/** Message records of one outcome (e.g. `failed`, for a person to look at and re-drive), newest first. */
export async function listMessages(ctx: StoreContext, query: { outcome: MessageOutcome; limit?: number; cursor?: string | null }): Promise<Page<MessageRecord>> {
  const page = await pageOfMembers(ctx, [ctx.keys.messageIndex(query.outcome)], query);
  const docs = page.members.length === 0 ? [] : await ctx.redis.mget(page.members.map((m) => ctx.keys.messageByHash(idOf(m))));
  return { items: docs.flatMap((d) => (d === null ? [] : [JSON.parse(d) as MessageRecord])), nextCursor: page.nextCursor };
}

interface DueFilter {
  keys: string[];
  maxMs: number;
}

interface RangeQuery {
  receivedFrom?: string;
  receivedTo?: string;
  limit?: number;
  cursor?: string | null;
}

async function pageOfMembers(ctx: StoreContext, indexes: readonly string[], query: RangeQuery, due?: DueFilter): Promise<{ members: string[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new RangeError(`limit must be an integer from 1 to 500, got ${limit}`);
  const after = query.cursor === undefined || query.cursor === null ? null : decodeCursor(query.cursor);
  const max = after !== null ? `(${after}` : query.receivedTo !== undefined ? `(${lexTime(query.receivedTo)}` : "+";
  const min = query.receivedFrom !== undefined ? `[${lexTime(query.receivedFrom)}` : "-";
  // One more than asked tells whether another page exists.
  const wanted = limit + 1;
  let members: string[];
  let resume: string | null = null;
  const [only] = indexes;
  if (indexes.length === 1 && only !== undefined && due === undefined) {
    members = await ctx.redis.zrevrangebylex(only, max, min, "LIMIT", 0, wanted);
  } else {
    const args = [max, min, wanted, SCAN_BUDGET, indexes.length, due === undefined ? "" : due.maxMs];
    const [found, last, exhausted] = (await intersectScript.run(ctx.redis, [...indexes, ...(due?.keys ?? [])], args)) as [string[], string, number];
    members = found;
    if (found.length < wanted && exhausted !== 1 && last !== "") resume = last;
  }
  if (members.length > limit) return { members: members.slice(0, limit), nextCursor: encodeCursor(members[limit - 1] ?? "") };
  return { members, nextCursor: resume === null ? null : encodeCursor(resume) };
}

function idOf(member: string): string {
  return member.slice(member.indexOf("|") + 1);
}

function encodeCursor(member: string): string {
  return Buffer.from(member, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  const member = cursor.length <= 200 ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!/^\d{15}\|[0-9A-Za-z-]{1,64}$/.test(member)) throw new InvalidCursorError("cursor is not one this API handed out");
  return member;
}
