import type { RedisClient } from "@mailtriage/store";
import type { MailboxCursor } from "./plan-fetch";
import type { PollerKeys } from "./poller-keys";

// Fenced by the leader lock: a replica that lost leadership (a long GC pause, a partition) must
// not move the cursor the new leader is using.
const SAVE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1`;

/** The leader lock is no longer ours: stop working on the mailbox. */
export class LostLeadershipError extends Error {
  override readonly name = "LostLeadershipError";
}

/** Reads and writes mailbox cursors (`P:imap:<id>:cursor` = `"<uidValidity>:<nextUid>"`). */
export interface CursorStore {
  read(mailboxId: string): Promise<MailboxCursor | null>;
  /** Saves the cursor if `token` still holds the mailbox's leader lock. @throws LostLeadershipError otherwise. */
  save(mailboxId: string, cursor: MailboxCursor, token: string): Promise<void>;
}

export function createCursorStore(redis: RedisClient, keys: PollerKeys): CursorStore {
  return {
    async read(mailboxId) {
      return parseCursor(await redis.get(keys.cursor(mailboxId)));
    },
    async save(mailboxId, cursor, token) {
      const saved = await redis.eval(SAVE, 2, keys.leader(mailboxId), keys.cursor(mailboxId), token, `${cursor.uidValidity}:${cursor.nextUid}`);
      if (Number(saved) !== 1) throw new LostLeadershipError(`mailbox ${mailboxId}: leader lock lost; cursor not saved`);
    },
  };
}

/** `"<uidValidity>:<nextUid>"` → cursor; null for a missing or malformed value (treated as a first start: a full, idempotent scan). */
export function parseCursor(value: string | null): MailboxCursor | null {
  if (value === null) return null;
  const [uidValidity, next, extra] = value.split(":");
  const nextUid = Number(next);
  if (extra !== undefined || uidValidity === undefined || !/^\d{1,20}$/.test(uidValidity) || !Number.isSafeInteger(nextUid) || nextUid < 1) return null;
  return { uidValidity, nextUid };
}
