import { describe, expect, it } from "vitest";
import { PhraseIndex } from "../src/text/phrase-index";
import { tokenizeWords } from "../src/text/word-tokens";

function matches(phrases: string[], text: string, macros: Record<string, string[]> = {}): string[] {
  const tokens = tokenizeWords(text);
  return new PhraseIndex<string>()
    .add(phrases, "hit", macros)
    .findAll(tokens, { gapStoppers: new Set(["not", "nicht"]) })
    .map((hit) => text.slice(tokens[hit.first]?.start, tokens[hit.last]?.end));
}

describe("lexicon phrase syntax", () => {
  it.each([
    [["iniciar sesion"], "No pueden INICIAR SESIÓN", ["INICIAR SESIÓN"]],
    [["slow*"], "it runs slowly", ["slowly"]],
    [["slow*"], "the slow query", ["slow"]],
    [["*ausfall"], "Serverausfall seit heute", ["Serverausfall"]],
    [["*ausfall*"], "Ausfallzeiten", ["Ausfallzeiten"]],
    [["lento|lenta"], "la app está lenta", ["lenta"]],
    [["can't log in"], "users can’t log in", ["can’t log in"]],
    [["drop-down"], "the drop down list", ["drop down"]],
    [["is ~1 down"], "the CRM is completely down", ["is completely down"]],
    [["is ~1 down"], "the CRM is not down", []],
    [["is ~1 down"], "the CRM is, sadly, down", []],
    [["$cannot log in"], "we could not log in and cannot log in", ["could not log in", "cannot log in"]],
    [["^es posible"], "¿Es posible cambiarlo?", ["Es posible"]],
    [["^es posible"], "No es posible guardarlo", []],
    [["down"], "download the shutdown script", []],
    [["konnen sich ~3 nicht ~1 anmelden"], "Sie können sich seit heute Morgen nicht mehr anmelden", ["können sich seit heute Morgen nicht mehr anmelden"]],
    [["ich stimme ~8 zu"], "Ich stimme der Änderung des Super-Admins auf Frau Schulz zu", ["Ich stimme der Änderung des Super-Admins auf Frau Schulz zu"]],
    [["ich stimme ~8 zu"], "Ich stimme der Änderung nicht zu", []],
    [["ich stimme ~8 zu"], "Ich stimme der Übertragung der Rolle von Tobias Krause auf Anja Schulz zu", []],
    [["ich stimme ~8 ~8 zu"], "Ich stimme der Übertragung der Rolle von Tobias Krause auf Anja Schulz zu", ["Ich stimme der Übertragung der Rolle von Tobias Krause auf Anja Schulz zu"]],
    [["super admin*"], "la nueva súper administradora", ["súper administradora"]],
    [["zoho crm"], "Zoho, CRM", []],
  ])("when %j is searched in %j, then it finds %j", (phrases, text, expected) => {
    expect(matches(phrases, text, { $cannot: ["cannot", "could not", "can't"] })).toEqual(expected);
  });

  it.each([
    ["$missing word", /unknown or empty macro/],
    ["~2 down", /start and end with a word/],
    ["down ~2", /start and end with a word/],
    ["is ~9 down", /gap ~9/],
    ["$mixed", /may not use another macro/],
    ["sl*", /at least 3 letters/],
    ["can't|cannot log in", /not one word/],
  ])("when the phrase %j is malformed, then building the lexicon fails loudly", (phrase, message) => {
    expect(() => new PhraseIndex<string>().add([phrase], "x", { $mixed: ["$other"] })).toThrow(message);
  });

  it("when a macro expands beyond the bound, then building the lexicon fails loudly", () => {
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`);
    expect(() => new PhraseIndex<string>().add(["$a $a"], "x", { $a: many })).toThrow(/expands to more than/);
  });

  it("when text is split into words, then breaks between clauses and sentences are recorded", () => {
    expect(tokenizeWords("Hola, ¿cómo\nestás? Bien").map((t) => [t.text, t.breakBefore])).toEqual([
      ["hola", 2],
      ["como", 2],
      ["estas", 0],
      ["bien", 2],
    ]);
  });
});
