import { readFirstMessageId } from "@mailtriage/mime";

/** The intake looks for the Message-ID in this much of a message (a real header has it near the top). */
const MAX_SCAN_BYTES = 64 * 1024;
/** RFC 5322 §2.1.1 line limit: a longer Message-ID field is hostile; it gets no marker. */
const MAX_VALUE_CHARS = 998;
const NAME = "message-id";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The Message-ID of raw message bytes as the worker's parser will read it (packages/mime: the
 * first top-level `Message-ID` field, unfolded and trimmed, UTF-8 when valid, then mime's own
 * `readFirstMessageId`: its first bracketed id, without brackets the first token holding `@`),
 * read at intake without parsing the message. Null when the header section has none within its
 * first 64 KiB, or when the field is longer than a line may be: then the intake just does not
 * announce the message (`queued-messages.ts`). One linear scan, no regular expression on sender
 * text.
 */
export function peekMessageId(raw: Uint8Array): string | null {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_SCAN_BYTES)).toString("latin1");
  let lineStart = 0;
  let value: string | null = null;
  while (lineStart < head.length) {
    const newline = head.indexOf("\n", lineStart);
    const next = newline === -1 ? head.length : newline + 1;
    let lineEnd = newline === -1 ? head.length : newline;
    if (lineEnd > lineStart && head.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const first = head.charCodeAt(lineStart);
    const continuation = first === 0x20 || first === 0x09;
    if (value !== null) {
      if (!continuation) break;
      // Unfolded as the parser does: the fold's indentation becomes one space.
      value += ` ${head.slice(lineStart, lineEnd).replace(/^[ \t]+/, "")}`;
      if (value.length > MAX_VALUE_CHARS) return null;
    } else if (lineEnd === lineStart) {
      return null; // the blank line ending the header section
    } else if (!continuation) {
      value = fieldValue(head, lineStart, lineEnd);
    }
    lineStart = next;
  }
  return value === null || value.length > MAX_VALUE_CHARS ? null : readFirstMessageId(decode(trimBlanks(value)));
}

/** Trims spaces and tabs only, like the parser: `String#trim` would also eat byte 0xA0 of a UTF-8 character. */
function trimBlanks(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 0x20 || value.charCodeAt(start) === 0x09)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x09)) end--;
  return value.slice(start, end);
}

/** The text after `Message-ID:` (name case-insensitive, blanks allowed before the colon), or null for another field. */
function fieldValue(text: string, start: number, end: number): string | null {
  if (end - start <= NAME.length || text.slice(start, start + NAME.length).toLowerCase() !== NAME) return null;
  let i = start + NAME.length;
  while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return text.charCodeAt(i) === 0x3a ? text.slice(i + 1, end) : null;
}

/** Header bytes (as Latin-1 text) → UTF-8 text when valid, as the parser decodes them. */
function decode(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, "latin1"));
  } catch {
    return latin1;
  }
}
