import { foldText } from "./fold";
import { tokenizeWords } from "./word-tokens";

/** How one alternative compares with a word: whole word, or the word may continue on either side. */
export interface WordAlternative {
  mode: "exact" | "prefix" | "suffix" | "contains";
  /** Folded letters the word must equal, start with, end with or contain. */
  core: string;
}

/** One position of a compiled phrase: a word (any of its alternatives) or a gap of 0..max words. */
export type PatternStep = { kind: "word"; alternatives: WordAlternative[] } | { kind: "gap"; max: number };

/** One compiled phrase: its steps, and whether it must open a clause. */
export interface CompiledPhrase {
  steps: PatternStep[];
  /** Written with a leading `^`: the first word must follow punctuation or start the text. */
  clauseStart: boolean;
}

/** Macros: `$name` → the phrases it stands for (may hold several words, but no other macro). */
export type PhraseMacros = Readonly<Record<string, readonly string[]>>;

/** Upper bound on the phrases one lexicon entry may expand to through macros. */
const MAX_EXPANSION = 512;
// German separable verbs put a whole clause between their parts ("ich stimme der Änderung … zu").
const MAX_GAP = 8;
const MIN_WILDCARD_CORE = 3;
const PIECE = /[\p{L}\p{N}\p{M}*]+/gu;
const ALTERNATIVE = /^\*?[\p{L}\p{N}]+\*?$/u;

/**
 * Compiles one lexicon phrase into the patterns it stands for.
 *
 * Syntax (space-separated parts; case and accents do not matter):
 * - `word` a whole word; punctuation inside splits it the way text is split (`can't` = `can t`);
 * - `word*` the word may continue (`slow*` = slow, slowly, slowness), `*word` may start earlier
 *   (German compounds: `*ausfall` = Serverausfall), `*word*` both;
 * - `a|b*|c` any one of these single words;
 * - `~N` (N ≤ 8) up to N other words of the same clause (`können sich ~3 nicht ~1 anmelden`); keep N
 *   small, every word a gap may skip is one more way to match by accident; gaps may follow each
 *   other (`~8 ~8`: up to 16 words, for German separable verbs);
 * - `$name` every phrase of the macro `name` (multi-word alternatives);
 * - a leading `^` (`^es posible`): only at the start of a clause or sentence, so that
 *   "¿Es posible…?" counts and "no es posible…" does not.
 *
 * @throws Error naming the phrase when it is malformed: unknown or nested macro, a gap at an
 *   edge, a multi-word alternative, a wildcard on fewer than 3 letters, or too many expansions.
 */
export function compilePhrase(phrase: string, macros: PhraseMacros): CompiledPhrase[] {
  const trimmed = phrase.trim();
  const clauseStart = trimmed.startsWith("^");
  const body = clauseStart ? trimmed.slice(1) : trimmed;
  return expandMacros(body, macros).map((parts) => ({ steps: compileParts(parts, phrase), clauseStart }));
}

/**
 * Compiles text taken literally, for operator data such as product names and aliases: its words
 * in order, where `*`, `|`, `~`, `$` and `^` are punctuation like any other. Null when the text
 * holds no word.
 */
export function compileLiteral(text: string): CompiledPhrase | null {
  const steps = tokenizeWords(text).map((token): PatternStep => ({ kind: "word", alternatives: [{ mode: "exact", core: token.text }] }));
  return steps.length === 0 ? null : { steps, clauseStart: false };
}

function expandMacros(phrase: string, macros: PhraseMacros): string[][] {
  let expansions: string[][] = [[]];
  for (const part of splitParts(phrase)) {
    const options = part.startsWith("$") ? macroOptions(part, macros, phrase) : [[part]];
    const next: string[][] = [];
    for (const head of expansions) for (const option of options) next.push([...head, ...option]);
    if (next.length > MAX_EXPANSION) throw new Error(`lexicon phrase "${phrase}" expands to more than ${MAX_EXPANSION} phrases`);
    expansions = next;
  }
  return expansions;
}

function macroOptions(name: string, macros: PhraseMacros, phrase: string): string[][] {
  const options = Object.hasOwn(macros, name) ? macros[name] : undefined;
  if (options === undefined || options.length === 0) throw new Error(`lexicon phrase "${phrase}" uses unknown or empty macro ${name}`);
  return options.map((option) => {
    const parts = splitParts(option);
    if (parts.some((p) => p.startsWith("$"))) throw new Error(`macro ${name} may not use another macro ("${option}")`);
    return parts;
  });
}

function splitParts(text: string): string[] {
  return text.trim().split(/\s+/).filter((p) => p !== "");
}

function compileParts(parts: readonly string[], phrase: string): PatternStep[] {
  const steps: PatternStep[] = [];
  for (const part of parts) {
    const gap = /^~(\d)$/.exec(part);
    if (gap) {
      const max = Number(gap[1]);
      if (max < 1 || max > MAX_GAP) throw new Error(`lexicon phrase "${phrase}": gap ${part} must be ~1..~${MAX_GAP}`);
      // "~8 ~8" is one gap of up to 16 words: one walk per skipped word, not one per pair.
      const previous = steps[steps.length - 1];
      if (previous?.kind === "gap") previous.max += max;
      else steps.push({ kind: "gap", max });
    } else if (part.includes("|")) {
      steps.push({ kind: "word", alternatives: part.split("|").map((alt) => alternative(alt, phrase)) });
    } else {
      for (const piece of foldText(part).match(PIECE) ?? []) steps.push({ kind: "word", alternatives: [alternative(piece, phrase)] });
    }
  }
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined || first.kind === "gap" || last.kind === "gap") {
    throw new Error(`lexicon phrase "${phrase}" must start and end with a word`);
  }
  return steps;
}

function alternative(raw: string, phrase: string): WordAlternative {
  // Marks are dropped as in `tokenizeWords`, so lexicon and text compare alike.
  const folded = foldText(raw).replace(/\p{M}/gu, "");
  if (!ALTERNATIVE.test(folded)) throw new Error(`lexicon phrase "${phrase}": "${raw}" is not one word (use a $macro for several words)`);
  const before = folded.startsWith("*");
  const after = folded.endsWith("*");
  const core = folded.slice(before ? 1 : 0, after ? -1 : undefined);
  if ((before || after) && core.length < MIN_WILDCARD_CORE) {
    throw new Error(`lexicon phrase "${phrase}": wildcard word "${raw}" needs at least ${MIN_WILDCARD_CORE} letters`);
  }
  const mode = before && after ? "contains" : before ? "suffix" : after ? "prefix" : "exact";
  return { mode, core };
}

/** Whether a folded word satisfies an alternative. */
export function wordMatches(alt: WordAlternative, word: string): boolean {
  switch (alt.mode) {
    case "exact":
      return word === alt.core;
    // Most words are shorter than a wildcard's letters: the length check spares the search.
    case "prefix":
      return word.length >= alt.core.length && word.startsWith(alt.core);
    case "suffix":
      return word.length >= alt.core.length && word.endsWith(alt.core);
    case "contains":
      return word.length >= alt.core.length && word.includes(alt.core);
  }
}
