/**
 * Unicode classes of characters as the text engine reads them: letters and digits (`\p{L}`,
 * `\p{N}`) make words, combining marks (`\p{M}`) belong to the word they follow, anything else
 * separates words. Looked up per UTF-16 code unit in a table filled as characters are met, one
 * regular-expression test per distinct character instead of one per character read.
 */

/** Not part of a word (space, punctuation, symbols, a lone surrogate). */
export const OTHER = 0;
/** A letter or digit (`\p{L}`, `\p{N}`). */
export const WORD = 1;
/** A combining mark (`\p{M}`). */
export const MARK = 2;
const UNKNOWN = 3;

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK_CHAR = /^\p{M}$/u;
const UNIT_CLASS = new Uint8Array(0x10000).fill(UNKNOWN);
for (let code = 0; code < 0x80; code++) UNIT_CLASS[code] = classify(String.fromCharCode(code));
const ASTRAL_CLASS = new Map<string, number>();
// Called through `call`: `text.charCodeAt` looks the method up on each kind of string the
// callers pass (flat, sliced, concatenated …), a megamorphic load on every character.
const charCodeAt = String.prototype.charCodeAt;

/**
 * Class and width of the character at `i` of `text`, packed as `(class << 2) | width`: width 1,
 * or 2 for a surrogate pair (an astral character, classed as a whole).
 */
export function charClassAt(text: string, i: number): number {
  const code = charCodeAt.call(text, i);
  if (code < 0xd800 || code > 0xdfff) {
    let cls = UNIT_CLASS[code] as number;
    if (cls === UNKNOWN) {
      cls = classify(String.fromCharCode(code));
      UNIT_CLASS[code] = cls;
    }
    return (cls << 2) | 1;
  }
  const low = charCodeAt.call(text, i + 1);
  if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return (OTHER << 2) | 1; // a lone surrogate
  const pair = text.slice(i, i + 2);
  let cls = ASTRAL_CLASS.get(pair);
  if (cls === undefined) {
    cls = classify(pair);
    if (ASTRAL_CLASS.size < 4096) ASTRAL_CLASS.set(pair, cls);
  }
  return (cls << 2) | 2;
}

function classify(ch: string): number {
  return LETTER_OR_DIGIT.test(ch) ? WORD : MARK_CHAR.test(ch) ? MARK : OTHER;
}
