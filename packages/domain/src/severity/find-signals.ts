import negations from "../lexicon/negations.json" with { type: "json" };
import lexicon from "../lexicon/severity-signals.json" with { type: "json" };
import { PhraseMatcher, type PhraseLexicon } from "../text/phrase-matcher";
import { SIGNAL_RULES, type SignalKind } from "./signal-kind";

/** One severity signal found in a message (POLICY §5). */
export interface SignalMatch {
  kind: SignalKind;
  /** The severity the kind stands for; null for feature requests and limitations. */
  severity: 1 | 2 | 3 | null;
  /** The words as the partner wrote them (original case and accents; white space collapsed, ≤ 200 characters). */
  words: string;
}

const LEXICON: PhraseLexicon<SignalKind> & { negationWindow: number } = lexicon;
const MATCHER = new PhraseMatcher(LEXICON, {
  negations: negations.words,
  negationWindow: LEXICON.negationWindow,
  negatable: (kind) => SIGNAL_RULES[kind].negatable,
});

/**
 * Every severity signal in a text, in text order, in any of the six languages (POLICY §5).
 * A signal is dropped when an `except` phrase of its kind overlaps it ("drop-down" is not
 * "down"), or, for negatable kinds, when a negation stands within the lexicon's window before
 * it in the same clause ("no outage", "not all users"). Overlapping hits of one kind merge
 * into one span; repeats of the same words are reported once, and at most 40 signals are
 * returned. Linear in the text length.
 */
export function findSignals(text: string): SignalMatch[] {
  return MATCHER.findAll(text).map(({ kind, words }) => ({ kind, severity: SIGNAL_RULES[kind].severity, words }));
}
