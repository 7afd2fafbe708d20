import { foldText } from "../text/fold";
import { wordTokens } from "./word-tokens";

/** A phrase found in a list of words: which entry, from which word, how many words. */
export interface PhraseSpan<K> {
  key: K;
  /** Index of the first word. */
  start: number;
  /** Number of words. */
  words: number;
  /** Length of the phrase in characters (words joined by single spaces), to rank overlaps. */
  chars: number;
}

interface Entry<K> {
  key: K;
  words: readonly string[];
  chars: number;
}

/**
 * Whole-word phrase lookup over folded words, built once from lexicon data. Unlike a regular
 * expression alternation it always reports the longest phrase at a position, which is what
 * "longest match wins" in POLICY §4 needs ("zoho crm plus" over "zoho crm", "no aplica" over "no").
 */
export class PhraseIndex<K> {
  private readonly byFirstWord = new Map<string, Entry<K>[]>();

  constructor(entries: Iterable<readonly [K, string]>) {
    for (const [key, phrase] of entries) {
      const words = wordTokens(foldText(phrase)).map((t) => t.text);
      const first = words[0];
      if (first === undefined) continue;
      const list = this.byFirstWord.get(first) ?? [];
      list.push({ key, words, chars: words.join(" ").length });
      this.byFirstWord.set(first, list);
    }
    for (const list of this.byFirstWord.values()) list.sort((x, y) => y.words.length - x.words.length || y.chars - x.chars);
  }

  /** The longest phrase whose words start at `words[at]`, or null. */
  longestAt(words: readonly string[], at: number): PhraseSpan<K> | null {
    const candidates = this.byFirstWord.get(words[at] ?? "");
    if (candidates === undefined) return null;
    for (const entry of candidates) {
      if (entry.words.every((w, k) => words[at + k] === w)) {
        return { key: entry.key, start: at, words: entry.words.length, chars: entry.chars };
      }
    }
    return null;
  }

  /** At every word position, the longest phrase starting there (hits may overlap), in text order. */
  findAll(words: readonly string[]): PhraseSpan<K>[] {
    const spans: PhraseSpan<K>[] = [];
    for (let at = 0; at < words.length; at++) {
      const span = this.longestAt(words, at);
      if (span !== null) spans.push(span);
    }
    return spans;
  }
}
