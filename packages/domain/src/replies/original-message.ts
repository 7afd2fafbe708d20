/**
 * What the mailer needs from the partner's original message beyond the triage result: the
 * RFC 3834 loop signals and the threading headers. Read from the raw header block (the store
 * keeps raw bytes; the triage result does not carry these headers).
 */
export interface OriginalMessage {
  /** `Return-Path` value as written (`<>` means a bounce-type sender), null when absent. */
  returnPath: string | null;
  /** First `Auto-Submitted` value, null when absent. */
  autoSubmitted: string | null;
  /** First `Precedence` value, null when absent. */
  precedence: string | null;
  /** True when any mailing-list header (`List-Id`, `List-Unsubscribe`) is present (RFC 3834 §2). */
  listMail: boolean;
  /** True when a vendor auto-reply header (`X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress: All|OOF|AutoReply`: the sender asks for no automatic answer) is present. */
  vendorAutoReply: boolean;
  /** `References` message ids, oldest first (at most the last 20). */
  references: string[];
  /**
   * The body when the message is a single `text/plain` part in 7bit/8bit (no decoding needed),
   * capped at 20,000 characters; else null. Only used to guess the language of a rejected
   * message, whose triage stops before language detection (POLICY §7 order of checks).
   */
  plainText: string | null;
}

const MAX_HEADER_CHARS = 64 * 1024;
const MAX_BODY_CHARS = 20_000;
const MAX_REFERENCES = 20;

/**
 * Reads `raw` (the message as text; only the header block and, for plain text, the start of
 * the body are looked at). Unfolds continuation lines; header names are case-insensitive.
 * Bounded: at most 64 KiB of headers are read, whatever the input.
 */
export function readOriginalMessage(raw: string): OriginalMessage {
  const end = headerEnd(raw);
  const headers = parseHeaders(raw.slice(0, Math.min(end.index, MAX_HEADER_CHARS)));
  const first = (name: string): string | null => headers.get(name)?.[0] ?? null;
  const suppress = first("x-auto-response-suppress");
  const contentType = (first("content-type") ?? "text/plain").toLowerCase();
  const encoding = (first("content-transfer-encoding") ?? "7bit").trim().toLowerCase();
  const plain = contentType.trimStart().startsWith("text/plain") && (encoding === "7bit" || encoding === "8bit");
  return {
    returnPath: first("return-path"),
    autoSubmitted: first("auto-submitted"),
    precedence: first("precedence"),
    listMail: headers.has("list-id") || headers.has("list-unsubscribe"),
    vendorAutoReply:
      ["x-autoreply", "x-autorespond", "x-autoresponder"].some((n) => headers.has(n) && !/^\s*(no|false|0)\b/i.test(first(n) ?? "")) ||
      // The sender asks not to be auto-answered (Exchange sets it on its own automatic mail).
      (suppress !== null && /\b(all|oof|autoreply)\b/i.test(suppress)),
    references: messageIds(first("references") ?? "").slice(-MAX_REFERENCES),
    plainText: plain && end.found ? raw.slice(end.index, end.index + MAX_BODY_CHARS) : null,
  };
}

/** Where the body starts: after the first empty line (CRLF or LF); the whole input when there is none. */
function headerEnd(raw: string): { index: number; found: boolean } {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  if (crlf === -1 && lf === -1) return { index: raw.length, found: false };
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { index: crlf + 4, found: true };
  return { index: lf + 2, found: true };
}

function parseHeaders(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let current: { name: string; value: string } | null = null;
  const flush = (): void => {
    if (current !== null) headers.set(current.name, [...(headers.get(current.name) ?? []), current.value.trim()]);
  };
  for (const line of block.split("\n")) {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if ((text.startsWith(" ") || text.startsWith("\t")) && current !== null) {
      current.value += ` ${text.trim()}`;
      continue;
    }
    flush();
    const colon = text.indexOf(":");
    current = colon > 0 ? { name: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1) } : null;
  }
  flush();
  return headers;
}

/** `<id>` tokens of a References header (angle brackets kept), in order. */
function messageIds(value: string): string[] {
  return [...value.matchAll(/<[^<>\s]{1,998}>/g)].map((m) => m[0]);
}
