import type { Queue } from "bullmq";
import type { RedisClient } from "@mailtriage/store";

/**
 * Jobs a queue completed since the previous call, with how long their last attempt ran
 * (BullMQ's `processedOn` → `finishedOn`, written by whichever worker process ran them). The
 * completed set is scored by finish time; the first call only finds where it ends.
 */
export interface FinishedJobs {
  /** Processing times in seconds of the jobs completed since the previous call (at most `limit` per call). */
  read(): Promise<number[]>;
}

export function createFinishedJobs(redis: RedisClient, queue: Queue, options: { limit?: number } = {}): FinishedJobs {
  const limit = options.limit ?? 5_000;
  const completedKey = `${queue.qualifiedName}:completed`;
  // Jobs finishing in the same millisecond share a score: remember the ids already seen at the cursor.
  let cursor: { score: number; seen: Set<string> } | null = null;
  return {
    async read() {
      if (cursor === null) {
        const newest = await redis.zrevrange(completedKey, 0, 0, "WITHSCORES");
        const score = Number(newest[1] ?? 0);
        cursor = { score, seen: new Set(newest[1] === undefined ? [] : await redis.zrangebyscore(completedKey, score, score)) };
        return [];
      }
      const flat = await redis.zrangebyscore(completedKey, cursor.score, "+inf", "WITHSCORES", "LIMIT", 0, limit);
      const fresh: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const id = flat[i] as string;
        const score = Number(flat[i + 1]);
        if (score === cursor.score && cursor.seen.has(id)) continue;
        if (score !== cursor.score) cursor = { score, seen: new Set() };
        cursor.seen.add(id);
        fresh.push(id);
      }
      if (fresh.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of fresh) pipeline.hmget(`${queue.qualifiedName}:${id}`, "processedOn", "finishedOn");
      const replies = (await pipeline.exec()) ?? [];
      return replies.flatMap(([error, value]) => {
        const [processedOn, finishedOn] = (error ? [] : (value as (string | null)[])).map(Number);
        return processedOn !== undefined && finishedOn !== undefined && finishedOn >= processedOn && processedOn > 0 ? [(finishedOn - processedOn) / 1000] : [];
      });
    },
  };
}
