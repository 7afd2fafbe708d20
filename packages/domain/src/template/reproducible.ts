import type { Reproducible, ReproductionDetails } from "@mailtriage/contracts";
import reproducible from "../lexicon/template-reproducible.json" with { type: "json" };
import { PhraseIndex } from "../text/phrase-index";
import { tokenizeWords } from "../text/word-tokens";
import { extractReproductionDetails } from "./reproduction-details";

/** The answer to "Can you reproduce the issue?" with its explanation (POLICY §4). */
export interface ReproducibleAnswer {
  value: Reproducible;
  /** The explanation after the yes/no word, or the whole answer when it is neither; null when none. */
  details: string | null;
  /** For "yes": the details the seeds ask for, as far as written; null otherwise. */
  reproduction: ReproductionDetails | null;
}

const ANSWERS = (["unknown", "yes", "no"] as const).reduce((index, value) => index.add(reproducible.answers[value], value), new PhraseIndex<Reproducible>());
const MAX_DETAILS_CHARS = 5000;

/**
 * Reads the answer to the reproducibility question: yes (yes, sí, sim, oui, ya, ja …), no (no,
 * não, non, tidak, nein …) or unknown for anything else ("N/A", "not sure", "No aplica",
 * "tidak yakin" — the longest phrase at the start wins, so "No aplica" is not a no). For yes,
 * the extra details (user ID, super-admin email, customization, date and time, support access)
 * are extracted from the explanation.
 */
export function parseReproducible(raw: string): ReproducibleAnswer {
  const text = raw.trim().slice(0, MAX_DETAILS_CHARS);
  const tokens = tokenizeWords(text);
  const answer = ANSWERS.longestAt(tokens, 0, { maxBreak: 2 });
  const last = answer === null ? undefined : tokens[answer.last];
  if (answer === null || last === undefined) {
    return { value: "unknown", details: text === "" ? null : text, reproduction: null };
  }
  const details = text.slice(last.end).replace(/^[\s,.;:!)-]+/, "").trim();
  return {
    value: answer.payload,
    details: details === "" ? null : details,
    reproduction: answer.payload === "yes" ? extractReproductionDetails(details) : null,
  };
}
