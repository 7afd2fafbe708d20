import lexicon from "../lexicon/severity-stated.json" with { type: "json" };
import { foldText } from "../text/fold";
import { PhraseIndex, type PhraseHit } from "../text/phrase-index";
import { tokenizeWords, type WordToken } from "../text/word-tokens";

type Level = 1 | 2 | 3;

/** A severity the partner wrote, and the words that say it. */
export interface StatedSeverity {
  severity: Level;
  /** Label and value as written, e.g. "Priority: urgent" (white space collapsed). */
  words: string;
}

interface StatedLexicon {
  labels: string[];
  connectors: string[];
  values: Record<"1" | "2" | "3", string[]>;
  codes: Record<"1" | "2" | "3", string[]>;
}

const LEXICON: StatedLexicon = lexicon;
const LEVELS: readonly Level[] = [1, 2, 3];
const LABELS = new PhraseIndex<true>().add(LEXICON.labels, true);
const VALUES = LEVELS.reduce((index, level) => index.add(LEXICON.values[`${level}`], level), new PhraseIndex<Level>());
const CONNECTORS: ReadonlySet<string> = new Set(LEXICON.connectors.map(foldText));
const CODES = new Map<string, Level>(LEVELS.flatMap((level) => LEXICON.codes[`${level}`].map((code) => [foldText(code), level] as const)));
const DIGITS = new Map<string, Level>([["1", 1], ["2", 2], ["3", 3]]);
/** Connector words allowed between label and value ("Severity level: 2", "priority is high"). */
const MAX_CONNECTORS = 2;
const MAX_QUOTE = 200;

/**
 * The first severity the partner states in a text (POLICY §5), in any of the six languages:
 * "Severity: 1", "Gravedad 1", "Priority: urgent", "Prioridad: alta", "hohe Priorität", "Sev1".
 * Numbers count as given (1-3; other numbers are ignored); critical, urgent, blocker and their
 * translations are 1; high, major, medium, moderate, normal 2; low, minor 3. The label and its
 * value may be split by a colon or a line break, not by a sentence end. Null when none is stated.
 */
export function findStatedSeverity(text: string): StatedSeverity | null {
  const tokens = tokenizeWords(text);
  for (let i = 0; i < tokens.length; i++) {
    const code = CODES.get(tokens[i]?.text ?? "");
    if (code !== undefined) return stated(text, tokens, code, i, i);
    const label = LABELS.longestAt(tokens, i);
    if (label === null) continue;
    const found = valueAfter(tokens, label.last) ?? valueBefore(tokens, label.first);
    if (found !== null) return stated(text, tokens, found.payload, Math.min(found.first, i), Math.max(found.last, label.last));
  }
  return null;
}

function valueAfter(tokens: readonly WordToken[], labelLast: number): PhraseHit<Level> | null {
  let j = labelLast + 1;
  for (let skipped = 0; skipped <= MAX_CONNECTORS; skipped++, j++) {
    const token = tokens[j];
    if (token === undefined || token.breakBefore === 2) return null;
    const digit = DIGITS.get(token.text);
    if (digit !== undefined) return { payload: digit, first: j, last: j };
    const value = VALUES.longestAt(tokens, j);
    if (value !== null) return value;
    if (!CONNECTORS.has(token.text)) return null;
  }
  return null;
}

function valueBefore(tokens: readonly WordToken[], labelFirst: number): PhraseHit<Level> | null {
  if ((tokens[labelFirst]?.breakBefore ?? 2) !== 0) return null;
  for (let k = Math.max(0, labelFirst - 2); k < labelFirst; k++) {
    const value = VALUES.findAt(tokens, k).find((hit) => hit.last === labelFirst - 1);
    if (value !== undefined) return value;
  }
  return null;
}

function stated(text: string, tokens: readonly WordToken[], severity: Level, first: number, last: number): StatedSeverity {
  // Label and value may sit on two lines; the quote reads as one ("Severity: 1"), capped.
  const words = text.slice(tokens[first]?.start ?? 0, tokens[last]?.end ?? 0).replace(/\s+/g, " ");
  return { severity, words: words.length > MAX_QUOTE ? `${words.slice(0, MAX_QUOTE)}…` : words };
}
