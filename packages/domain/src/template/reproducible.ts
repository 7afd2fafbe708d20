import type { Reproducible, ReproductionDetails } from "@mailtriage/contracts";
import reproducible from "../lexicon/template-reproducible.json" with { type: "json" };
import { foldText } from "../text/fold";
import { PhraseIndex } from "./phrase-index";
import { extractReproductionDetails } from "./reproduction-details";
import { wordTokens } from "./word-tokens";

/** The answer to "Can you reproduce the issue?" with its explanation (POLICY §4). */
export interface ReproducibleAnswer {
  value: Reproducible;
  /** The explanation after the yes/no word, or the whole answer when it is neither; null when none. */
  details: string | null;
  /** For "yes": the details the seeds ask for, as far as written; null otherwise. */
  reproduction: ReproductionDetails | null;
}

const ANSWERS = new PhraseIndex(
  (["unknown", "yes", "no"] as const).flatMap((value) => reproducible.answers[value].map((phrase) => [value, phrase] as const)),
);
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
  const folded = foldText(text);
  const tokens = wordTokens(folded);
  const span = ANSWERS.longestAt(tokens.map((t) => t.text), 0);
  const last = span === null ? undefined : tokens[span.words - 1];
  if (span === null || last === undefined) {
    return { value: "unknown", details: text === "" ? null : text, reproduction: null };
  }
  const details = text.slice(last.end).replace(/^[\s,.;:!)-]+/, "").trim();
  return {
    value: span.key,
    details: details === "" ? null : details,
    reproduction: span.key === "yes" ? extractReproductionDetails(details) : null,
  };
}
