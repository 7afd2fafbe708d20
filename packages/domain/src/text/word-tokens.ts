import { foldText } from "./fold";

/**
 * What separates a word from the word before it: `0` spaces, line wraps, hyphens, apostrophes
 * or slashes (same clause); `1` a comma, colon, bracket or quote (same sentence, new clause);
 * `2` a sentence end (`.` `;` `!` `?`) or a blank line.
 */
export type WordBreak = 0 | 1 | 2;

/** One word of a text: its folded form and where it sits in the original (same indices). */
export interface WordToken {
  /** Folded (lower case, accents removed) word: letters and digits only. */
  text: string;
  /** UTF-16 index of the first character in the original text. */
  start: number;
  /** UTF-16 index just after the last character. */
  end: number;
  /** What separates this word from the previous one (`2` for the first word). */
  breakBefore: WordBreak;
}

// One character class with a single `+`: linear on any input (HOSTILE-MAIL.md).
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const HARD = /[.;!?¡¿]|\n[ \r]*\n/;
const SOFT = /[,:()[\]{}<>"]/;
const MARKS = /\p{M}/gu;

/**
 * Splits text into folded words: the one word splitter of the domain (phrase matching, template
 * values, language detection). Apostrophes and hyphens split words ("can't" → `can`, `t`;
 * "drop-down" → `drop`, `down`; "l'administrateur" → `l`, `administrateur`), so lexicon phrases
 * are written the same way. Offsets point into `original` (folding keeps every index).
 */
export function tokenizeWords(original: string): WordToken[] {
  const folded = foldText(original);
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  for (const m of folded.matchAll(WORD)) {
    const start = m.index;
    const gap = folded.slice(previousEnd, start);
    const breakBefore: WordBreak = tokens.length === 0 || HARD.test(gap) ? 2 : SOFT.test(gap) ? 1 : 0;
    // Combining marks left by decomposed (NFD) input are dropped, so "não" typed as n-a-◌̃-o is "nao".
    const text = m[0].replace(MARKS, "");
    tokens.push({ text, start, end: start + m[0].length, breakBefore });
    previousEnd = start + m[0].length;
  }
  return tokens;
}
