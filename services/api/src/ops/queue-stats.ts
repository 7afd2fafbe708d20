import type { Queue } from "bullmq";
import type { RedisClient } from "@mailtriage/store";
import { QUEUE_STATES } from "./cluster-metrics";
import { streamField } from "./stream-tail";

/** One queue's figures for `GET /v1/queues`. */
export interface QueueStats {
  name: string;
  /** Jobs per state right now. */
  counts: Record<(typeof QUEUE_STATES)[number], number>;
  /** Worker connections listening on the queue. */
  workers: number;
  /** Jobs finished per minute over the last minute (or the part of it the event stream still holds). */
  perMinute: { completed: number; failed: number; windowSeconds: number };
}

const WINDOW_MS = 60_000;
/** Most event-stream entries read per call (BullMQ keeps about 10,000 per queue). */
const MAX_EVENTS = 20_000;

/**
 * Counts and rates of a queue, from Redis only (any API process sees every worker's work):
 * counts from BullMQ, rates from the queue's own event stream (`completed` / `failed` entries
 * of the last minute). When BullMQ trimmed the stream inside that minute, the rate is
 * scaled from the part still there (`windowSeconds` says how much).
 */
export async function readQueueStats(redis: RedisClient, queue: Queue, now = Date.now()): Promise<QueueStats> {
  const eventsKey = `${queue.qualifiedName}:events`;
  const since = now - WINDOW_MS;
  const [counts, workers, entries, trimmedUpTo] = await Promise.all([
    queue.getJobCounts(...QUEUE_STATES),
    queue.getWorkersCount(),
    redis.xrange(eventsKey, String(since), "+", "COUNT", MAX_EVENTS),
    lastTrimmed(redis, eventsKey),
  ]);
  let completed = 0;
  let failed = 0;
  for (const [, fields] of entries) {
    const event = streamField(fields, "event");
    if (event === "completed") completed++;
    else if (event === "failed") failed++;
  }
  const oldest = entries[0] === undefined ? now : timeOf(entries[0][0]);
  const coveredFrom = trimmedUpTo > since ? Math.min(oldest, now) : since;
  const windowMs = Math.max(1_000, now - coveredFrom);
  const scale = WINDOW_MS / windowMs;
  return {
    name: queue.name,
    counts: Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[state] ?? 0])) as QueueStats["counts"],
    workers,
    perMinute: { completed: Math.round(completed * scale), failed: Math.round(failed * scale), windowSeconds: Math.round(windowMs / 1000) },
  };
}

/** Epoch ms of a stream id (`<ms>-<seq>`). */
function timeOf(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}

/** Time of the newest entry trimmed from the stream (Redis 7 `max-deleted-entry-id`); 0 when none or unknown. */
async function lastTrimmed(redis: RedisClient, key: string): Promise<number> {
  try {
    const info = (await redis.xinfo("STREAM", key)) as unknown[];
    const at = info.indexOf("max-deleted-entry-id");
    return at < 0 ? 0 : timeOf(String(info[at + 1]));
  } catch {
    return 0; // no stream yet
  }
}
