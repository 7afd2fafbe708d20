import type { InboundAttachment, MailAddress } from "@mailtriage/domain";
import type { Attachment } from "mailparser";
import { hashBytes } from "./parse-outcome";

/** The enclosed message read from a `message/rfc822` part, or why it is not a message. */
type EmbeddedRead = { from: MailAddress[]; subject: string; text: string } | string;

/**
 * Describes one attachment or inline part as `InboundAttachment` (POLICY §4 screenshots:
 * name, type, size, content hash). `inline` is `Content-Disposition: inline`, a part of
 * `multipart/related`, or a Content-ID the HTML refers to (`cid:`). A `message/rfc822` part
 * (forwarded as attachment) is opened with `openEmbedded` (null: not opened), so consent can see
 * who wrote it (POLICY §6); a part that is not a readable message gets no `embedded`.
 */
export async function describeAttachment(
  part: Attachment,
  html: string,
  openEmbedded: (bytes: Uint8Array) => Promise<EmbeddedRead> | null,
): Promise<InboundAttachment> {
  const content: Buffer = part.content;
  const contentType = (part.contentType || "application/octet-stream").toLowerCase();
  const cid = part.cid ?? "";
  const attachment: InboundAttachment = {
    filename: part.filename ?? null,
    contentType,
    size: content.length,
    sha256: hashBytes(content),
    inline: part.contentDisposition?.toLowerCase() === "inline" || part.related === true || (cid !== "" && html.includes(`cid:${cid}`)),
  };
  if (contentType === "message/rfc822") {
    // A broken enclosed message must not lose the message around it.
    const inner = await (openEmbedded(content) ?? Promise.resolve("not opened")).catch(() => "unreadable");
    if (typeof inner !== "string") attachment.embedded = { from: inner.from, subject: inner.subject, text: inner.text };
  }
  return attachment;
}
