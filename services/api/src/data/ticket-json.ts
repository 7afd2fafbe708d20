import { createHash } from "node:crypto";
import { isTicketId, type StoreKeys } from "@mailtriage/store";
import type { Redis } from "ioredis";

// The document and both lists in one atomic step (like the store's MULTI in `getTicket`), as
// one EVALSHA: about twice the requests per second of MULTI or a pipeline (bench/api.bench.ts).
const SOURCE = "return { redis.call('GET', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[3], 0, -1) }";
const SHA1 = createHash("sha1").update(SOURCE).digest("hex");

/**
 * `GET /v1/tickets/:id` as JSON bytes: `{ ticket, messages, events }` (the store's `TicketView`)
 * assembled from the stored JSON documents as Redis returns them, without decoding, parsing or
 * re-serializing them (the store wrote them; the API passes them on). Null when the ticket is
 * unknown or the id malformed.
 */
export async function readTicketJson(redis: Redis, keys: StoreKeys, ticketId: string): Promise<Buffer | null> {
  if (!isTicketId(ticketId)) return null;
  const scriptKeys = [keys.ticket(ticketId), keys.ticketMessages(ticketId), keys.ticketEvents(ticketId)];
  const [doc, identities, events] = (await runScript(redis, scriptKeys)) as [Buffer | null, Buffer[], Buffer[]];
  if (doc === null) return null;
  const records = identities.length === 0 ? [] : await redis.mgetBuffer(identities.map((identity) => keys.message(identity.toString("utf8"))));
  return Buffer.concat([TICKET, doc, MESSAGES, ...joined(records.filter((r) => r !== null)), EVENTS, ...joined(events), END]);
}

const TICKET = Buffer.from('{"ticket":');
const MESSAGES = Buffer.from(',"messages":[');
const EVENTS = Buffer.from('],"events":[');
const END = Buffer.from("]}");
const COMMA = Buffer.from(",");

/** JSON texts with commas between them. */
function joined(items: readonly Buffer[]): Buffer[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [COMMA, item]));
}

async function runScript(redis: Redis, keys: string[]): Promise<unknown> {
  try {
    return await redis.callBuffer("EVALSHA", SHA1, keys.length, ...keys);
  } catch (error) {
    // NOSCRIPT: the server does not know it yet (first call, or after a restart).
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.callBuffer("EVAL", SOURCE, keys.length, ...keys);
  }
}
