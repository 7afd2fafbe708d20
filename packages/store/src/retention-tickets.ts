import { messageIndexMember, type MessageRecord } from "./message-record";
import type { RetentionContext } from "./retention";
import { ticketEntries, type TicketDocument } from "./ticket-document";
import { WritePlan } from "./write-plan";

/** What happened to one candidate of the resolved set. */
type TicketExpiry = { kind: "removed"; records: number } | { kind: "kept" };

/**
 * Removes the tickets of the resolved set whose `resolvedAt` is at or before `cutoffMs`, oldest
 * first, `batch` per round, at most `maxRounds` rounds. A candidate whose ticket changed since
 * it was read is kept for the next sweep; a stale entry (ticket gone, or reopened) is put right.
 */
export async function expireResolvedTickets(ctx: RetentionContext, cutoffMs: number, batch: number, maxRounds: number): Promise<{ tickets: number; records: number; more: boolean }> {
  const out = { tickets: 0, records: 0, more: false };
  for (let round = 0; round < maxRounds; round++) {
    const ids = await ctx.redis.zrangebyscore(ctx.keys.resolvedTickets, "-inf", cutoffMs, "LIMIT", 0, batch);
    // The tickets of one round are independent: their reads and scripts share the connection's pipeline.
    const expiries = await Promise.all(ids.map((id) => expireTicket(ctx, id, cutoffMs)));
    for (const expiry of expiries) {
      if (expiry.kind !== "removed") continue;
      out.tickets++;
      out.records += expiry.records;
    }
    out.more = ids.length === batch;
    if (!out.more) break;
  }
  return out;
}

/**
 * One ticket with everything it owns, in one commit guarded by the version read: the document,
 * version, message list, events and replies; its messages' records, raw bytes, re-drive
 * counters, thread entries and message-index entries; its ticket-index, due-set and resolved-set
 * entries (`ticketEntries`) and its entry in the partner's basic-flood set. A follow-up or
 * event landing first bumps the version, so the commit changes nothing (`conflict`).
 */
async function expireTicket(ctx: RetentionContext, ticketId: string, cutoffMs: number): Promise<TicketExpiry> {
  const { redis, keys } = ctx;
  const replies = await redis.multi().get(keys.ticket(ticketId)).lrange(keys.ticketMessages(ticketId), 0, -1).exec();
  const [[docError, json], [listError, listed]] = (replies ?? []) as [[Error | null, string | null], [Error | null, string[]]];
  if (docError ?? listError) throw docError ?? listError;
  if (json === null) {
    await redis.zrem(keys.resolvedTickets, ticketId);
    return { kind: "kept" };
  }
  const doc = JSON.parse(json) as TicketDocument;
  const resolvedMs = doc.state.status === "resolved" && doc.resolvedAt !== null ? Date.parse(doc.resolvedAt) : Number.NaN;
  const guard = { version: { key: keys.ticketVersion(ticketId), expected: doc.version } };
  if (!(resolvedMs <= cutoffMs)) {
    // Not (or no longer) a candidate: its resolved-set entry becomes what the document says (as the SLA scan does with due sets).
    const should = ticketEntries(doc, keys).filter((e) => e.key === keys.resolvedTickets);
    await new WritePlan().reindex([{ key: keys.resolvedTickets, member: ticketId, score: Number.NaN }], should).commit(redis, guard);
    return { kind: "kept" };
  }
  const identities = listed;
  const records = identities.length === 0 ? [] : await redis.mget(identities.map((identity) => keys.message(identity)));
  const plan = new WritePlan();
  for (const key of [keys.ticket(ticketId), keys.ticketVersion(ticketId), keys.ticketMessages(ticketId), keys.ticketEvents(ticketId), keys.ticketReplies(ticketId)]) plan.del(key);
  for (const entry of ticketEntries(doc, keys)) plan.zrem(entry);
  if (doc.result.partner !== null) plan.zrem({ key: keys.basicTickets(doc.result.partner.id), member: ticketId });
  identities.forEach((identity, i) => {
    plan.del(keys.message(identity));
    const stored = records[i];
    if (stored === null || stored === undefined) return;
    const record = JSON.parse(stored) as MessageRecord;
    plan.zrem({ key: keys.messageIndex(record.result.outcome), member: messageIndexMember(record) });
    plan.del(keys.raw(record.rawSha256)).del(keys.redrive(record.rawSha256));
    if (record.result.messageId !== null) plan.del(keys.thread(record.result.messageId));
  });
  const outcome = await plan.commit(redis, guard);
  return outcome.kind === "applied" ? { kind: "removed", records: records.filter((r) => r !== null).length } : { kind: "kept" };
}

/**
 * One-time catch-up for tickets resolved before the resolved set existed: walks the
 * `status:resolved` index from where it stopped (`keys.retentionBackfill`) and enters each
 * resolved ticket with its `resolvedAt` (`ZADD NX`: an entry written by a later change wins).
 * An entry added for a ticket reopened meanwhile is put right by `expireTicket`.
 */
export async function backfillResolved(ctx: RetentionContext, batch: number, maxRounds: number): Promise<{ added: number; done: boolean }> {
  const { redis, keys } = ctx;
  let added = 0;
  for (let round = 0; round < maxRounds; round++) {
    const cursor = await redis.get(keys.retentionBackfill);
    if (cursor === "done") return { added, done: true };
    const members = await redis.zrangebylex(keys.ticketIndex("status", "resolved"), cursor === null ? "-" : `(${cursor}`, "+", "LIMIT", 0, batch);
    const docs = members.length === 0 ? [] : await redis.mget(members.map((m) => keys.ticket(m.slice(m.indexOf("|") + 1))));
    const tx = redis.multi();
    for (const json of docs) {
      const doc = json === null ? null : (JSON.parse(json) as TicketDocument);
      const entry = doc === null ? undefined : ticketEntries(doc, keys).find((e) => e.key === keys.resolvedTickets);
      if (entry !== undefined) tx.zadd(entry.key, "NX", entry.score, entry.member);
    }
    tx.set(keys.retentionBackfill, members.length < batch ? "done" : (members.at(-1) ?? "done"));
    const results = (await tx.exec()) ?? [];
    for (const [error, value] of results.slice(0, -1)) {
      if (error) throw error;
      added += Number(value);
    }
    if (members.length < batch) return { added, done: true };
  }
  return { added, done: false };
}
