import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";

/** One entry of the events stream (`StoreKeys.events`). */
export interface StreamEntry {
  /** Stream id, `<ms>-<seq>`. */
  id: string;
  /** Event type (`created`, `breached`, `basic_flood` …). */
  type: string;
  /** The event JSON (`StoreEvent`), as written. */
  event: string;
}

/**
 * A consumer of the events stream in a consumer group: every entry goes to one consumer of
 * the group, and stays pending until acknowledged, so several processes share the stream
 * and an entry whose consumer died is claimed by another.
 */
export interface EventStreamReader {
  /** Creates the group at the stream's end (`XGROUP CREATE … $ MKSTREAM`) unless it exists: earlier events are not read. */
  ensureGroup(): Promise<void>;
  /**
   * Entries never delivered to the group (`XREADGROUP … >`), up to `count`, waiting up to
   * `blockMs` for some. Blocks its connection meanwhile: give the reader a connection of its own.
   */
  readNew(count: number, blockMs: number): Promise<StreamEntry[]>;
  /**
   * Entries delivered to some consumer but not acknowledged for `minIdleMs` (it died or
   * failed before acking), taken over by this consumer (`XAUTOCLAIM`), up to `count` per call;
   * successive calls walk the pending list.
   */
  claimStale(minIdleMs: number, count: number): Promise<StreamEntry[]>;
  /** Acknowledges entries (`XACK`): done, never handed out again. */
  ack(ids: readonly string[]): Promise<void>;
}

/** A reader of `keys.events` as `consumer` of `group`; it does not own the connection. */
export function createEventStreamReader(redis: RedisClient, options: { keys: StoreKeys; group: string; consumer: string }): EventStreamReader {
  const { keys, group, consumer } = options;
  const stream = keys.events;
  let claimCursor = "0-0";
  return {
    async ensureGroup() {
      try {
        await redis.xgroup("CREATE", stream, group, "$", "MKSTREAM");
      } catch (error) {
        // Another process created it first: fine.
        if (!(error instanceof Error) || !error.message.startsWith("BUSYGROUP")) throw error;
      }
    },
    async readNew(count, blockMs) {
      const reply = (await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "BLOCK", blockMs, "STREAMS", stream, ">")) as [string, unknown[]][] | null;
      return reply === null ? [] : toEntries(reply[0]?.[1] ?? []);
    },
    async claimStale(minIdleMs, count) {
      const reply = (await redis.xautoclaim(stream, group, consumer, minIdleMs, claimCursor, "COUNT", count)) as [string, unknown[]];
      claimCursor = reply[0];
      return toEntries(reply[1]);
    },
    async ack(ids) {
      if (ids.length > 0) await redis.xack(stream, group, ...ids);
    },
  };
}

/** Stream replies `[[id, [field, value, …]], …]` as entries; entries without an `event` field (or trimmed: nil) are returned with an empty event. */
function toEntries(raw: unknown[]): StreamEntry[] {
  const entries: StreamEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || typeof item[0] !== "string") continue;
    const fields: unknown = item[1];
    const values = new Map<string, string>();
    if (Array.isArray(fields)) for (let i = 0; i + 1 < fields.length; i += 2) values.set(String(fields[i]), String(fields[i + 1]));
    entries.push({ id: item[0], type: values.get("type") ?? "", event: values.get("event") ?? "" });
  }
  return entries;
}
