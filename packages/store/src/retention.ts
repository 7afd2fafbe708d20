import type { StoreKeys } from "./keys";
import type { MessageRecord } from "./message-record";
import type { RedisClient } from "./redis-connection";
import { expireRecords } from "./retention-records";
import { backfillResolved, expireResolvedTickets } from "./retention-tickets";

/** Job name of the repeatable retention sweep on `MAINTENANCE_QUEUE` (beside the SLA scan). */
export const RETENTION_SWEEP_JOB = "retention-sweep";

/**
 * How long the store keeps what (README "Retention and export"). Every period is in ms;
 * null keeps that data forever (the default: deleting data is opt-in).
 */
export interface RetentionSettings {
  /** A resolved ticket goes this long after its `resolvedAt`, with everything it owns (`sweepRetention`). */
  resolvedTicketsMs: number | null;
  /**
   * Raw bytes of a decided message expire this long after its record was stored (`retainRaw`,
   * a Redis TTL). Not the raw bytes of a `failed` message: those stay with the failed record.
   */
  rawMs: number | null;
  /** `rejected` and `ignored` message records (and their raw bytes) go this long after the message was received. */
  recordsMs: number | null;
  /** `failed` message records and their raw bytes (what a re-drive needs) go this long after the message was received. */
  failedMs: number | null;
}

/** Nothing expires. */
export const KEEP_FOREVER: RetentionSettings = { resolvedTicketsMs: null, rawMs: null, recordsMs: null, failedMs: null };

/** What one sweep removed. */
export interface RetentionReport {
  /** Resolved tickets removed, each with its messages, events, replies, version, thread and index entries. */
  tickets: number;
  /** Message records removed (with their raw bytes): the removed tickets' messages and expired rejected / ignored / failed records. */
  records: number;
  /** Resolved tickets from before the resolved set existed, entered into it (a one-time catch-up). */
  backfilled: number;
  /** True when the batch limit stopped the sweep with expired data left: the next sweep goes on. */
  more: boolean;
}

/** Batch limits of one sweep: `batch` items per round (default 200), at most `maxRounds` rounds per kind (default 50). */
export interface SweepLimits {
  batch?: number;
  maxRounds?: number;
}

/** What the sweep and the raw-bytes TTL need. */
export interface RetentionContext {
  redis: RedisClient;
  keys: StoreKeys;
}

/**
 * Removes what is past its period at `now` (ms after the stored times, `settings`):
 * - resolved tickets with every key and index entry they own, one compare-and-set script per
 *   ticket (a ticket changed meanwhile, e.g. reopened by a follow-up, is left alone);
 * - `rejected` / `ignored` records after `recordsMs`, `failed` ones after `failedMs`, each with
 *   its raw bytes, by one script per batch that skips a record re-driven meanwhile.
 * Bounded (`limits`) and idempotent: what is removed leaves the indexes the sweep reads, so a
 * second sweep at the same `now` finds nothing. Counts go to `keys.retentionRemoved` (metrics).
 * Deleting a message record ends its idempotency: the same message delivered again later is
 * triaged as new (README "Retention and export").
 */
export async function sweepRetention(ctx: RetentionContext, settings: RetentionSettings, now: Date, limits: SweepLimits = {}): Promise<RetentionReport> {
  const batch = limits.batch ?? 200;
  const maxRounds = limits.maxRounds ?? 50;
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(maxRounds) || maxRounds < 1) throw new RangeError(`sweep limits: batch and maxRounds must be positive integers, got ${batch} and ${maxRounds}`);
  const report: RetentionReport = { tickets: 0, records: 0, backfilled: 0, more: false };
  const at = now.getTime();
  if (settings.resolvedTicketsMs !== null) {
    const backfill = await backfillResolved(ctx, batch, maxRounds);
    const removed = await expireResolvedTickets(ctx, at - settings.resolvedTicketsMs, batch, maxRounds);
    report.backfilled = backfill.added;
    report.tickets = removed.tickets;
    report.records += removed.records;
    report.more ||= !backfill.done || removed.more;
  }
  const periods = [
    ["rejected", settings.recordsMs],
    ["ignored", settings.recordsMs],
    ["failed", settings.failedMs],
  ] as const;
  for (const [outcome, period] of periods) {
    if (period === null) continue;
    const removed = await expireRecords(ctx, outcome, at - period, batch, maxRounds);
    report.records += removed.records;
    report.more ||= removed.more;
  }
  if (report.tickets > 0 || report.records > 0) {
    await ctx.redis.multi().hincrby(ctx.keys.retentionRemoved, "tickets", report.tickets).hincrby(ctx.keys.retentionRemoved, "records", report.records).exec();
  }
  return report;
}

/**
 * Gives the raw bytes of a processed message their expiry, once its record is stored or found
 * (a repeat): `rawSha256` (the bytes this job read) expires at the record's `recordedAt` plus
 * `rawMs` — Redis deletes them then, so memory stays bounded whatever arrives, repeats with
 * different bytes included. The bytes of a `failed` record stay (PERSIST): a re-drive needs
 * them; they go with the record (`failedMs`). Nothing happens when `rawMs` is null. An expiry
 * already past deletes the bytes at once.
 */
export async function retainRaw(ctx: RetentionContext, rawMs: number | null, rawSha256: string, record: Pick<MessageRecord, "rawSha256" | "recordedAt" | "result">): Promise<void> {
  if (rawMs === null) return;
  const key = ctx.keys.raw(rawSha256);
  if (record.result.outcome === "failed" && record.rawSha256 === rawSha256) {
    await ctx.redis.persist(key);
    return;
  }
  const recordedMs = Date.parse(record.recordedAt);
  if (!Number.isFinite(recordedMs)) throw new RangeError(`recordedAt: not a date: ${record.recordedAt}`);
  await ctx.redis.pexpireat(key, recordedMs + rawMs);
}

/** The retention of one installation: its settings, the sweep and the raw-bytes expiry. */
export interface Retention {
  readonly settings: RetentionSettings;
  /** True when any period is set (else there is nothing to schedule). */
  readonly enabled: boolean;
  /** `sweepRetention` with these settings. */
  sweep(now: Date, limits?: SweepLimits): Promise<RetentionReport>;
  /** `retainRaw` with these settings: call it once a message's record is stored or found. */
  retainRaw(rawSha256: string, record: Pick<MessageRecord, "rawSha256" | "recordedAt" | "result">): Promise<void>;
}

/** Retention on `redis` (not owned: the caller closes it). @throws RangeError on a negative or non-integer period. */
export function createRetention(redis: RedisClient, options: { keys: StoreKeys; settings: RetentionSettings }): Retention {
  const { settings } = options;
  for (const [name, ms] of Object.entries(settings)) {
    if (ms !== null && (!Number.isInteger(ms) || ms < 0)) throw new RangeError(`retention ${name}: expected a whole number of ms >= 0 or null, got ${String(ms)}`);
  }
  const ctx: RetentionContext = { redis, keys: options.keys };
  return {
    settings,
    enabled: Object.values(settings).some((ms) => ms !== null),
    sweep: (now, limits) => sweepRetention(ctx, settings, now, limits),
    retainRaw: (rawSha256, record) => retainRaw(ctx, settings.rawMs, rawSha256, record),
  };
}
