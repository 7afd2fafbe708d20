import type { Language } from "@mailtriage/contracts";
import texts from "../lexicon/reply-texts.json" with { type: "json" };

/** The texts of one language (shape of `lexicon/reply-texts.json`, every leaf a string). */
export type ReplyTextSet = typeof texts.en;

/** Reply texts for every language of POLICY §1. */
export type ReplyTexts = Readonly<Record<Language, ReplyTextSet>>;

/** The shipped texts (`lexicon/reply-texts.json`); operators override them per key (mailer `MAILTRIAGE_REPLY_TEMPLATES_FILE`). */
export const DEFAULT_REPLY_TEXTS: ReplyTexts = { en: texts.en, es: texts.es, pt: texts.pt, fr: texts.fr, id: texts.id, de: texts.de };

// `{name}`: letters only, no nesting, so matching is linear on any input.
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/**
 * Fills `{name}` placeholders from `values`. A placeholder without a value stays as written
 * (override files are checked against `placeholdersOf` beforehand, so this does not happen
 * with validated texts).
 */
export function fillText(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** The placeholder names a text uses, in order of appearance, without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}
