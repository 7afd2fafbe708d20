import type { RedisClient } from "./redis-connection";
import { commitScript } from "./scripts/commit-script";

/** Most events kept in the global event stream (`XADD MAXLEN ~`). */
export const EVENT_STREAM_MAX_LEN = 100_000;

/** A sorted-set entry (lex indexes use score 0). */
export interface IndexEntry {
  key: string;
  member: string;
  score: number;
}

/** Conditions checked inside the script before anything is written. */
export interface CommitGuard {
  /** Message record key: when it already holds a record, nothing is written (`duplicate`). */
  message?: string;
  /** With `message`: a `failed` record there may be replaced (re-drive). */
  replaceFailed?: boolean;
  /** Version key and the value it must hold (absent counts as 0), else `conflict`. */
  version?: { key: string; expected: number };
}

/** What a commit did. */
export type CommitOutcome =
  | { kind: "applied" }
  | { kind: "duplicate"; existing: string }
  | { kind: "conflict"; currentVersion: number };

/**
 * The writes of one change, collected in memory and applied by one Lua script (atomic: the
 * guards and every write happen with nothing in between). Replaces read-modify-write races
 * with compare-and-set on a version key.
 */
export class WritePlan {
  readonly #keys: string[] = [];
  readonly #positions = new Map<string, number>();
  /** The ops as the script reads them: `cmd, key position, argument count, argument…` each. */
  readonly #args: string[] = [];
  #count = 0;

  set(key: string, value: string): this {
    return this.#op("SET", key, value);
  }

  del(key: string): this {
    return this.#op("DEL", key);
  }

  zadd(entry: IndexEntry): this {
    return this.#op("ZADD", entry.key, String(entry.score), entry.member);
  }

  zrem(entry: Pick<IndexEntry, "key" | "member">): this {
    return this.#op("ZREM", entry.key, entry.member);
  }

  rpush(key: string, value: string): this {
    return this.#op("RPUSH", key, value);
  }

  /** Appends to a capped stream: `XADD key MAXLEN ~ max * field value …`. */
  xadd(key: string, fields: Record<string, string>, maxLen = EVENT_STREAM_MAX_LEN): this {
    return this.#op("XADD", key, "MAXLEN", "~", String(maxLen), "*", ...Object.entries(fields).flat());
  }

  /** Moves index entries from `before` to `after`: removes what went, adds what is new or moved. */
  reindex(before: readonly IndexEntry[], after: readonly IndexEntry[]): this {
    const id = (e: IndexEntry) => `${e.key}\u0000${e.member}`;
    const kept = new Map(after.map((e) => [id(e), e]));
    const had = new Map(before.map((e) => [id(e), e]));
    for (const [k, e] of had) if (!kept.has(k)) this.zrem(e);
    for (const [k, e] of kept) if (had.get(k)?.score !== e.score) this.zadd(e);
    return this;
  }

  get isEmpty(): boolean {
    return this.#count === 0;
  }

  /** Runs the plan under `guard` in one script call. */
  async commit(redis: RedisClient, guard: CommitGuard = {}): Promise<CommitOutcome> {
    const head = [
      guard.message === undefined ? "0" : String(this.#position(guard.message)),
      guard.message !== undefined && guard.replaceFailed === true ? "1" : "0",
      guard.version === undefined ? "0" : String(this.#position(guard.version.key)),
      String(guard.version?.expected ?? 0),
    ];
    const reply = (await commitScript.run(redis, this.#keys, [...head, ...this.#args])) as [string, string?];
    if (reply[0] === "duplicate") return { kind: "duplicate", existing: reply[1] ?? "" };
    if (reply[0] === "conflict") return { kind: "conflict", currentVersion: Number(reply[1]) };
    return { kind: "applied" };
  }

  #op(command: string, key: string, ...args: string[]): this {
    this.#args.push(command, String(this.#position(key)), String(args.length), ...args);
    this.#count++;
    return this;
  }

  #position(key: string): number {
    let at = this.#positions.get(key);
    if (at === undefined) {
      at = this.#keys.push(key);
      this.#positions.set(key, at);
    }
    return at;
  }
}
