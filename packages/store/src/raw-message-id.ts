import { readFirstMessageId, readHeaderBlock } from "@mailtriage/mime";

/** The intake looks for the Message-ID in this much of a message (a real header has it near the top). */
const MAX_SCAN_BYTES = 64 * 1024;
/** RFC 5322 §2.1.1 line limit: a longer Message-ID field is hostile; it gets no marker. */
const MAX_VALUE_CHARS = 998;

/**
 * The Message-ID of raw message bytes as the worker's parser will read it, read at intake
 * without parsing the message: the parser's own header reader (packages/mime
 * `readHeaderBlock`: the first top-level `Message-ID` field, unfolded and trimmed, UTF-8 when
 * valid) and id reader (`readFirstMessageId`), over the first 64 KiB only. Null when the header
 * section has none there, or when the field is longer than a line may be: then the intake just
 * does not announce the message (`queued-messages.ts`).
 */
export function peekMessageId(raw: Uint8Array): string | null {
  const head = raw.subarray(0, MAX_SCAN_BYTES);
  const field = readHeaderBlock(head, MAX_VALUE_CHARS).fields.find((f) => f.name === "message-id");
  return field === undefined || field.oversized ? null : readFirstMessageId(field.value);
}
