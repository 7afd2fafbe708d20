import type { FieldName, Language } from "@mailtriage/contracts";
import labels from "../lexicon/template-labels.json" with { type: "json" };
import { foldText } from "../text/fold";
import { boundedEditDistance, letterCounts, letterMask, masksMayBeWithin, mayBeWithin } from "./edit-distance";
import { compactKey } from "../text/compact-key";

/** A label recognised in a line: which template field, and the languages it is written in. */
export interface LabelMatch {
  /** Null for a label outside the template ("Priority", "Gravedad") that still ends the field above it. */
  field: FieldName | null;
  /** Usually one; "Description" is English and French, "Screenshots" English and German. */
  languages: readonly Language[];
}

type ByLanguage = Readonly<Record<Language, readonly string[]>>;
const FIELDS: Readonly<Record<FieldName, ByLanguage>> = labels.fields;
const OTHER: ByLanguage = labels.otherLabels;

// Keys longer than this are prose, not a label (the longest label has 41 letters).
const MAX_KEY_LENGTH = 60;

const exact = new Map<string, LabelMatch>();
const add = (field: FieldName | null, byLanguage: ByLanguage): void => {
  for (const [language, list] of Object.entries(byLanguage) as [Language, readonly string[]][]) {
    for (const label of list) {
      const key = compactKey(foldText(label));
      const known = exact.get(key);
      if (known === undefined) exact.set(key, { field, languages: [language] });
      else if (known.field === field && !known.languages.includes(language)) exact.set(key, { field, languages: [...known.languages, language] });
    }
  }
};
for (const [field, byLanguage] of Object.entries(FIELDS) as [FieldName, ByLanguage][]) add(field, byLanguage);
add(null, OTHER);

const keysByLength = new Map<number, { key: string; mask: number; counts: Int16Array }[]>();
for (const key of exact.keys()) keysByLength.set(key.length, [...(keysByLength.get(key.length) ?? []), { key, mask: letterMask(key), counts: letterCounts(key) }]);

// Letter counts of the key being matched, reused from call to call.
const KEY_COUNTS = new Int16Array(37);

/**
 * Typos allowed for a label of this many letters: none for short labels ("Product"), where one
 * letter changes the word; one from 9 letters; two from 16 ("Custmer email adress").
 */
function allowedTypos(length: number): number {
  if (length >= 16) return 2;
  if (length >= 9) return 1;
  return 0;
}

/**
 * Recognises a template label (POLICY §4) in already-folded text such as "customer's email
 * address " or "**produkt**": case, accents, spacing, punctuation and a trailing "(…)" do not
 * matter, and labels of 9 letters or more may carry one or two typos. Null when not a label.
 */
export function matchLabel(foldedCandidate: string): LabelMatch | null {
  const key = compactKey(withoutTrailingParenthesis(foldedCandidate));
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
  const found = exact.get(key);
  if (found !== undefined) return found;
  let best: { match: LabelMatch; distance: number } | null = null;
  let mask = -1;
  let counted = false;
  for (let length = key.length - 2; length <= key.length + 2; length++) {
    const max = allowedTypos(length);
    if (max === 0 || Math.abs(length - key.length) > max) continue;
    for (const label of keysByLength.get(length) ?? []) {
      if (mask === -1) mask = letterMask(key);
      if (!masksMayBeWithin(mask, label.mask, max)) continue;
      if (!counted) {
        letterCounts(key, KEY_COUNTS);
        counted = true;
      }
      if (!mayBeWithin(KEY_COUNTS, label.counts, max)) continue;
      const distance = boundedEditDistance(key, label.key, max);
      const match = exact.get(label.key);
      if (distance <= max && match !== undefined && (best === null || distance < best.distance)) best = { match, distance };
    }
  }
  return best?.match ?? null;
}

/** "Description (150-200 words)" → "Description": partners keep the template's hints. */
function withoutTrailingParenthesis(text: string): string {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(")")) return text;
  const open = trimmed.lastIndexOf("(");
  return open > 0 ? trimmed.slice(0, open) : text;
}
