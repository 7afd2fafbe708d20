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
  if (PLAIN_ASCII.test(input)) return foldAscii(input);
  // Otherwise runs of ASCII are folded whole, and only the other characters one by one.
  let out = "";
  let at = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(input); m !== null; m = NON_ASCII.exec(input)) {
    if (m.index > at) out += foldAscii(input.slice(at, m.index));
    const code = input.charCodeAt(m.index);
    const pair = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(input.charCodeAt(m.index + 1));
    // An astral character (a surrogate pair) passes through unchanged: same length.
    out += pair ? input.slice(m.index, m.index + 2) : foldNonAsciiUnit(input[m.index] as string, code);
    at = m.index + (pair ? 2 : 1);
    NON_ASCII.lastIndex = at;
  }
  return at < input.length ? out + foldAscii(input.slice(at)) : out;
}

function foldAscii(text: string): string {
  return text.toLowerCase().replace(ASCII_SPECIAL, (c) => SPECIAL[c] ?? c);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// eslint-disable-next-line no-control-regex -- the whole 7-bit range is the point
const PLAIN_ASCII = /^[\x00-\x7f]*$/;
const ASCII_SPECIAL = /[\t`]/g;
// eslint-disable-next-line no-control-regex -- the whole 7-bit range is the point
const NON_ASCII = /[^\x00-\x7f]/g;

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

// A memo of non-ASCII characters already folded, by UTF-16 code unit (Unicode normalisation is
// slow per call).
const folded: (string | undefined)[] = [];

/** One non-ASCII UTF-16 code unit (not half of a surrogate pair), folded to one code unit. */
function foldNonAsciiUnit(ch: string, code: number): string {
  let out = folded[code];
  if (out === undefined) {
    out = foldNonAscii(ch);
    folded[code] = out;
  }
  return out;
}

function foldNonAscii(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const base = ch.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
  return base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
}
