/** Where a mailbox's poller stands on this replica, or (read from Redis) on its leader. */
export type ConnectionState = "starting" | "standby" | "connecting" | "connected" | "idle" | "disconnected" | "stopped";

/** A mailbox's health and counters (Redis hash `P:imap:<id>:health`, written by its leader). */
export interface MailboxHealth {
  mailboxId: string;
  state: ConnectionState;
  /** Token (`host:pid:random`) of the replica that wrote this: the leader. */
  instance: string | null;
  /** Last successful poll (SELECT, and the fetch it led to), ISO-8601; null before the first. */
  lastPollAt: string | null;
  /** Last connection or command error (message only: no credentials, no addresses). */
  lastError: string | null;
  /** Messages queued for triage since the counters started (all replicas). */
  fetched: number;
  /** Messages rejected `too_large` without download (all replicas). */
  tooLarge: number;
  /** UIDs waiting at the last poll (UIDNEXT − cursor): the backlog still to fetch. */
  backlog: number;
  /** When this mailbox was first configured against this Redis: the grace period of readiness starts here. */
  firstSeenAt: string | null;
  updatedAt: string | null;
  /** Leader process memory at its last write, bytes (flat during a backlog catch-up). */
  rssBytes: number;
  heapUsedBytes: number;
}

/** Readiness of the poller as a whole. */
export interface PollerReadiness {
  ready: boolean;
  /** One line per mailbox that is not ready: `support: not reachable for 312 s (state disconnected: ECONNREFUSED)`. */
  problems: string[];
}

/**
 * Ready when every mailbox had a successful poll within `unreachableAfterMs` of `now`. A
 * mailbox never polled yet is given that long from `firstSeenAt` (start-up, leader election).
 * `unreachableAfterMs` must exceed the mailboxes' `pollIntervalMs`: an idle, healthy mailbox
 * polls once per interval.
 */
export function assessReadiness(mailboxes: readonly MailboxHealth[], now: Date, unreachableAfterMs: number): PollerReadiness {
  const problems: string[] = [];
  for (const box of mailboxes) {
    const since = box.lastPollAt ?? box.firstSeenAt;
    const age = since === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(since);
    if (!(age <= unreachableAfterMs)) {
      const detail = box.lastError !== null ? `: ${box.lastError}` : "";
      const what = box.lastPollAt === null ? "never reached" : `not reachable for ${Math.round(age / 1000)} s`;
      problems.push(`${box.mailboxId}: ${what} (state ${box.state}${detail})`);
    }
  }
  return { ready: problems.length === 0, problems };
}

/** A hash as written to Redis → `MailboxHealth` (missing fields read as unknown / zero). */
export function healthFromHash(mailboxId: string, hash: Record<string, string>): MailboxHealth {
  const text = (key: string): string | null => (hash[key] === undefined || hash[key] === "" ? null : (hash[key] as string));
  const count = (key: string): number => {
    const n = Number(hash[key] ?? 0);
    return Number.isFinite(n) ? n : 0;
  };
  return {
    mailboxId,
    state: (text("state") ?? "starting") as ConnectionState,
    instance: text("instance"),
    lastPollAt: text("lastPollAt"),
    lastError: text("lastError"),
    fetched: count("fetched"),
    tooLarge: count("tooLarge"),
    backlog: count("backlog"),
    firstSeenAt: text("firstSeenAt"),
    updatedAt: text("updatedAt"),
    rssBytes: count("rssBytes"),
    heapUsedBytes: count("heapUsedBytes"),
  };
}
