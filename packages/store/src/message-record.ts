import type { TriageResult } from "@mailtriage/contracts";
import type { RedisClient } from "./redis-connection";
import { hashIdentity, lexMember, type StoreKeys } from "./keys";

/** How a message reached the inbox (the intake's `source`). */
export type IntakeSource = "http" | "imap";

/** Where a message came from, as the intake recorded it. */
export interface IntakeMeta {
  /** When the inbox received it (IMAP internal date, or the HTTP request time), ISO-8601. Starts the SLA clock (POLICY §5). */
  receivedAt: string;
  source: IntakeSource;
  /** IMAP mailbox name, for `imap`. */
  mailbox?: string;
  /** IMAP UID, for `imap`. */
  uid?: number;
}

/**
 * The durable result of one message (POLICY §2: every message ends in exactly one outcome).
 * Keyed by identity, so a repeat of the same message returns this record instead of making
 * anything new (POLICY §7).
 */
export interface MessageRecord {
  /** `id:<Message-ID>` when the message has one, else `sha:<hex SHA-256 of the raw bytes>`. */
  identity: string;
  /** Hex SHA-256 of the raw bytes (read them back with `RawStore.get`). */
  rawSha256: string;
  /** The ticket created or followed up, else null. */
  ticketId: string | null;
  /** The triage result (CONTRACT "Triage result"). */
  result: TriageResult;
  /** When the store recorded it, ISO-8601 (wall clock; `result.receivedAt` is the inbox time). */
  recordedAt: string;
  /** Intake details, when known. */
  intake?: IntakeMeta;
}

/**
 * A message's identity (POLICY §7 "same Message-ID, or the same bytes when there is no
 * Message-ID"): `id:<Message-ID>` or `sha:<hex>`.
 */
export function messageIdentity(messageId: string | null, rawSha256: string): string {
  return messageId !== null && messageId !== "" ? `id:${messageId}` : `sha:${rawSha256}`;
}

/** The message-index member of a record: receive time, then the identity's hash. */
export function messageIndexMember(record: Pick<MessageRecord, "identity" | "result">): string {
  return lexMember(record.result.receivedAt, hashIdentity(record.identity));
}

/** Reads the record of `identity`, or null. */
export async function readMessageRecord(redis: RedisClient, keys: StoreKeys, identity: string): Promise<MessageRecord | null> {
  const json = await redis.get(keys.message(identity));
  return json === null ? null : (JSON.parse(json) as MessageRecord);
}
