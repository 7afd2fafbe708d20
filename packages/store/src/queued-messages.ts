import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";
import { messageIdentity } from "./message-record";
import type { StoreContext } from "./store-context";

/**
 * How long the intake's marker of a queued message lives, s: as long as BullMQ keeps a
 * completed inbound job (a day, `INBOUND_JOB_OPTIONS`), far longer than any queue backlog.
 */
export const QUEUED_MESSAGE_TTL_S = 24 * 3600;

/** Only the newest references matter, as in `lookupThread`; each costs two key reads. */
const MAX_REFERENCES = 20;

/**
 * Announces that the message with `messageId` is queued as job `jobId` (`P:queued:<h(Message-ID)>`).
 * The intake sends it before adding the job, on the same connection, so Redis has it before
 * the job exists. A worker that finds no ticket for a reply asks `findQueuedParents`.
 */
export function rememberQueued(redis: RedisClient, keys: StoreKeys, messageId: string, jobId: string): Promise<unknown> {
  return redis.set(keys.queuedMessage(messageId), jobId, "EX", QUEUED_MESSAGE_TTL_S);
}

/**
 * Of the Message-IDs a message refers to (`In-Reply-To`, `References`: the domain's
 * `threadKeys(...).messageIds`), those that were taken in and whose thread the caller may have
 * missed: the message has no record yet (still queued or being triaged), or it was stored with
 * a ticket since the caller's `lookupThread` (look again). A reply that matched no ticket should
 * wait for these rather than open a ticket of its own (README "Known gaps"). A Message-ID the
 * intake never saw (mail quoting an outside conversation) or one recorded without a ticket
 * (rejected, ignored, failed) is not returned. One round trip.
 */
export async function findQueuedParents(ctx: StoreContext, messageIds: readonly string[]): Promise<string[]> {
  const { redis, keys } = ctx;
  const ids = messageIds.filter((id) => id !== "").slice(0, MAX_REFERENCES);
  if (ids.length === 0) return [];
  // Records before thread entries: the commit writes both at once, so a parent stored between
  // the two reads shows as "no record" (waits) or "record and thread" (waits), never as
  // "recorded without a ticket".
  const pipeline = redis.pipeline().mget(ids.map((id) => keys.queuedMessage(id)));
  for (const id of ids) pipeline.exists(keys.message(messageIdentity(id, "")));
  pipeline.mget(ids.map((id) => keys.thread(id)));
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const markers = replies[0] as (string | null)[];
  const threads = replies[ids.length + 1] as (string | null)[];
  return ids.filter((_, i) => markers[i] != null && (replies[i + 1] === 0 || threads[i] != null));
}
