import { compileLiteral, compilePhrase, wordMatches, type CompiledPhrase, type PatternStep, type PhraseMacros, type WordAlternative } from "./phrase-pattern";
import type { WordBreak, WordToken } from "./word-tokens";

/** A phrase found in a token list: its payload and the first and last word it covers. */
export interface PhraseHit<P> {
  payload: P;
  /** Index of the first matched token. */
  first: number;
  /** Index of the last matched token (inclusive). */
  last: number;
}

/** Options of a search. */
export interface PhraseSearch {
  /** Words a `~N` gap may not skip (negations: "is ~1 down" must not match "is not down"). */
  gapStoppers?: ReadonlySet<string>;
  /**
   * The strongest break allowed between two words of one phrase (see `WordBreak`). Default `0`:
   * a phrase stays inside one clause. `2` ignores punctuation and line breaks, for values read
   * as a whole ("Ex.: Zoho CRM, Zoho Desk, etc" as one hint).
   */
  maxBreak?: WordBreak;
}

/** One step of a trie of phrases; phrases sharing their first steps share nodes (macro expansions). */
interface TrieNode<P> {
  id: number;
  step: PatternStep | null;
  /** Word children by exact word, by the first letters of a prefix wildcard, or to scan. */
  exact: Map<string, TrieNode<P>[]>;
  prefix: Map<string, TrieNode<P>[]>;
  scan: TrieNode<P>[];
  gaps: TrieNode<P>[];
  /** How many of its parent's lists hold this node (`lento|lent*` sits in two). */
  listed: number;
  children: Map<string, TrieNode<P>>;
  /** Payloads of the phrases that end here. */
  payloads: P[];
}

/** Length of the leading letters used to index prefix wildcards (`slow*` is found under `slo`). */
const KEY = 3;

/**
 * Many compiled phrases in a trie indexed by word, so that a search tries only the phrases
 * that can continue at each word: linear in the text for a fixed lexicon (gaps are bounded,
 * ≤ 8 words each and 16 chained, and never cross a clause break unless `maxBreak` allows it).
 *
 * `findAll`/`findAt` report every phrase (one hit per payload and start), for lexicons whose
 * payloads add up (severity signals, consent reasons); `longestAt`/`findLongest` report the one
 * longest phrase at a position, for lexicons where the longest match wins (POLICY §4: "zoho crm
 * plus" over "zoho crm", "No aplica" over "no").
 */
export class PhraseIndex<P> {
  private nodes = 0;
  private readonly root: TrieNode<P> = this.node(null);
  /** Phrases written with a leading `^`: only tried where a clause starts. */
  private readonly clauseRoot: TrieNode<P> = this.node(null);
  /** Order in which payloads were first added: of equally long phrases, the earliest wins. */
  private readonly rank = new Map<P, number>();

  /**
   * Adds every phrase (lexicon syntax, see `compilePhrase`) with the same payload.
   * @throws Error naming the phrase when one is malformed.
   */
  add(phrases: readonly string[], payload: P, macros: PhraseMacros = {}): this {
    for (const phrase of phrases) for (const compiled of compilePhrase(phrase, macros)) this.insert(compiled, payload);
    return this;
  }

  /**
   * Adds phrases taken literally (operator data: product names and aliases), where syntax
   * characters are plain punctuation; a phrase without any word is skipped. Never throws.
   */
  addLiteral(phrases: readonly string[], payload: P): this {
    for (const phrase of phrases) {
      const compiled = compileLiteral(phrase);
      if (compiled !== null) this.insert(compiled, payload);
    }
    return this;
  }

  /** Every phrase occurrence, in text order (overlapping hits of different phrases included). */
  findAll(tokens: readonly WordToken[], search: PhraseSearch = {}): PhraseHit<P>[] {
    const hits: PhraseHit<P>[] = [];
    for (let i = 0; i < tokens.length; i++) hits.push(...this.findAt(tokens, i, search));
    return hits;
  }

  /** The phrases that start exactly at token `i`: one hit per payload, the longest. */
  findAt(tokens: readonly WordToken[], i: number, search: PhraseSearch = {}): PhraseHit<P>[] {
    const token = tokens[i];
    if (token === undefined) return [];
    const walk: Walk<P> = { tokens, start: i, maxBreak: search.maxBreak ?? 0, stoppers: search.gapStoppers, ends: null };
    this.walk(walk, this.root, i);
    if (token.breakBefore > 0) this.walk(walk, this.clauseRoot, i);
    if (walk.ends === null) return [];
    return [...walk.ends].map(([payload, last]) => ({ payload, first: i, last }));
  }

  // Hot path: a method, not a closure made per call, and no arrays built per visited node.
  private walk(w: Walk<P>, node: TrieNode<P>, t: number): void {
    for (const payload of node.payloads) {
      w.ends ??= new Map();
      w.ends.set(payload, Math.max(w.ends.get(payload) ?? -1, t - 1));
    }
    const next = w.tokens[t];
    if (next !== undefined && (t === w.start || next.breakBefore <= w.maxBreak)) {
      const word = next.text;
      let seen: Set<number> | null = null;
      const exact = node.exact.size === 0 ? undefined : node.exact.get(word);
      if (exact !== undefined) seen = this.walkChildren(w, exact, word, t, seen);
      const prefix = node.prefix.size === 0 ? undefined : node.prefix.get(word.slice(0, KEY));
      if (prefix !== undefined) seen = this.walkChildren(w, prefix, word, t, seen);
      if (node.scan.length > 0) this.walkChildren(w, node.scan, word, t, seen);
    }
    for (const gap of node.gaps) {
      const max = gap.step?.kind === "gap" ? gap.step.max : 0;
      for (let skip = 0; skip <= max; skip++) {
        const skipped = skip === 0 ? undefined : w.tokens[t + skip - 1];
        if (skip > 0 && (skipped === undefined || skipped.breakBefore > w.maxBreak || w.stoppers?.has(skipped.text))) break;
        this.walk(w, gap, t + skip);
      }
    }
  }

  private walkChildren(w: Walk<P>, list: readonly TrieNode<P>[], word: string, t: number, seen: Set<number> | null): Set<number> | null {
    for (const child of list) {
      if (child.step?.kind !== "word" || !matchesAny(child.step.alternatives, word)) continue;
      // A child listed under several keys (`lento|lent*`) is walked once.
      if (child.listed > 1) {
        seen ??= new Set();
        if (seen.has(child.id)) continue;
        seen.add(child.id);
      }
      this.walk(w, child, t + 1);
    }
    return seen;
  }

  /**
   * The longest phrase starting exactly at token `i`, or null: the one covering most words; of
   * phrases covering the same words, the payload added first.
   */
  longestAt(tokens: readonly WordToken[], i: number, search: PhraseSearch = {}): PhraseHit<P> | null {
    let best: PhraseHit<P> | null = null;
    for (const hit of this.findAt(tokens, i, search)) {
      if (best === null || this.outranks(hit, best)) best = hit;
    }
    return best;
  }

  /** At every token, the longest phrase starting there (hits may overlap), in text order. */
  findLongest(tokens: readonly WordToken[], search: PhraseSearch = {}): PhraseHit<P>[] {
    const hits: PhraseHit<P>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const hit = this.longestAt(tokens, i, search);
      if (hit !== null) hits.push(hit);
    }
    return hits;
  }

  private outranks(hit: PhraseHit<P>, best: PhraseHit<P>): boolean {
    if (hit.last !== best.last) return hit.last > best.last;
    return (this.rank.get(hit.payload) ?? 0) < (this.rank.get(best.payload) ?? 0);
  }

  private insert({ steps, clauseStart }: CompiledPhrase, payload: P): void {
    const end = steps.reduce((node, step) => this.child(node, step), clauseStart ? this.clauseRoot : this.root);
    if (!end.payloads.includes(payload)) end.payloads.push(payload);
    if (!this.rank.has(payload)) this.rank.set(payload, this.rank.size);
  }

  private node(step: PatternStep | null): TrieNode<P> {
    return { id: this.nodes++, step, exact: new Map(), prefix: new Map(), scan: [], gaps: [], listed: 0, children: new Map(), payloads: [] };
  }

  private child(parent: TrieNode<P>, step: PatternStep): TrieNode<P> {
    const signature = step.kind === "gap" ? `~${step.max}` : step.alternatives.map((a) => `${a.mode}:${a.core}`).sort().join("|");
    const existing = parent.children.get(signature);
    if (existing) return existing;
    const node = this.node(step);
    parent.children.set(signature, node);
    if (step.kind === "gap") {
      parent.gaps.push(node);
      return node;
    }
    const keys = new Set(step.alternatives.map((a) => (a.mode === "exact" ? `=${a.core}` : a.mode === "prefix" ? `^${a.core.slice(0, KEY)}` : "*")));
    node.listed = keys.size;
    for (const key of keys) {
      if (key === "*") parent.scan.push(node);
      else push(key.startsWith("=") ? parent.exact : parent.prefix, key.slice(1), node);
    }
    return node;
  }
}

/**
 * Length of the words a hit covers, in folded letters plus one per space between them
 * ("zoho crm plus" is 13), to rank hits that start at different words.
 */
export function hitLength(tokens: readonly WordToken[], hit: PhraseHit<unknown>): number {
  let length = hit.last - hit.first;
  for (let k = hit.first; k <= hit.last; k++) length += tokens[k]?.text.length ?? 0;
  return length;
}

/** State of one `findAt` walk through the trie. */
interface Walk<P> {
  tokens: readonly WordToken[];
  start: number;
  maxBreak: number;
  stoppers: ReadonlySet<string> | undefined;
  ends: Map<P, number> | null;
}

function matchesAny(alternatives: readonly WordAlternative[], word: string): boolean {
  for (const alt of alternatives) if (wordMatches(alt, word)) return true;
  return false;
}

function push<P>(map: Map<string, TrieNode<P>[]>, key: string, node: TrieNode<P>): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}
