import type { RedisClient } from "./redis-connection";
import { createEventStreamReader, type EventStreamReader, type StreamEntry } from "./event-stream-reader";
import type { StoreKeys } from "./keys";

export interface EventStreamConsumerOptions {
  /** A connection of the consumer's own (its blocking reads hold it); closed with the consumer. */
  redis: RedisClient;
  keys: StoreKeys;
  /** Consumer group (the webhook dispatcher's, the mailer's …); it must exist (`ensureGroup`). */
  group: string;
  /** This process's consumer name in the group (unique per process). */
  consumer: string;
  /** Handles one round of entries and acknowledges them (`reader.ack`) once their work is safe. */
  handle(entries: StreamEntry[], reader: EventStreamReader): Promise<void>;
  /** Where a failed round is reported (a pino logger fits). */
  logger: { warn(details: object, message: string): void };
  /** What the consumer does, for its log lines ("webhook dispatch"). */
  what: string;
  /** Entries read per round. */
  batch: number;
  /** Longest wait for new events per read, ms (also bounds `close()` when idle). Default 1 s. */
  blockMs?: number;
  /** Entries read but not acknowledged for this long are taken over, ms (`XAUTOCLAIM`). Default 60 s. */
  claimIdleMs?: number;
}

/** A running consumer. */
export interface EventStreamConsumer {
  /** Stops reading, lets the round in progress finish, closes the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Reads the events stream as one consumer of a group until closed: entries another consumer
 * read but never acknowledged (it died) first, else new ones (`XREADGROUP`, blocking up to
 * `blockMs`), each round handed to `handle`. A failed round is retried after a second; what it
 * did not acknowledge is read again, so handlers must be idempotent (deterministic job ids).
 */
export function startEventStreamConsumer(options: EventStreamConsumerOptions): EventStreamConsumer {
  const { redis, logger, blockMs = 1_000, claimIdleMs = 60_000 } = options;
  const reader = createEventStreamReader(redis, { keys: options.keys, group: options.group, consumer: options.consumer });
  let stopping = false;
  let reading = false;

  const round = async (): Promise<void> => {
    let entries = await reader.claimStale(claimIdleMs, options.batch);
    if (entries.length === 0) {
      reading = true;
      try {
        entries = await reader.readNew(options.batch, blockMs);
      } finally {
        reading = false;
      }
    }
    if (entries.length > 0) await options.handle(entries, reader);
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        await round();
      } catch (err) {
        if (stopping) break;
        logger.warn({ err: (err as Error).message }, `${options.what} failed; retrying in 1 s`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  })();

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        stopping = true;
        // A blocked read would hold close() for up to blockMs: cut it (its entries, if any, stay pending and are claimed later).
        if (reading) redis.disconnect();
        await loop;
        if (redis.status !== "end") await redis.quit().catch(() => {});
      })();
      return closing;
    },
  };
}
