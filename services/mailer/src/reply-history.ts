import type { RedisClient } from "@mailtriage/store";
import type { ReplyKind, SentReply } from "@mailtriage/domain";
import type { MailerKeys } from "./mailer-keys";

const DAY_MS = 24 * 3600 * 1000;

/** Replies planned to one address, read under `WATCH` so that the reservation after it is a compare-and-set. */
export interface WatchedHistory {
  replies: SentReply[];
  /**
   * Adds `reply` to the address's history unless someone else changed that history since it
   * was read (`MULTI`/`EXEC` after `WATCH`): false on such a conflict (read again, decide again).
   */
  reserve(reply: { replyId: string; kind: ReplyKind }): Promise<boolean>;
  /** Drops the watch (nothing to reserve). */
  release(): Promise<void>;
}

/**
 * Reads the history of `address` (entries younger than `keepMs`, at least a day) and watches it.
 * `redis` must be a connection only this caller uses, one call at a time (WATCH is per connection).
 */
export async function watchHistory(redis: RedisClient, keys: MailerKeys, address: string, now: Date, keepMs: number): Promise<WatchedHistory> {
  const key = keys.recipient(address);
  const nowMs = now.getTime();
  const horizon = Math.max(keepMs, DAY_MS);
  await redis.watch(key);
  const flat = await redis.zrangebyscore(key, nowMs - horizon, "+inf", "WITHSCORES");
  const replies: SentReply[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const member = JSON.parse(flat[i] ?? "{}") as { replyId?: string; kind?: ReplyKind };
    if (member.replyId !== undefined && member.kind !== undefined) replies.push({ replyId: member.replyId, kind: member.kind, at: new Date(Number(flat[i + 1])).toISOString() });
  }
  return {
    replies,
    async reserve(reply) {
      const member = JSON.stringify({ replyId: reply.replyId, kind: reply.kind });
      const result = await redis
        .multi()
        .zadd(key, "NX", nowMs, member)
        .zremrangebyscore(key, "-inf", nowMs - horizon - DAY_MS)
        .pexpire(key, horizon + 2 * DAY_MS)
        .exec();
      return result !== null;
    },
    async release() {
      await redis.unwatch();
    },
  };
}
