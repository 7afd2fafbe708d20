import type { RedisClient } from "@mailtriage/store";
import { assessReadiness, healthFromHash, type MailboxHealth, type PollerReadiness } from "./mailbox-health";
import { pollerKeys } from "./poller-keys";

/** Every configured mailbox's health as the leaders last wrote it, and the readiness verdict. */
export interface PollerHealthReport extends PollerReadiness {
  mailboxes: (MailboxHealth & { secondsSinceLastPoll: number | null })[];
}

/**
 * Reads the health of every mailbox registered under `prefix` (the set `P:imap:mailboxes`,
 * or `mailboxIds` when given) from Redis: what an API process calls for `/health/ready` and
 * `/metrics`, whichever replica polls. Two round trips (SMEMBERS, then one pipeline of HGETALL).
 */
export async function readPollerHealth(
  redis: RedisClient,
  options: { prefix: string; unreachableAfterMs: number; now?: Date; mailboxIds?: readonly string[] },
): Promise<PollerHealthReport> {
  const keys = pollerKeys(options.prefix);
  const now = options.now ?? new Date();
  const ids = options.mailboxIds ?? (await redis.smembers(keys.mailboxes)).sort();
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(keys.health(id));
  const replies = ids.length === 0 ? [] : ((await pipeline.exec()) ?? []);
  const mailboxes = ids.map((id, i) => {
    const [err, hash] = replies[i] ?? [null, {}];
    if (err) throw err;
    const health = healthFromHash(id, (hash ?? {}) as Record<string, string>);
    const secondsSinceLastPoll = health.lastPollAt === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(health.lastPollAt)) / 1000));
    return { ...health, secondsSinceLastPoll };
  });
  return { ...assessReadiness(mailboxes, now, options.unreachableAfterMs), mailboxes };
}
