/**
 * Message ids of a `Message-ID`, `In-Reply-To` or `References` value (already capped), in order
 * of appearance, each with its angle brackets (`<id@host>`), as threading compares them.
 * Text outside brackets (comments, "Your message of …") is ignored. A value with no bracketed
 * id at all, written by a sloppy mailer, gives its whitespace-separated tokens holding `@`,
 * wrapped in brackets. One linear scan: no regular expression on sender text.
 */
export function readMessageIds(value: string): string[] {
  const ids: string[] = [];
  let open = -1;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x3c) {
      open = i;
    } else if (code === 0x3e && open !== -1) {
      const id = value.slice(open + 1, i).trim();
      if (id.length > 0) ids.push(`<${id}>`);
      open = -1;
    }
  }
  if (ids.length > 0 || value.includes("<")) return ids;
  return value
    .split(/[ \t]+/)
    .filter((token) => token.includes("@"))
    .map((token) => `<${token}>`);
}

/** The first message id of a value, or null (see `readMessageIds`). */
export function readFirstMessageId(value: string | undefined): string | null {
  if (value === undefined) return null;
  return readMessageIds(value)[0] ?? null;
}
