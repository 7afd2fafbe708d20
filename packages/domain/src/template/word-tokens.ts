/** One word of a folded text, with where it sits (UTF-16 offsets, end exclusive). */
export interface WordToken {
  text: string;
  start: number;
  end: number;
}

// Letters and digits, with inner apostrophes kept ("don't", "d'origine"). Each repetition of the
// group must start with an apostrophe, so the pattern cannot backtrack badly on long input.
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/**
 * Splits already-folded text (see `foldText`) into words. Offsets point into the string given,
 * and so into the original text too, because folding keeps every index.
 */
export function wordTokens(folded: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const m of folded.matchAll(WORD)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * Folded text reduced to its letters and digits: "E-Mail-Adresse des Kunden:" and
 * "email adresse des kunden" give the same key. Input must already be folded.
 */
export function compactKey(folded: string): string {
  return folded.replace(/[^\p{L}\p{N}]+/gu, "");
}
