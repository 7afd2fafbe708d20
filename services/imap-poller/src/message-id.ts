/**
 * The first bracketed message id (`<id@host>`) of a raw `Message-ID:` header block as FETCHed
 * (`BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]`), or null. Same reading as the parser's
 * (packages/mime `readFirstMessageId` for the bracketed case), so a message rejected here before
 * download has the identity it would have had after parsing. One linear scan, no regex; the
 * input is capped at 4 KiB (a Message-ID is short; the rest of a hostile header is ignored).
 */
export function readHeaderMessageId(headerBlock: string): string | null {
  const text = headerBlock.slice(0, 4096);
  const colon = text.indexOf(":");
  if (colon === -1) return null;
  const open = text.indexOf("<", colon);
  if (open === -1) return null;
  const close = text.indexOf(">", open);
  if (close === -1) return null;
  const id = text.slice(open + 1, close).trim();
  return id === "" ? null : `<${id}>`;
}
