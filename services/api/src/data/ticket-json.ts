import { createHash } from "node:crypto";
import type { ReplyRecord } from "@mailtriage/mailer";
import { isTicketId, type StoreKeys, type RedisClient } from "@mailtriage/store";
import type { z } from "zod";
import type { TicketReplySchema } from "../schemas/ticket-schemas";

// The document and the three lists in one atomic step (like the store's MULTI in `getTicket`), as
// one EVALSHA: about twice the requests per second of MULTI or a pipeline (bench/api.bench.ts).
const SOURCE =
  "return { redis.call('GET', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[3], 0, -1), redis.call('LRANGE', KEYS[4], 0, -1) }";
const SHA1 = createHash("sha1").update(SOURCE).digest("hex");

/**
 * `GET /v1/tickets/:id` as JSON bytes: `{ ticket, messages, events, replies }` (the store's
 * `TicketView` plus the mailer's replies) assembled from the stored JSON documents as Redis
 * returns them, without decoding, parsing or re-serializing them (the store wrote them; the API
 * passes them on). Only the few reply records are parsed, to leave out what is internal. Null
 * when the ticket is unknown or the id malformed.
 */
export async function readTicketJson(redis: RedisClient, keys: StoreKeys, ticketId: string): Promise<Buffer | null> {
  if (!isTicketId(ticketId)) return null;
  const scriptKeys = [keys.ticket(ticketId), keys.ticketMessages(ticketId), keys.ticketEvents(ticketId), keys.ticketReplies(ticketId)];
  const [doc, identities, events, replies] = (await runScript(redis, scriptKeys)) as [Buffer | null, Buffer[], Buffer[], Buffer[]];
  if (doc === null) return null;
  const records = identities.length === 0 ? [] : await redis.mgetBuffer(identities.map((identity) => keys.message(identity.toString("utf8"))));
  return Buffer.concat([TICKET, doc, MESSAGES, ...joined(records.filter((r) => r !== null)), EVENTS, ...joined(events), REPLIES, repliesJson(replies), END]);
}

const TICKET = Buffer.from('{"ticket":');
const MESSAGES = Buffer.from(',"messages":[');
const EVENTS = Buffer.from('],"events":[');
const REPLIES = Buffer.from('],"replies":');
const END = Buffer.from("}");
const COMMA = Buffer.from(",");
const EMPTY = Buffer.from("[]");

/** JSON texts with commas between them. */
function joined(items: readonly Buffer[]): Buffer[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [COMMA, item]));
}

/**
 * The ticket's replies as the API shows them (`TicketReplySchema`): no event ids, attempts or SMTP
 * responses. A reply recorded twice (its send job retried after the record was written) is
 * shown once, with its latest record, where it first appeared.
 */
function repliesJson(stored: readonly Buffer[]): Buffer {
  if (stored.length === 0) return EMPTY;
  const latest = new Map<string, z.input<typeof TicketReplySchema>>();
  for (const json of stored) {
    const r = JSON.parse(json.toString("utf8")) as ReplyRecord;
    if (r.status === "queued") continue; // only final records are listed; never expected here
    latest.set(r.replyId, { replyId: r.replyId, kind: r.kind, status: r.status, to: r.to, language: r.language, subject: r.subject, messageId: r.messageId, sentAt: r.sentAt });
  }
  return Buffer.from(JSON.stringify([...latest.values()]));
}

async function runScript(redis: RedisClient, keys: string[]): Promise<unknown> {
  try {
    return await redis.callBuffer("EVALSHA", SHA1, keys.length, ...keys);
  } catch (error) {
    // NOSCRIPT: the server does not know it yet (first call, or after a restart).
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.callBuffer("EVAL", SOURCE, keys.length, ...keys);
  }
}
