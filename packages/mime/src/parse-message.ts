import type { InboundMessage } from "@mailtriage/domain";
import { describeAttachment } from "./attachment";
import { keepOnlyMimeHeaders } from "./mime-headers-only";
import { findHeaderEnd, readHeaderBlock, startsWithHeaderField } from "./header-block";
import { normaliseLineEndings } from "./line-endings";
import { skipFromLine } from "./mbox";
import { readMessageHeaders } from "./message-headers";
import { readMimeBody } from "./mime-body";
import type { ParseLimits } from "./parse-limits";
import { failParse, hashBytes, type ParseOutcome } from "./parse-outcome";

/** mailsplit's own limit on one part's header section (MAX_HEAD_SIZE): it refuses larger ones. */
const MAX_HEADER_SECTION_BYTES = 1024 * 1024;

/** A message read from bytes, before its raw size and hash are attached. */
export type ReadMessage = Omit<InboundMessage, "size" | "contentSha256">;

/**
 * Parses raw message bytes in this thread (the worker pool runs exactly this; call it directly
 * only for trusted or small input, since nothing here bounds wall-clock time or heap).
 * Order (POLICY §7, HOSTILE-MAIL.md): size first (`too_large`, nothing parsed), then line
 * endings normalised, then the header section read and capped by our own linear reader, then
 * "is this a message at all" (`unparseable`), then mailparser for the MIME tree. Never throws:
 * anything the parser refuses is `parse_error` with its message as `detail`.
 */
export async function parseMessage(raw: Uint8Array, limits: ParseLimits): Promise<ParseOutcome> {
  if (raw.byteLength > limits.maxMessageBytes) {
    return failParse(raw, "too_large", `${raw.byteLength} bytes, over the ${limits.maxMessageBytes}-byte limit`);
  }
  try {
    const read = await readMessage(raw, limits, true);
    if (typeof read === "string") return failParse(raw, "unparseable", read);
    return { ok: true, message: { ...read, size: raw.byteLength, contentSha256: hashBytes(raw) } };
  } catch (error) {
    return failParse(raw, "parse_error", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Reads one message, or says why the bytes are not a message. `openEmbedded` opens attached
 * `message/rfc822` parts, one level deep (their own attachments stay closed).
 * Unparseable, decided explicitly because mailparser turns anything into a "message"
 * (HOSTILE-MAIL.md): empty or blank input, a first line that is not a header field (random
 * bytes, a text file), or no `From` and no body. A real message that only lacks `From` parses;
 * the domain rejects it as having no sender.
 */
export async function readMessage(raw: Uint8Array, limits: ParseLimits, openEmbedded: boolean): Promise<ReadMessage | string> {
  const bytes = skipFromLine(normaliseLineEndings(raw));
  if (!hasNonBlank(bytes, 0)) return "empty input";
  if (!startsWithHeaderField(bytes)) return "no header fields";
  const end = findHeaderEnd(bytes);
  if (end.headerEnd > MAX_HEADER_SECTION_BYTES) {
    throw new Error(`header section of ${end.headerEnd} bytes is over the MIME parser's 1 MiB limit`);
  }
  const block = readHeaderBlock(bytes, limits.maxHeaderChars, end);
  const hasFrom = block.fields.some((field) => field.name === "from" && field.value !== "");
  if (!hasFrom && !hasNonBlank(bytes, block.bodyStart)) return "no From and no body";

  const headers = readMessageHeaders(block.fields, limits.maxHeaderChars);
  const body = await readMimeBody(keepOnlyMimeHeaders(bytes, block), limits);
  const attachments = [];
  for (const part of body.attachments) {
    attachments.push(await describeAttachment(part, body.html, (inner) => (openEmbedded ? readMessage(inner, limits, false) : null)));
  }
  return { ...headers, text: body.text, textFromHtml: body.textFromHtml, attachments };
}

function hasNonBlank(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return true;
  }
  return false;
}
