/** One top-level header field, unfolded and capped. */
export interface HeaderField {
  /** Field name, lower-cased (`content-type`). */
  name: string;
  /** Unfolded value (RFC 5322 §2.2.3), trimmed, cut at the cap; UTF-8 when valid, else Latin-1. */
  value: string;
  /** The unfolded value was longer than the cap (and `value` was cut). */
  oversized: boolean;
  /** Byte range of the whole field (all its lines and line breaks) in the message. */
  start: number;
  end: number;
}

/** The top-level header section of a message. */
export interface HeaderBlock extends HeaderEnd {
  fields: HeaderField[];
}

const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the header section of raw message bytes in one linear pass, without regular
 * expressions: each value is unfolded and cut at `maxChars` as it is collected, so a
 * 900 KB `From` or a 690,000-character folded subject (HOSTILE-MAIL.md) never exists as a
 * whole string. Lines that are neither a field nor a continuation are skipped.
 */
export function readHeaderBlock(bytes: Uint8Array, maxChars: number, end: HeaderEnd = findHeaderEnd(bytes)): HeaderBlock {
  const { headerEnd, bodyStart } = end;
  // Latin-1 keeps one char per byte, so string offsets are byte offsets.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, headerEnd).toString("latin1");
  const fields: HeaderField[] = [];
  let current: { name: string; parts: string[]; length: number; start: number } | null = null;

  const finish = (end: number): void => {
    if (current === null) return;
    const joined = trimWhitespace(current.parts.join("")).slice(0, maxChars);
    const oversized = current.length > maxChars;
    fields.push({ name: current.name, value: decodeHeaderBytes(joined, oversized), oversized, start: current.start, end });
    current = null;
  };
  const append = (part: string): void => {
    if (current === null) return;
    const room = maxChars + 1 - current.length;
    if (room > 0) current.parts.push(part.length > room ? part.slice(0, room) : part);
    current.length += part.length;
  };

  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf("\n", lineStart);
    const next = newline === -1 ? text.length : newline + 1;
    let lineEnd = newline === -1 ? text.length : newline;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    const first = text.charCodeAt(lineStart);
    if ((first === 0x20 || first === 0x09) && current !== null) {
      // Unfold (RFC 5322 §2.2.3), collapsing the fold's indentation to one space as mail
      // clients show it ("Now\r\n    Available" reads "Now Available").
      let start = lineStart;
      while (start < lineEnd && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
      append(" ");
      append(text.slice(start, lineEnd));
    } else {
      finish(lineStart);
      const colon = fieldNameEnd(text, lineStart, lineEnd);
      if (colon !== -1) {
        current = { name: trimWhitespace(text.slice(lineStart, colon)).toLowerCase(), parts: [], length: 0, start: lineStart };
        append(text.slice(colon + 1, lineEnd));
      }
    }
    lineStart = next;
  }
  finish(text.length);
  return { fields, headerEnd, bodyStart };
}

/**
 * Does the message start with a header field (`name:`)? Random bytes, a text file or a blank
 * first line do not. Reads at most the first 64 KiB.
 */
export function startsWithHeaderField(bytes: Uint8Array): boolean {
  const newline = bytes.subarray(0, 65536).indexOf(LF);
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, newline === -1 ? Math.min(bytes.length, 65536) : newline).toString("latin1");
  return fieldNameEnd(line, 0, line.length) !== -1;
}

/** Index of the `:` ending a valid field name (RFC 5322 ftext, then optional WSP), or -1. */
function fieldNameEnd(text: string, from: number, to: number): number {
  let i = from;
  for (; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3a) break;
    if (code < 0x21 || code > 0x7e) break;
  }
  if (i === from) return -1;
  while (i < to && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i < to && text.charCodeAt(i) === 0x3a ? i : -1;
}

/** Where the header section ends (`headerEnd`) and the body starts (`bodyStart`), byte offsets. */
export interface HeaderEnd {
  headerEnd: number;
  bodyStart: number;
}

/** Finds the blank line closing the header section (a header-only stub has none); linear. */
export function findHeaderEnd(bytes: Uint8Array): HeaderEnd {
  if (bytes[0] === LF) return { headerEnd: 0, bodyStart: 1 };
  if (bytes[0] === CR && bytes[1] === LF) return { headerEnd: 0, bodyStart: 2 };
  let i = bytes.indexOf(LF);
  while (i !== -1 && i + 1 < bytes.length) {
    if (bytes[i + 1] === LF) return { headerEnd: i + 1, bodyStart: i + 2 };
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return { headerEnd: i + 1, bodyStart: i + 3 };
    i = bytes.indexOf(LF, i + 1);
  }
  return { headerEnd: bytes.length, bodyStart: bytes.length };
}

/** Turns a Latin-1 string of raw header bytes into text: UTF-8 (RFC 6532) when valid, else Latin-1. */
function decodeHeaderBytes(latin1: string, cut: boolean): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  let bytes: Buffer = Buffer.from(latin1, "latin1");
  if (cut) bytes = dropPartialUtf8Tail(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1;
  }
}

/** A cut may split a multi-byte character: drop an incomplete trailing UTF-8 sequence. */
function dropPartialUtf8Tail(bytes: Buffer): Buffer {
  let lead = bytes.length - 1;
  while (lead > 0 && lead > bytes.length - 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  const byte = bytes[lead];
  if (byte === undefined || byte < 0xc0) return bytes;
  const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
  return bytes.length - lead < need ? bytes.subarray(0, lead) : bytes;
}

/**
 * Trims space, tab, CR and LF only: `String#trim` would also strip byte 0xA0 of a Latin-1
 * string, which is the last byte of a UTF-8 "à". No regex: `/\s+$/` is quadratic on long runs.
 */
function trimWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}
