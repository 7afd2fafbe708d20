/**
 * The parsed message the rules work on. Produced by `@mailtriage/mime` from raw bytes; built
 * by hand in unit tests. Every string here is already capped (policy `limits`), so no rule
 * runs a regular expression over unbounded input (HOSTILE-MAIL.md).
 */
export interface MailAddress {
  /** Lower-cased `local@domain`, taken from the raw header (never from an encoded-word). */
  address: string;
  /** Display name, decoded; never used for policy decisions (POLICY §3). */
  name: string;
}

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  /** `Content-Disposition: inline` or referenced by Content-ID (inline image). */
  inline: boolean;
  /** For `message/rfc822` parts (forwarded as attachment): who sent the enclosed message and its text. */
  embedded?: {
    from: MailAddress[];
    subject: string;
    text: string;
  };
}

export interface InboundMessage {
  /** `Message-ID` with angle brackets, as written; null when absent. */
  messageId: string | null;
  /** Parsed `From` addresses (usually one). */
  from: MailAddress[];
  /**
   * Set when the raw `From` header could not be trusted: an address that only appears after
   * decoding an RFC 2047 encoded-word (a spoof, HOSTILE-MAIL.md), or an oversized header.
   */
  fromProblem: "encoded_word" | "oversized" | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** Decoded subject, capped. */
  subject: string;
  /** `Date` header as ISO-8601, or null. Never used to start a clock (POLICY §5). */
  date: string | null;
  inReplyTo: string | null;
  /** `References` message ids, oldest first. */
  references: string[];
  /**
   * Every header, lower-cased name → decoded values in order of appearance (topmost first),
   * each value capped. Used for `Auto-Submitted`, `Precedence`, `Authentication-Results` …
   */
  headers: Record<string, string[]>;
  /** MIME type of the top-level part, lower-cased, without parameters (`multipart/report`). */
  contentType: string;
  /** Plain text of the body: the text part, else the HTML part rendered with table cells kept apart. */
  text: string;
  /** True when `text` came from HTML. */
  textFromHtml: boolean;
  attachments: InboundAttachment[];
  /** Raw size in bytes. */
  size: number;
  /** SHA-256 of the raw bytes, hex. */
  contentSha256: string;
}
