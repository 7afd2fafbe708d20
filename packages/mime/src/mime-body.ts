import { simpleParser, type Attachment, type SimpleParserOptions } from "mailparser";
import type { ParseLimits } from "./parse-limits";
import { htmlToText } from "./html-to-text";

/** The body of a message as the rules read it, plus mailparser's attachments (content included). */
export interface MimeBody {
  text: string;
  textFromHtml: boolean;
  attachments: Attachment[];
  /** The HTML as mailparser gave it (cut at `maxHtmlChars`), to tell which images it shows. */
  html: string;
}

// `ignoreEmbedded` is passed through to mailsplit; @types/mailparser does not list it.
const PARSER_OPTIONS: SimpleParserOptions & { ignoreEmbedded: boolean } = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  ignoreEmbedded: true,
};

/**
 * Runs mailparser on the (already normalised) message for its MIME tree only: the caller
 * passes only the top-level MIME header fields (`keepOnlyMimeHeaders`).
 * mailparser's own HTML-to-text is off (`skipHtmlToText`): it runs unbounded on the event loop
 * and overflows the stack on deep nesting, losing the whole message (HOSTILE-MAIL.md), so HTML
 * goes through our bounded `htmlToText` instead. `ignoreEmbedded` keeps every `message/rfc822`
 * part an attachment (the caller opens it); text-to-HTML and link work is skipped as unused.
 * Rejects when mailsplit refuses the structure (over 1,000 parts, over 1 MiB of part header).
 */
export async function readMimeBody(bytes: Uint8Array, limits: ParseLimits): Promise<MimeBody> {
  const parsed = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), PARSER_OPTIONS);
  const html = typeof parsed.html === "string" ? parsed.html.slice(0, limits.maxHtmlChars) : "";
  // Cut before anything else looks at it: 5 MB of text on one line arrives as is.
  const plain = (parsed.text ?? "").slice(0, limits.maxTextChars);
  if (hasText(plain) || html === "") {
    return { text: hasText(plain) ? plain : "", textFromHtml: false, attachments: parsed.attachments, html };
  }
  const text = htmlToText(html, limits.maxHtmlChars).slice(0, limits.maxTextChars);
  return { text, textFromHtml: true, attachments: parsed.attachments, html };
}

function hasText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}
