// Bounded to keep the scan linear in practice: a value is short, and anything past this is not
// where a partner writes an address (HOSTILE-MAIL.md: no regular expression over unbounded input).
const MAX_SCAN_CHARS = 4000;
const EMAIL = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/u;

/**
 * The first email address in `text`, lower-cased, or null. Looks at the first 4,000 characters
 * only; "Ana <ana@x.example>", "mailto:ana@x.example" and a trailing full stop are handled.
 */
export function findFirstEmail(text: string): string | null {
  const match = EMAIL.exec(text.slice(0, MAX_SCAN_CHARS));
  if (match === null) return null;
  return match[0].replace(/^[.'-]+/, "").toLowerCase();
}
