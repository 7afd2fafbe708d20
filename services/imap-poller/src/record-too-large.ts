import { createHash } from "node:crypto";
import type { TriageResult } from "@mailtriage/contracts";
import { failedResult } from "@mailtriage/domain";
import type { IntakeMeta, TicketStore } from "@mailtriage/store";

/** A message over the size limit, known only by what IMAP tells without downloading it. */
export interface OversizedMessage {
  /** RFC822.SIZE, bytes. */
  size: number;
  /** The limit it exceeds, bytes (POLICY §7). */
  limit: number;
  /** IMAP internal date, ISO-8601: the result's `receivedAt`. */
  receivedAt: string;
  /** First bracketed id of its `Message-ID` header (fetched alone), or null. */
  messageId: string | null;
  /** Configured mailbox id and the message's UID (intake details of the record). */
  mailbox: string;
  uid: number;
}

/**
 * Records a `rejected` / `too_large` result for a message that is never downloaded, through the
 * store's public `applyDecision` (the same atomic, identity-guarded write the worker uses), so it
 * is listed, streamed as a `rejected` event (webhooks) and idempotent like every other result.
 *
 * The store keys a record by `id:<Message-ID>`, else by `sha:<raw hash>`; without the bytes there
 * is no raw hash, so `rawSha256` is a stand-in: SHA-256 of `imap-too-large`, the Message-ID (or,
 * without one, mailbox, internal date and size), stable across a UIDVALIDITY re-scan. No raw
 * bytes exist under it (README "Gaps": the store has no "record without bytes" call yet).
 * Returns true when recorded now, false when it was recorded before.
 */
export async function recordTooLarge(tickets: TicketStore, message: OversizedMessage): Promise<boolean> {
  const basis = message.messageId ?? `${message.mailbox}\n${message.receivedAt}\n${message.size}`;
  const standIn = createHash("sha256").update(`imap-too-large\n${basis}`).digest("hex");
  const detail = `${message.size} bytes (IMAP RFC822.SIZE), over the ${message.limit}-byte limit; not downloaded`;
  // contentSha256 would claim a hash of bytes nobody read: left out (it is optional in the contract).
  const { contentSha256: _none, ...failed } = failedResult({ reason: "too_large", detail, size: message.size, contentSha256: standIn }, message.receivedAt);
  const result: TriageResult = { ...failed, messageId: message.messageId };
  const intake: IntakeMeta = { receivedAt: message.receivedAt, source: "imap", mailbox: message.mailbox, uid: message.uid };
  const outcome = await tickets.applyDecision({ result, ticket: null, rawSha256: standIn, intake });
  return outcome.kind === "applied";
}
