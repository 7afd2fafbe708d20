import { foldText } from "./fold";

/** One hit of a {@link PhraseMatcher}: which entry, and the words as the sender wrote them. */
export interface PhraseHit<K extends string> {
  key: K;
  index: number;
  words: string;
}

/**
 * Matches many phrases at once, tolerant of case, accents and spacing, on whole words only.
 * In a phrase, `*` at the end of a word lets the word continue (inflection: `bloque*` matches
 * `bloqueado`, `bloqueada`); a space matches any run of spaces or hyphens.
 * Built once from lexicon data; matching is one linear scan of a single alternation.
 */
export class PhraseMatcher<K extends string> {
  private readonly pattern: RegExp | null;
  private readonly keys: K[];

  constructor(entries: Readonly<Record<K, readonly string[]>>) {
    const alternatives: string[] = [];
    this.keys = [];
    for (const key of Object.keys(entries) as K[]) {
      for (const phrase of entries[key]) {
        const source = phraseSource(phrase);
        if (source === "") continue;
        this.keys.push(key);
        alternatives.push(`(${source})`);
      }
    }
    this.pattern = alternatives.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  }

  /** Every non-overlapping hit, in text order. */
  findAll(text: string): PhraseHit<K>[] {
    if (this.pattern === null) return [];
    const folded = foldText(text);
    const hits: PhraseHit<K>[] = [];
    this.pattern.lastIndex = 0;
    for (const m of folded.matchAll(this.pattern)) {
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      const key = this.keys[group - 1];
      if (key === undefined) continue;
      hits.push({ key, index: m.index, words: text.slice(m.index, m.index + m[0].length) });
    }
    return hits;
  }

  /** The first hit, or null. */
  find(text: string): PhraseHit<K> | null {
    return this.findAll(text)[0] ?? null;
  }
}

function phraseSource(phrase: string): string {
  const words = foldText(phrase).trim().split(/[\s-]+/).filter((w) => w !== "");
  return words
    .map((w) => {
      const wildcard = w.endsWith("*");
      const escaped = (wildcard ? w.slice(0, -1) : w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return wildcard ? `${escaped}[\\p{L}\\p{N}]{0,24}` : escaped;
    })
    .join("[\\s-]+");
}
