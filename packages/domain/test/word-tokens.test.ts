import { describe, expect, it } from "vitest";
import { compactKey } from "../src/text/compact-key";
import { foldText } from "../src/text/fold";
import { joinTokenized, tokenizeWords } from "../src/text/word-tokens";

// The text engine reads subject and new text once and shares the words (issue 3); these tests
// pin down that the shortcuts read text exactly as the plain definitions do.
const words = (text: string): [string, number][] => tokenizeWords(text).map((t) => [t.text, t.breakBefore]);

describe("tokenizeWords", () => {
  it.each([
    ["Users can't log in.", [["users", 2], ["can", 0], ["t", 0], ["log", 0], ["in", 0]]],
    ["Não consigo\n\nINICIAR sessão", [["nao", 2], ["consigo", 0], ["iniciar", 2], ["sessao", 0]]],
    ["n\u0061\u0303o (decomposed)", [["nao", 2], ["decomposed", 1]]],
    ["Zoho CRM 😀 down", [["zoho", 2], ["crm", 0], ["down", 0]]],
    ["𝐀𝐁 astral letters", [["𝐀𝐁", 2], ["astral", 0], ["letters", 0]]],
    ["lone \ud800 surrogate", [["lone", 2], ["surrogate", 0]]],
    ["Preis: 12,50 €; fertig", [["preis", 2], ["12", 1], ["50", 1], ["fertig", 2]]],
    ["¿Es posible?", [["es", 2], ["posible", 0]]],
    ["a\n \r\nb", [["a", 2], ["b", 2]]],
    ["", []],
  ])("when %j is split into words, then it reads %j", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it("when the same text is read twice, then the words are the same", () => {
    const text = "El CRM está caído desde ayer";
    expect(tokenizeWords(`${text}`)).toEqual(tokenizeWords(text.slice(0)));
  });
});

describe("joinTokenized", () => {
  it.each([
    ["Login broken", "\n\n", "Users cannot log in since 9:00"],
    ["Re: Login broken", "\n", "users cannot log in"],
    ["Subject ends with a comma,", "\n", "text goes on"],
    ["Subject ends mid-sentence", "\n", "— dash first"],
    ["", "\n", "only the text"],
    ["only the subject", "\n\n", ""],
    ["Asunto: sesión", "\n", "n\u0303o empieza con una marca"],
    ["\u0301", "\n", "\u0301"],
    ["😀", "\n\n", "😀 emoji"],
  ])("when %j and %j are joined, then the words are those of the whole text", (first, separator, second) => {
    const text = joinTokenized(first, separator, second);
    expect(text).toBe(first + separator + second);
    // A text never seen as a whole, tokenized from scratch, compared with the joined tokens.
    const fresh = tokenizeWords(` ${text}`).map((t) => ({ ...t, start: t.start - 1, end: t.end - 1 }));
    expect(tokenizeWords(text)).toEqual(fresh);
  });

  it("when the separator holds a word, then the text is read as a whole", () => {
    expect(words(joinTokenized("a", " and ", "b"))).toEqual([["a", 2], ["and", 0], ["b", 0]]);
  });
});

describe("compactKey", () => {
  it.each([
    ["e-mail-adresse des kunden:", "emailadressedeskunden"],
    ["customer's email (required)", "customersemailrequired"],
    ["n\u0303ame", "name"],
    ["𝐀 mathematical", "𝐀mathematical"],
    ["😀 emoji", "emoji"],
    ["٣ arabic digit", "٣arabicdigit"],
    ["", ""],
  ])("when %j is compacted, then it reads %j", (folded, expected) => {
    expect(compactKey(folded)).toBe(expected);
  });
});

describe("foldText on mixed text", () => {
  it("when ASCII runs and other characters alternate, then each is folded and indices hold", () => {
    const original = "ÉTAT: Über\tden `Server` – ça marche ⅩⅡ 😀 \udc00";
    const folded = foldText(original);
    expect(folded).toBe("etat: uber den 'server' - ca marche ⅹⅱ 😀 \udc00");
    expect(folded).toHaveLength(original.length);
  });
});
