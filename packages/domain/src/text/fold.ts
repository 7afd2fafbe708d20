/**
 * Folds text for tolerant matching: lower case, accents removed (é → e, ç → c, ü → u),
 * typographic quotes and dashes made plain, every kind of white space made a plain space.
 *
 * The result has exactly the same length (in UTF-16 code units) as the input, so an index
 * found in the folded text points at the same words in the original — reasons can quote
 * what the partner really wrote.
 */
export function foldText(input: string): string {
  // Most mail is plain ASCII: lower-casing and two substitutions are all it needs.
  if (PLAIN_ASCII.test(input)) return input.toLowerCase().replace(ASCII_SPECIAL, (c) => SPECIAL[c] ?? c);
  let out = "";
  for (const ch of input) {
    out += foldChar(ch);
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- the whole 7-bit range is the point
const PLAIN_ASCII = /^[\x00-\x7f]*$/;
const ASCII_SPECIAL = /[\t`]/g;

const SPECIAL: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u2032": "'",
  "\u00b4": "'",
  "`": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u00a0": " ",
  "\u2007": " ",
  "\u202f": " ",
  "\t": " ",
  "\u00df": "s", // ß: one char for one char keeps indices aligned; "strasse" ~ "strase" is close enough
  "\u0131": "i",
  "\u00f8": "o",
  "\u0142": "l",
  "\u00e6": "a",
  "\u0153": "o",
  "\uff1a": ":",
};

// A memo of non-ASCII characters already folded (Unicode normalisation is slow per call).
const folded = new Map<string, string>();

function foldChar(ch: string): string {
  if (ch.length !== 1) return ch; // astral characters pass through unchanged (same length)
  const code = ch.charCodeAt(0);
  if (code < 0x80) return SPECIAL[ch] ?? ch.toLowerCase();
  let out = folded.get(ch);
  if (out === undefined) {
    out = foldNonAscii(ch);
    if (folded.size < 65_536) folded.set(ch, out);
  }
  return out;
}

function foldNonAscii(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const base = ch.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
  return base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
}
