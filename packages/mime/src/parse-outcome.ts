import { createHash } from "node:crypto";
import type { InboundMessage } from "@mailtriage/domain";

/**
 * Why a message could not become an `InboundMessage` (the triage outcome is `failed`, or
 * `rejected` for `too_large`; POLICY §2, §7):
 * - `too_large`: over `maxMessageBytes`, not parsed;
 * - `unparseable`: not a message at all (empty, no header fields, no sender and no body);
 * - `parse_timeout`: the worker ran past `parseTimeoutMs` and was terminated;
 * - `parse_memory`: the worker ran out of its `parseHeapMb` heap;
 * - `parse_error`: the MIME parser refused it (e.g. over 1,000 parts) or failed.
 */
export type ParseFailureReason = "too_large" | "unparseable" | "parse_timeout" | "parse_memory" | "parse_error";

/** A parsed message, or a failure that still identifies the raw bytes (kept for a person to look at). */
export type ParseOutcome =
  | { ok: true; message: InboundMessage }
  | { ok: false; reason: ParseFailureReason; detail: string; size: number; contentSha256: string };

/** Hex SHA-256 of some bytes. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Builds the failure outcome for `raw`, hashing the bytes so the failure can be deduplicated. */
export function failParse(raw: Uint8Array, reason: ParseFailureReason, detail: string): ParseOutcome {
  return { ok: false, reason, detail, size: raw.byteLength, contentSha256: hashBytes(raw) };
}
