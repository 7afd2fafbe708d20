import lexicon from "../lexicon/severity-signals.json" with { type: "json" };
import { foldText } from "../text/fold";
import { PhraseIndex, type PhraseHit } from "./phrase-index";
import { SIGNAL_KINDS, SIGNAL_RULES, type SignalKind } from "./signal-kind";
import { tokenizeWords, type WordToken } from "./word-tokens";

/** One severity signal found in a message (POLICY §5). */
export interface SignalMatch {
  kind: SignalKind;
  /** The severity the kind stands for; null for feature requests and limitations. */
  severity: 1 | 2 | 3 | null;
  /** The words as the partner wrote them (original case and accents; white space collapsed, ≤ 200 characters). */
  words: string;
}

interface SignalLexicon {
  negationWindow: number;
  negations: string[];
  macros: Record<string, string[]>;
  kinds: Record<SignalKind, { except: string[]; phrases: Record<string, string[]> }>;
}

type Payload = { kind: SignalKind; except: boolean };

const LEXICON: SignalLexicon = lexicon;
const NEGATIONS: ReadonlySet<string> = new Set(LEXICON.negations.map(foldText));
const INDEX = buildIndex(LEXICON);
/** Distinct signals reported per message: enough for reasons, bounded for hostile input. */
const MAX_SIGNALS = 40;
/** A wildcard word can be as long as the text ("slowwww…"): quotes are cut to this length. */
const MAX_QUOTE = 200;

function buildIndex(data: SignalLexicon): PhraseIndex<Payload> {
  const index = new PhraseIndex<Payload>();
  for (const kind of SIGNAL_KINDS) {
    const entry = data.kinds[kind];
    const signal: Payload = { kind, except: false };
    for (const phrases of Object.values(entry.phrases)) index.add(phrases, signal, data.macros);
    index.add(entry.except, { kind, except: true }, data.macros);
  }
  return index;
}

/**
 * Every severity signal in a text, in text order, in any of the six languages (POLICY §5).
 * A signal is dropped when an `except` phrase of its kind overlaps it ("drop-down" is not
 * "down"), or, for negatable kinds, when a negation stands within the lexicon's window before
 * it in the same clause ("no outage", "not all users"). Overlapping hits of one kind merge
 * into one span; repeats of the same words are reported once, and at most 40 signals are
 * returned. Linear in the text length.
 */
export function findSignals(text: string): SignalMatch[] {
  const tokens = tokenizeWords(text);
  const hits = INDEX.findAll(tokens, { gapStoppers: NEGATIONS });
  const excepted = new Map<SignalKind, Uint8Array>();
  for (const hit of hits) {
    if (!hit.payload.except) continue;
    const mask = excepted.get(hit.payload.kind) ?? new Uint8Array(tokens.length);
    mask.fill(1, hit.first, hit.last + 1);
    excepted.set(hit.payload.kind, mask);
  }
  const kept = mergePerKind(hits.filter((h) => !h.payload.except && !isExcepted(h, excepted) && !isNegated(h, tokens)));
  const seen = new Set<string>();
  const signals: SignalMatch[] = [];
  for (const hit of kept) {
    const words = quote(text.slice(tokens[hit.first]?.start ?? 0, tokens[hit.last]?.end ?? 0));
    const key = `${hit.payload.kind}\u0000${foldText(words)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    signals.push({ kind: hit.payload.kind, severity: SIGNAL_RULES[hit.payload.kind].severity, words });
    if (signals.length >= MAX_SIGNALS) break;
  }
  return signals;
}

/** The words as written, with line breaks and runs of spaces made single spaces, capped. */
function quote(words: string): string {
  const flat = words.replace(/\s+/g, " ");
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE)}…` : flat;
}

function isExcepted(hit: PhraseHit<Payload>, excepted: ReadonlyMap<SignalKind, Uint8Array>): boolean {
  const mask = excepted.get(hit.payload.kind);
  return mask !== undefined && mask.subarray(hit.first, hit.last + 1).includes(1);
}

function isNegated(hit: PhraseHit<Payload>, tokens: readonly WordToken[]): boolean {
  if (!SIGNAL_RULES[hit.payload.kind].negatable) return false;
  // Walk back within the clause: a comma or full stop ends the negation's reach.
  for (let i = hit.first, seen = 0; seen < LEXICON.negationWindow && (tokens[i]?.breakBefore ?? 2) === 0; seen++) {
    i--;
    const word = tokens[i]?.text;
    if (word !== undefined && NEGATIONS.has(word)) return true;
  }
  return false;
}

/** Overlapping hits of one kind merge into one span ("Writing a Deluge" + "Deluge function"). */
function mergePerKind(hits: readonly PhraseHit<Payload>[]): PhraseHit<Payload>[] {
  const sorted = [...hits].sort((a, b) => a.first - b.first || b.last - a.last);
  const open = new Map<SignalKind, PhraseHit<Payload>>();
  const merged: PhraseHit<Payload>[] = [];
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
