const LF = 0x0a;
const CR = 0x0d;
const FROM_ = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

/** Does this look like an mbox file: does its first line start with "From " (the From_ line)? */
export function isMbox(bytes: Uint8Array): boolean {
  return isFromLine(bytes, 0);
}

/**
 * Splits an mbox file into raw messages (HOSTILE-MAIL.md: bare mailparser reads a whole mbox as
 * ONE message). A separator is a line starting "From " at the start of the file or after a
 * blank line (how mbox writers separate messages; a "From " line inside a paragraph is body
 * text). The separator line and the blank line before it are not part of any message; lines
 * `>From `, `>>From ` … lose one `>` (mboxrd quoting). Bytes that are not an mbox come back
 * unchanged as the only element. Linear in the file size.
 */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  if (!isMbox(bytes)) return [bytes];
  const messages: Uint8Array[] = [];
  let messageStart = -1;
  let previousLineBlank = true;
  let lineStart = 0;
  let kept: Uint8Array[] = [];
  let keptFrom = 0;
  const close = (end: number): void => {
    if (messageStart === -1) return;
    // The blank line before the separator belongs to the mbox format, not the message.
    let stop = end;
    if (stop > messageStart && bytes[stop - 1] === LF) stop--;
    if (stop > messageStart && bytes[stop - 1] === CR) stop--;
    kept.push(bytes.subarray(keptFrom, Math.max(keptFrom, stop)));
    messages.push(kept.length === 1 ? (kept[0] as Uint8Array) : concat(kept));
    kept = [];
  };
  while (lineStart < bytes.length) {
    const newline = bytes.indexOf(LF, lineStart);
    const next = newline === -1 ? bytes.length : newline + 1;
    if (previousLineBlank && isFromLine(bytes, lineStart)) {
      close(lineStart);
      messageStart = next;
      keptFrom = next;
    } else if (bytes[lineStart] === 0x3e && isQuotedFrom(bytes, lineStart)) {
      kept.push(bytes.subarray(keptFrom, lineStart));
      keptFrom = lineStart + 1; // drop one ">"
    }
    const contentEnd = newline === -1 ? bytes.length : newline;
    previousLineBlank = contentEnd === lineStart || (contentEnd === lineStart + 1 && bytes[lineStart] === CR);
    lineStart = next;
  }
  close(bytes.length);
  return messages;
}

/** A raw message may start with an mbox From_ line (a one-message mbox saved as .eml): skip it. */
export function skipFromLine(bytes: Uint8Array): Uint8Array {
  if (!isMbox(bytes)) return bytes;
  const newline = bytes.indexOf(LF);
  return newline === -1 ? bytes.subarray(bytes.length) : bytes.subarray(newline + 1);
}

/** A From_ line starts "From " and is not the obsolete header form `From : …` (RFC 5322 §4.5.3). */
function isFromLine(bytes: Uint8Array, at: number): boolean {
  if (!startsWithFrom(bytes, at, 0)) return false;
  let i = at + FROM_.length;
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
  return bytes[i] !== 0x3a;
}

function startsWithFrom(bytes: Uint8Array, at: number, skip: number): boolean {
  for (let i = 0; i < FROM_.length; i++) if (bytes[at + skip + i] !== FROM_[i]) return false;
  return true;
}

/** `>From `, `>>From ` …: one or more `>` then "From ". */
function isQuotedFrom(bytes: Uint8Array, at: number): boolean {
  let skip = 0;
  while (bytes[at + skip] === 0x3e) skip++;
  return startsWithFrom(bytes, at, skip);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
