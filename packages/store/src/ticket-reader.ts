import type { ThreadKeys, ThreadLookup } from "@mailtriage/domain";
import type { MessageRecord } from "./message-record";
import { isTicketId, type StoreContext } from "./store-context";
import type { TicketEvent } from "./store-event";
import type { TicketDocument } from "./ticket-document";

/** A ticket with its messages (oldest first) and events (oldest first). */
export interface TicketView {
  ticket: TicketDocument;
  messages: MessageRecord[];
  events: TicketEvent[];
}

/** The ticket document, or null (also for a malformed id). */
export async function getTicketDocument(ctx: StoreContext, ticketId: string): Promise<TicketDocument | null> {
  if (!isTicketId(ticketId)) return null;
  const json = await ctx.redis.get(ctx.keys.ticket(ticketId));
  return json === null ? null : (JSON.parse(json) as TicketDocument);
}

/** The ticket with its messages and events, or null (also for a malformed id). */
export async function getTicket(ctx: StoreContext, ticketId: string): Promise<TicketView | null> {
  if (!isTicketId(ticketId)) return null;
  const { redis, keys } = ctx;
  // MULTI: the document, its message list and its events from the same instant.
  const replies = await redis.multi().get(keys.ticket(ticketId)).lrange(keys.ticketMessages(ticketId), 0, -1).lrange(keys.ticketEvents(ticketId), 0, -1).exec();
  const [doc, identities, events] = (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  }) as [string | null, string[], string[]];
  if (doc === null) return null;
  const records = identities.length === 0 ? [] : await redis.mget(identities.map((i) => keys.message(i)));
  return {
    ticket: JSON.parse(doc) as TicketDocument,
    messages: records.flatMap((r) => (r === null ? [] : [JSON.parse(r) as MessageRecord])),
    events: events.map((e) => JSON.parse(e) as TicketEvent),
  };
}

/** The record of a message identity (`messageIdentity(messageId, rawSha256)`), or null. */
export async function getMessage(ctx: StoreContext, identity: string): Promise<MessageRecord | null> {
  const json = await ctx.redis.get(ctx.keys.message(identity));
  return json === null ? null : (JSON.parse(json) as MessageRecord);
}

/**
 * What the store knows about a message's thread keys (the domain's `threadKeys`), in the shape
 * `matchThread` takes: stored Message-ID → ticket id, and which referenced tickets exist.
 */
export async function lookupThread(ctx: StoreContext, threadKeys: ThreadKeys): Promise<ThreadLookup> {
  const { redis, keys } = ctx;
  // References can be long; only the newest ones matter for threading, and each costs a key.
  const messageIds = threadKeys.messageIds.slice(0, 50);
  const ticketIds = threadKeys.ticketIds.filter(isTicketId).slice(0, 20);
  if (messageIds.length === 0 && ticketIds.length === 0) return { byMessageId: new Map(), existingTickets: new Set() };
  // One pipeline: one write and one wait however many keys (issue 3).
  const pipeline = redis.pipeline();
  if (messageIds.length > 0) pipeline.mget(messageIds.map((id) => keys.thread(id)));
  for (const id of ticketIds) pipeline.exists(keys.ticket(id));
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const found = (messageIds.length > 0 ? replies.shift() : []) as (string | null)[];
  const byMessageId = new Map<string, string>();
  found.forEach((ticketId, i) => {
    const messageId = messageIds[i];
    if (ticketId !== null && messageId !== undefined) byMessageId.set(messageId, ticketId);
  });
  return { byMessageId, existingTickets: new Set(ticketIds.filter((_, i) => replies[i] === 1)) };
}
