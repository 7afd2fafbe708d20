import type { InboundMessage } from "@mailtriage/domain";
import { readAddressFields, readSender } from "./address-header";
import type { HeaderField } from "./header-block";
import { decodeEncodedWords } from "./mailparser-deps";
import { readFirstMessageId, readMessageIds } from "./message-ids";

/** The parts of `InboundMessage` that come from the top-level header section. */
export type MessageHeaders = Pick<
  InboundMessage,
  "messageId" | "from" | "fromProblem" | "to" | "cc" | "replyTo" | "subject" | "date" | "inReplyTo" | "references" | "headers" | "contentType"
>;

// RFC 2045 §5.1 type/subtype tokens; two single-class runs split by "/" cannot backtrack.
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * Reads every header-derived field of the message from the raw, unfolded, capped fields
 * (`readHeaderBlock`). Addresses come from the raw text (`readSender`), everything else is
 * RFC 2047-decoded and cut at `maxHeaderChars` again after decoding.
 */
export function readMessageHeaders(fields: readonly HeaderField[], maxHeaderChars: number): MessageHeaders {
  const first = (name: string): string | undefined => fields.find((field) => field.name === name)?.value;
  const decode = (value: string): string => decodeEncodedWords(value).slice(0, maxHeaderChars);
  const headers = new Map<string, string[]>();
  for (const field of fields) {
    const values = headers.get(field.name) ?? [];
    values.push(decode(field.value));
    headers.set(field.name, values);
  }
  const references = first("references");
  return {
    messageId: readFirstMessageId(first("message-id")),
    ...readSender(fields, maxHeaderChars),
    to: readAddressFields(fields, "to", maxHeaderChars),
    cc: readAddressFields(fields, "cc", maxHeaderChars),
    replyTo: readAddressFields(fields, "reply-to", maxHeaderChars),
    subject: decode(first("subject") ?? ""),
    date: readDate(first("date")),
    inReplyTo: readFirstMessageId(first("in-reply-to")),
    references: references === undefined ? [] : readMessageIds(references),
    // Object.fromEntries defines own properties, so a header named "__proto__" stays data.
    headers: Object.fromEntries(headers),
    // The first Content-Type, as the MIME parser (mailsplit `getFirst`) reads a repeated one.
    contentType: readMediaType(first("content-type")),
  };
}

/** `Date` as ISO-8601, or null when absent or unreadable. Never a clock start (POLICY §5). */
function readDate(value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** `type/subtype` lower-cased without parameters; RFC 2045 §5.2 default `text/plain`. */
export function readMediaType(value: string | undefined): string {
  const semicolon = value?.indexOf(";") ?? -1;
  const type = (semicolon === -1 ? value : value?.slice(0, semicolon))?.trim().toLowerCase() ?? "";
  return MEDIA_TYPE.test(type) ? type : "text/plain";
}
