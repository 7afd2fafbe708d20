/** Where a mailbox's ingestion stands, as saved in Redis (README "Cursor"). */
export interface MailboxCursor {
  /** The mailbox's UIDVALIDITY when the cursor was saved (decimal string: it is a 32-bit unsigned number, kept exact). */
  uidValidity: string;
  /** The lowest UID not yet ingested: every message below it was queued and then marked or moved. */
  nextUid: number;
}

/** What the server says about the mailbox right now (SELECT / STATUS). */
export interface MailboxStatus {
  uidValidity: string;
  /** The UID the next message will get (RFC 3501 UIDNEXT). */
  uidNext: number;
  /** Messages in the mailbox. */
  exists: number;
}

/**
 * What to do about a mailbox:
 * - `up_to_date`: nothing new; `cursor` is what to save (it may differ from the saved one, e.g.
 *   an empty mailbox after a UIDVALIDITY change jumps to its UIDNEXT);
 * - `fetch`: ingest UIDs `fromUid..toUid` (inclusive). `rescan` is true when the saved cursor
 *   belongs to another UIDVALIDITY: UIDs were renumbered, so everything is read again and the
 *   store's Message-ID idempotency (POLICY §7) keeps anything from being ticketed twice.
 */
export type CursorPlan =
  | { kind: "up_to_date"; cursor: MailboxCursor; rescan: boolean }
  | { kind: "fetch"; fromUid: number; toUid: number; rescan: boolean };

/**
 * Decides which UIDs to fetch from the saved cursor and the mailbox status. No saved cursor
 * (first start) reads everything in the mailbox, or with `startAt: "new"` nothing that is there
 * already (the cursor starts at `uidNext`). UIDs at or above `uidNext` do not exist yet;
 * a cursor above `uidNext` (a server that went back) is treated as up to date rather than
 * guessed at. An empty mailbox is up to date at `uidNext` whatever the cursor said.
 */
export function planFetch(saved: MailboxCursor | null, status: MailboxStatus, startAt: "all" | "new" = "all"): CursorPlan {
  if (saved === null && startAt === "new") return { kind: "up_to_date", cursor: { uidValidity: status.uidValidity, nextUid: status.uidNext }, rescan: false };
  const rescan = saved !== null && saved.uidValidity !== status.uidValidity;
  const from = saved === null || rescan ? 1 : Math.max(1, saved.nextUid);
  const to = status.uidNext - 1;
  if (status.exists === 0 || from > to) {
    return { kind: "up_to_date", cursor: { uidValidity: status.uidValidity, nextUid: Math.max(from, status.uidNext) }, rescan };
  }
  return { kind: "fetch", fromUid: from, toUid: to, rescan };
}
