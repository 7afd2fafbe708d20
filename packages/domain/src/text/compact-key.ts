import { charClassAt, WORD } from "./char-class";

/**
 * Folded text reduced to its letters and digits: "E-Mail-Adresse des Kunden:" and
 * "email adresse des kunden" give the same key, to compare labels and typed values whatever
 * their spacing and punctuation. Input must already be folded (see `foldText`). Everything but
 * `\p{L}` and `\p{N}` is dropped, combining marks included.
 */
export function compactKey(folded: string): string {
  const length = folded.length;
  let out = "";
  let runStart = -1;
  for (let i = 0; i < length; ) {
    const c = charClassAt(folded, i);
    if (c >> 2 === WORD) {
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) {
      out += folded.slice(runStart, i);
      runStart = -1;
    }
    i += c & 3;
  }
  if (runStart === -1) return out;
  return runStart === 0 ? folded : out + folded.slice(runStart);
}
