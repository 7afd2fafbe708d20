import { charClassAt, MARK, OTHER } from "./char-class";
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
  readonly text: string;
  /** UTF-16 index of the first character in the original text. */
  readonly start: number;
  /** UTF-16 index just after the last character. */
  readonly end: number;
  /** What separates this word from the previous one (`2` for the first word). */
  readonly breakBefore: WordBreak;
}

const MARKS = /\p{M}/gu;
// What a character between two words makes of the gap: 2 a sentence end, 1 a new clause.
const GAP_MARK = new Uint8Array(0x100);
for (const ch of ".;!?¡¿") GAP_MARK[ch.charCodeAt(0)] = 2;
for (const ch of ',:()[]{}<>"') GAP_MARK[ch.charCodeAt(0)] = 1;

/**
 * Splits text into folded words: the one word splitter of the domain (phrase matching, template
 * values, language detection). A word is a run of letters, digits and combining marks (Unicode
 * L, N, M). Apostrophes and hyphens split words ("can't" → `can`, `t`; "drop-down" → `drop`,
 * `down`; "l'administrateur" → `l`, `administrateur`), so lexicon phrases are written the same
 * way. Offsets point into `original` (folding keeps every index). One left-to-right pass over
 * the folded text, linear on any input (HOSTILE-MAIL.md).
 *
 * The rules read the same text several times (subject and new text: severity signals, stated
 * severity, consent, language), so the tokens of the last few texts are kept and returned again:
 * callers must not change them.
 */
export function tokenizeWords(original: string): readonly WordToken[] {
  const known = recent.get(original);
  if (known !== undefined) {
    // Most recently used last: the oldest entry is the one dropped.
    recent.delete(original);
    recent.set(original, known);
    return known;
  }
  const tokens = tokenize(original);
  remember(original, tokens);
  return tokens;
}

/**
 * `first + separator + second`, with its tokens made from those of the two parts (see
 * `tokenizeWords`) rather than by reading the whole again, so a text built from the subject and
 * the new text costs little more than the parts. `separator` must hold no letter, digit or
 * mark (a line break); otherwise the text is simply returned.
 */
export function joinTokenized(first: string, separator: string, second: string): string {
  const text = first + separator + second;
  if (text.length > RECENT_MAX_CHARS || recent.has(text) || !isGap(separator)) return text;
  const head = tokenizeWords(first);
  const tail = tokenizeWords(second);
  const offset = first.length + separator.length;
  const tokens = head.slice();
  const last = head[head.length - 1];
  for (const [k, token] of tail.entries()) {
    // Only the break before the second part's first word depends on what precedes it.
    const breakBefore = k === 0 && last !== undefined ? gapBreak(text.slice(last.end, offset + token.start)) : token.breakBefore;
    tokens.push({ text: token.text, start: token.start + offset, end: token.end + offset, breakBefore });
  }
  remember(text, tokens);
  return text;
}

// Texts up to this long are remembered, at most this many (the last few a triage reads).
const RECENT_MAX_CHARS = 20_000;
const RECENT_MAX = 16;
const recent = new Map<string, readonly WordToken[]>();

function remember(text: string, tokens: readonly WordToken[]): void {
  if (text.length > RECENT_MAX_CHARS) return;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, tokens);
}

/** True when `text` holds no character of a word (nor half of a surrogate pair). */
function isGap(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0xd800 && code <= 0xdfff) || charClassAt(text, i) >> 2 !== OTHER) return false;
  }
  return true;
}

/** The break that `gap` (characters between two words, as written) makes. */
function gapBreak(gap: string): WordBreak {
  return gap.length === 0 ? 0 : breakBetween(foldText(gap), 0, gap.length);
}

function tokenize(original: string): WordToken[] {
  const folded = foldText(original);
  // Read once: `length` of the many kinds of string folding returns is a megamorphic load.
  const length = folded.length;
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  let i = 0;
  while (i < length) {
    const first = charClassAt(folded, i);
    if (first >> 2 === OTHER) {
      i += first & 3;
      continue;
    }
    const start = i;
    let marks = false;
    while (i < length) {
      const c = charClassAt(folded, i);
      if (c >> 2 === OTHER) break;
      if (c >> 2 === MARK) marks = true;
      i += c & 3;
    }
    const word = folded.slice(start, i);
    const breakBefore: WordBreak = tokens.length === 0 ? 2 : breakBetween(folded, previousEnd, start);
    // Combining marks left by decomposed (NFD) input are dropped, so "não" typed as n-a-◌̃-o is "nao".
    tokens.push({ text: marks ? word.replace(MARKS, "") : word, start, end: i, breakBefore });
    previousEnd = i;
  }
  return tokens;
}

/**
 * The break between two words from the characters between them: `2` for a sentence end
 * (`.` `;` `!` `?` `¡` `¿`) or a blank line (LF, spaces or CRs, LF), else `1` for a comma,
 * colon, bracket or quote, else `0`.
 */
function breakBetween(folded: string, from: number, to: number): WordBreak {
  // The common gap, one space.
  if (to - from === 1 && folded.charCodeAt(from) === 32) return 0;
  let soft = false;
  for (let i = from; i < to; i++) {
    const code = folded.charCodeAt(i);
    const mark = code < 0x100 ? GAP_MARK[code] : 0;
    if (mark === 2) return 2;
    if (mark === 1) soft = true;
    else if (code === 0x0a) {
      let j = i + 1;
      while (j < to && (folded.charCodeAt(j) === 0x20 || folded.charCodeAt(j) === 0x0d)) j++;
      if (j < to && folded.charCodeAt(j) === 0x0a) return 2;
    }
  }
  return soft ? 1 : 0;
}
