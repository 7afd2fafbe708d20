import type { FieldName } from "@mailtriage/contracts";
import hints from "../lexicon/template-hints.json" with { type: "json" };
import { foldText } from "../text/fold";
import { PhraseIndex } from "../text/phrase-index";
import { tokenizeWords } from "../text/word-tokens";

const HINTS: Readonly<Record<FieldName, readonly string[]>> = hints.fields;
const WORD_UNITS = new Set(hints.wordUnits);
const RANGE_CONNECTORS = new Set(hints.wordRangeConnectors);
const INDEXES = new Map<FieldName, PhraseIndex<true>>((Object.keys(HINTS) as FieldName[]).map((field) => [field, new PhraseIndex<true>().add(HINTS[field], true)]));
// Hints are short (the longest has 288 characters); only the start of a line can hold one.
const HEAD_CHARS = 600;
const HINT_CHARS = 320;
const SEPARATORS = " \t:;,.-|=>)*_";

/**
 * Removes the template's hint text from the start of one value line (POLICY §4: partners paste
 * the template with hints such as "Sí o no (explícalo)", "(150-200 palabras)" or "Preset Values
 * (…)" left in; hints are not values). A parenthesis right after a hint goes with it. Returns
 * the rest of the line, trimmed; "" when the line was only a hint.
 */
export function stripHint(line: string, field: FieldName): string {
  let text = line.trim();
  for (let round = 0; round < 3; round++) {
    const next = stripOnce(text, field);
    if (next === text) break;
    text = next;
  }
  return text;
}

function stripOnce(text: string, field: FieldName): string {
  const folded = foldText(text.slice(0, HEAD_CHARS));
  if (folded.startsWith("(")) {
    const close = folded.indexOf(")");
    if (close > 0 && close < 48 && isWordRange(folded.slice(1, close))) return trimSeparators(text.slice(close + 1));
  }
  const tokens = tokenizeWords(folded.slice(0, HINT_CHARS));
  const first = tokens[0];
  if (first === undefined || first.start > 3) return text;
  // A hint is read whatever its punctuation ("Ex.: Zoho CRM, Zoho Desk, etc").
  const hint = INDEXES.get(field)?.longestAt(tokens, 0, { maxBreak: 2 }) ?? null;
  const last = hint === null ? undefined : tokens[hint.last];
  if (last === undefined) return text;
  const rest = text.slice(last.end).trimStart();
  if (rest.startsWith("(")) return trimSeparators(rest.slice(closingParenthesis(rest) + 1));
  // "If any user logs in…" is a value that starts like the hint "If any": a hint ends the line
  // or is followed by punctuation.
  if (rest !== "" && /^[\p{L}\p{N}]/u.test(rest)) return text;
  return trimSeparators(rest);
}

/** "150-200 palabras", "50 words", "150 à 200 mots": numbers, connectors and a word unit. */
function isWordRange(inner: string): boolean {
  const words = tokenizeWords(inner).map((t) => t.text);
  return words.some((w) => WORD_UNITS.has(w)) && words.every((w) => WORD_UNITS.has(w) || RANGE_CONNECTORS.has(w) || /^\d+$/.test(w));
}

/** Index of the parenthesis closing the one at 0 (nested ones included), or the end. */
function closingParenthesis(text: string): number {
  let depth = 0;
  const limit = Math.min(text.length, HEAD_CHARS);
  for (let i = 0; i < limit; i++) {
    if (text[i] === "(" || text[i] === "[") depth++;
    else if (text[i] === ")" || text[i] === "]") depth--;
    if (depth === 0) return i;
  }
  return limit - 1;
}

function trimSeparators(text: string): string {
  let from = 0;
  while (from < text.length && SEPARATORS.includes(text[from] ?? "")) from++;
  return text.slice(from).trim();
}
