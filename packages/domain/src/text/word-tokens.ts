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
const MARK = /\p{M}/u;
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
    const word = m[0];
    const breakBefore: WordBreak = tokens.length === 0 ? 2 : breakBetween(folded, previousEnd, start);
    // Combining marks left by decomposed (NFD) input are dropped, so "não" typed as n-a-◌̃-o is "nao".
    const text = MARK.test(word) ? word.replace(MARKS, "") : word;
    tokens.push({ text, start, end: start + word.length, breakBefore });
    previousEnd = start + word.length;
  }
  return tokens;
}

function breakBetween(folded: string, from: number, to: number): WordBreak {
  // The common gap, one space, needs no regular expression.
  if (to - from === 1 && folded.charCodeAt(from) === 32) return 0;
  const gap = folded.slice(from, to);
  return HARD.test(gap) ? 2 : SOFT.test(gap) ? 1 : 0;
}
