import type { Language } from "@mailtriage/contracts";
import stopwords from "../lexicon/language-stopwords.json" with { type: "json" };
import { foldText } from "../text/fold";
import { tokenizeWords } from "../text/word-tokens";

const LISTS: Readonly<Record<Language, readonly string[]>> = stopwords.languages;
const LANGUAGES = Object.keys(LISTS) as Language[];

// word → the languages listing it; a word shared by n languages gives each 1/n.
const LANGUAGES_BY_WORD = new Map<string, Language[]>();
for (const language of LANGUAGES) {
  for (const word of LISTS[language]) {
    const key = foldText(word);
    LANGUAGES_BY_WORD.set(key, [...(LANGUAGES_BY_WORD.get(key) ?? []), language]);
  }
}
// Enough prose to be sure of the language; the rest of a long body adds nothing.
const MAX_CHARS = 20_000;
const MIN_SCORE = 2;

/**
 * The language of prose (POLICY §4: without template labels, the language of the text), by
 * scoring common words of English, Spanish, Portuguese, French, Indonesian and German. Null
 * when there is too little text to tell (a best score under 2 words) or two languages tie.
 */
export function detectLanguage(text: string): Language | null {
  const scores = new Map<Language, number>();
  for (const token of tokenizeWords(text.slice(0, MAX_CHARS))) {
    const languages = LANGUAGES_BY_WORD.get(token.text);
    if (languages === undefined) continue;
    for (const language of languages) scores.set(language, (scores.get(language) ?? 0) + 1 / languages.length);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best === undefined || best[1] < MIN_SCORE) return null;
  if (second !== undefined && second[1] === best[1]) return null;
  return best[0];
}
