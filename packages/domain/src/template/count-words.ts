/**
 * Number of words in `text` as POLICY §4 counts them: whitespace-separated tokens holding at
 * least one letter or digit ("-", "|" and "…" alone do not count; "e-mail" and "v2.1" count once).
 */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) {
    if (LETTER_OR_DIGIT.test(token)) count++;
  }
  return count;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
