import { foldText } from "./fold";
import { PhraseIndex, type PhraseHit } from "./phrase-index";
import type { PhraseMacros } from "./phrase-pattern";
import { tokenizeWords, type WordToken } from "./word-tokens";

/**
 * A lexicon of phrase kinds in the engine's syntax (see `compilePhrase`), as the JSON files
 * under `lexicon/` hold it: per kind, phrases by language and `except` phrases that cancel a
 * phrase of that kind wherever they overlap it ("drop-down" is not "down", "merge tag" is no
 * account merge).
 */
export interface PhraseLexicon<K extends string> {
  macros?: PhraseMacros;
  kinds: Readonly<Record<K, { phrases: Readonly<Record<string, readonly string[]>>; except?: readonly string[] }>>;
}

/** How a {@link PhraseMatcher} treats negations. */
export interface PhraseMatcherOptions<K extends string> {
  /** Words a `~N` gap never skips, and which cancel a negatable kind just before it. */
  negations?: readonly string[];
  /** How many words before a hit, in its clause, a negation cancels it; `0` (default) never. */
  negationWindow?: number;
  /** Which kinds a negation cancels ("no outage"); default every kind. */
  negatable?: (kind: K) => boolean;
}

/** One phrase found in a text: its kind and the words as the sender wrote them. */
export interface PhraseMatch<K extends string> {
  kind: K;
  /** The words as written (original case and accents; white space collapsed, ≤ 200 characters). */
  words: string;
  /** UTF-16 index of the first character in the text searched. */
  start: number;
  /** UTF-16 index just after the last character. */
  end: number;
}

type Payload<K> = { kind: K; except: boolean };

/** Distinct matches reported per text: enough for reasons, bounded for hostile input. */
const MAX_MATCHES = 40;
/** A wildcard word can be as long as the text ("slowwww…"): quotes are cut to this length. */
const MAX_QUOTE = 200;

/**
 * Finds the phrases of a keyed lexicon in text, in any language of the lexicon, tolerant of
 * case, accents, inflection (wildcards) and small gaps. Built once from lexicon data; a search
 * is linear in the text.
 */
export class PhraseMatcher<K extends string> {
  private readonly index = new PhraseIndex<Payload<K>>();
  private readonly negations: ReadonlySet<string>;
  private readonly window: number;
  private readonly negatable: (kind: K) => boolean;

  /** @throws Error naming the phrase when a lexicon phrase is malformed. */
  constructor(lexicon: PhraseLexicon<K>, options: PhraseMatcherOptions<K> = {}) {
    this.negations = new Set((options.negations ?? []).map(foldText));
    this.window = options.negationWindow ?? 0;
    this.negatable = options.negatable ?? (() => true);
    for (const kind of Object.keys(lexicon.kinds) as K[]) {
      const entry = lexicon.kinds[kind];
      const payload: Payload<K> = { kind, except: false };
      for (const phrases of Object.values(entry.phrases)) this.index.add(phrases, payload, lexicon.macros);
      this.index.add(entry.except ?? [], { kind, except: true }, lexicon.macros);
    }
  }

  /**
   * Every match in text order. A hit is dropped when an `except` phrase of its kind overlaps it,
   * or, for negatable kinds, when a negation stands within the window before it in the same
   * clause ("no outage", "not all users"). Overlapping hits of one kind merge into one span;
   * repeats of the same words are reported once, and at most 40 matches are returned.
   */
  findAll(text: string): PhraseMatch<K>[] {
    const tokens = tokenizeWords(text);
    const hits = this.index.findAll(tokens, { gapStoppers: this.negations });
    const excepted = new Map<K, Uint8Array>();
    for (const hit of hits) {
      if (!hit.payload.except) continue;
      const mask = excepted.get(hit.payload.kind) ?? new Uint8Array(tokens.length);
      mask.fill(1, hit.first, hit.last + 1);
      excepted.set(hit.payload.kind, mask);
    }
    const kept = mergePerKind(hits.filter((h) => !h.payload.except && !isExcepted(h, excepted) && !this.isNegated(h, tokens)));
    const seen = new Set<string>();
    const matches: PhraseMatch<K>[] = [];
    for (const hit of kept) {
      const start = tokens[hit.first]?.start ?? 0;
      const end = tokens[hit.last]?.end ?? 0;
      const words = quote(text.slice(start, end));
      const key = `${hit.payload.kind}\u0000${foldText(words)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      matches.push({ kind: hit.payload.kind, words, start, end });
      if (matches.length >= MAX_MATCHES) break;
    }
    return matches;
  }

  /** The first match, or null. */
  find(text: string): PhraseMatch<K> | null {
    return this.findAll(text)[0] ?? null;
  }

  private isNegated(hit: PhraseHit<Payload<K>>, tokens: readonly WordToken[]): boolean {
    if (this.window === 0 || !this.negatable(hit.payload.kind)) return false;
    // Walk back within the clause: a comma or full stop ends the negation's reach.
    for (let i = hit.first, seen = 0; seen < this.window && (tokens[i]?.breakBefore ?? 2) === 0; seen++) {
      i--;
      const word = tokens[i]?.text;
      if (word !== undefined && this.negations.has(word)) return true;
    }
    return false;
  }
}

/** The words as written, with line breaks and runs of spaces made single spaces, capped. */
function quote(words: string): string {
  const flat = words.replace(/\s+/g, " ");
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}…` : flat;
}

function isExcepted<K>(hit: PhraseHit<Payload<K>>, excepted: ReadonlyMap<K, Uint8Array>): boolean {
  const mask = excepted.get(hit.payload.kind);
  return mask !== undefined && mask.subarray(hit.first, hit.last + 1).includes(1);
}

/** Overlapping hits of one kind merge into one span ("Writing a Deluge" + "Deluge function"). */
function mergePerKind<K>(hits: readonly PhraseHit<Payload<K>>[]): PhraseHit<Payload<K>>[] {
  const sorted = [...hits].sort((a, b) => a.first - b.first || b.last - a.last);
  const open = new Map<K, PhraseHit<Payload<K>>>();
  const merged: PhraseHit<Payload<K>>[] = [];
  for (const hit of sorted) {
    const previous = open.get(hit.payload.kind);
    if (previous !== undefined && hit.first <= previous.last) {
      previous.last = Math.max(previous.last, hit.last);
      continue;
    }
    const copy = { ...hit };
    open.set(hit.payload.kind, copy);
    merged.push(copy);
  }
  return merged;
}
