import { describe, expect, it } from "vitest";
import { PhraseIndex } from "../src/text/phrase-index";
import { tokenizeWords } from "../src/text/word-tokens";

const INDEXES = {
  products: new PhraseIndex<string>().add(["zoho crm", "crm"], "Zoho CRM").add(["zoho crm plus", "crm plus"], "Zoho CRM Plus").add(["desk"], "Zoho Desk"),
  answers: new PhraseIndex<string>().add(["no aplica", "n/a", "not sure"], "unknown").add(["no", "n"], "no").add(["yes", "sí"], "yes"),
};
const { products, answers } = INDEXES;

describe("longest match (POLICY §4: the longest phrase wins)", () => {
  it.each([
    ["products", "Zoho CRM Plus", "Zoho CRM Plus"],
    ["products", "zoho crm", "Zoho CRM"],
    ["products", "CRM Plus edition", "Zoho CRM Plus"],
    ["answers", "No aplica, es una solicitud de cambio", "unknown"],
    ["answers", "No, it only happened once", "no"],
    ["answers", "N/A", "unknown"],
    ["answers", "Sí, siempre", "yes"],
  ] as const)("when the %s value reads %j, then the longest phrase at its start is %s", (name, text, expected) => {
    expect(INDEXES[name].longestAt(tokenizeWords(text), 0, { maxBreak: 2 })?.payload).toBe(expected);
  });

  it("when nothing starts at the position, then there is no match", () => {
    expect(answers.longestAt(tokenizeWords("maybe yes"), 0)).toBeNull();
  });

  it.each([
    [["zoho one"], ["zoho one"]],
    [["zoho one"], ["zoho* one"]],
    [["zoho* one"], ["zoho one"]],
  ])("when %j and %j cover the same words, then the payload added first wins", (first, second) => {
    const index = new PhraseIndex<string>().add(first, "first").add(second, "second");
    expect(index.longestAt(tokenizeWords("Zoho One"), 0)?.payload).toBe("first");
  });

  it("when punctuation splits a phrase, then only a search that allows breaks finds it", () => {
    const hints = new PhraseIndex<true>().add(["Ex: Zoho CRM, Zoho Desk, etc"], true);
    const tokens = tokenizeWords("Ex.: Zoho CRM, Zoho Desk, etc. Zoho Books");
    expect(hints.longestAt(tokens, 0)).toBeNull();
    expect(hints.longestAt(tokens, 0, { maxBreak: 2 })).toMatchObject({ first: 0, last: 5 });
  });

  it("when every position is searched, then each gets its own longest phrase in text order", () => {
    const tokens = tokenizeWords("We use Zoho CRM Plus and Desk");
    expect(products.findLongest(tokens).map((h) => [h.payload, tokens[h.first]?.text])).toEqual([
      ["Zoho CRM Plus", "zoho"],
      ["Zoho CRM Plus", "crm"],
      ["Zoho Desk", "desk"],
    ]);
  });
});

describe("literal phrases (operator data)", () => {
  it.each([
    ["C++ *beta*", "we run c beta now", true],
    ["C++ *beta*", "we run c betatest now", false],
    ["crm|desk", "crm desk", true],
    ["crm|desk", "crm", false],
    ["$price ~2", "$price ~2", true],
  ])("when the alias %j is added literally and the text reads %j, then found is %s", (alias, text, found) => {
    const index = new PhraseIndex<string>().addLiteral([alias], "product");
    expect(index.findLongest(tokenizeWords(text)).length > 0).toBe(found);
  });

  it("when an alias holds no word, then it is skipped instead of failing", () => {
    expect(() => new PhraseIndex<string>().addLiteral(["", "--", "***"], "product")).not.toThrow();
  });
});
