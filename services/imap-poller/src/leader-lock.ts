import type { RedisClient } from "@mailtriage/store";

// Compare-and-act on the token, so a replica whose lock expired cannot renew or delete the new holder's.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** One replica's handle on a mailbox's leader lock (`SET NX PX`, renewed by token). */
export interface LeaderLock {
  readonly key: string;
  /** This replica's token (`host:pid:random`), the lock's value while it leads. */
  readonly token: string;
  /** Takes the lock if free, or keeps it if already ours (renewing it). True when we lead. */
  acquire(): Promise<boolean>;
  /** Extends our lock; false when it expired or another replica holds it (we lost leadership). */
  renew(): Promise<boolean>;
  /** Deletes the lock if it is still ours (on shutdown, so a standby takes over at once). */
  release(): Promise<void>;
}

/** A lock on `key` with lifetime `ttlMs` for the holder `token`. */
export function createLeaderLock(redis: RedisClient, key: string, token: string, ttlMs: number): LeaderLock {
  const renew = async (): Promise<boolean> => Number(await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
  return {
    key,
    token,
    async acquire() {
      if ((await redis.set(key, token, "PX", ttlMs, "NX")) === "OK") return true;
      return renew();
    },
    renew,
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
