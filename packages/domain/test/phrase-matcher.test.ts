import { describe, expect, it } from "vitest";
import { PhraseMatcher, type PhraseLexicon } from "../src/text/phrase-matcher";

type Kind = "outage" | "merge" | "howto";

const LEXICON: PhraseLexicon<Kind> = {
  macros: { $system: ["crm", "help desk"] },
  kinds: {
    outage: { except: ["drop down"], phrases: { en: ["outage*", "$system ~2 down"], de: ["*ausfall"] } },
    merge: { except: ["merge tag*"], phrases: { en: ["merge ~3 account|accounts|org|orgs"] } },
    howto: { phrases: { en: ["how do i"] } },
  },
};
const matcher = new PhraseMatcher(LEXICON, { negations: ["not", "no", "nicht"], negationWindow: 3, negatable: (kind) => kind !== "howto" });

const found = (text: string): [Kind, string][] => matcher.findAll(text).map((m) => [m.kind, m.words]);

describe("PhraseMatcher", () => {
  it.each([
    ["Major outage since 9:00", [["outage", "outage"]]],
    ["Serverausfall seit heute", [["outage", "Serverausfall"]]],
    ["The Help  Desk is\ncompletely down", [["outage", "Help Desk is completely down"]]],
    ["Please merge our two orgs", [["merge", "merge our two orgs"]]],
    ["The merge tags in the accounts template are empty", []],
    ["The CRM drop down is empty", []],
    ["There is no outage", []],
    ["No, an outage", [["outage", "outage"]]],
    ["The CRM is not down", []],
    ["How do I merge the accounts?", [["howto", "How do I"], ["merge", "merge the accounts"]]],
    ["No idea how do I fix it", [["howto", "how do I"]]],
  ] as const)("when the text reads %j, then it finds %j", (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it("when hits of one kind overlap, then they merge into one span with its offsets", () => {
    const text = "Outage: the CRM is down, outages everywhere";
    const [first] = matcher.findAll("CRM outage is down now");
    expect(first).toEqual({ kind: "outage", words: "CRM outage is down", start: 0, end: 18 });
    expect(found(text)).toEqual([
      ["outage", "Outage"],
      ["outage", "CRM is down"],
      ["outage", "outages"],
    ]);
  });

  it("when hostile text repeats phrases, then repeats are reported once and at most 40 matches come back", () => {
    expect(matcher.findAll("outage. ".repeat(5000))).toHaveLength(1);
    const distinct = Array.from({ length: 100 }, (_, i) => `outage${"s".repeat(i)}`).join(". ");
    expect(matcher.findAll(distinct)).toHaveLength(40);
  });

  it("when a wildcard word is huge, then the quoted words are capped at 200 characters", () => {
    const [match] = matcher.findAll(`outage${"e".repeat(5000)}`);
    expect(match?.words).toHaveLength(201);
  });

  it("when a lexicon phrase is malformed, then building the matcher fails naming it", () => {
    expect(() => new PhraseMatcher<"x">({ kinds: { x: { phrases: { en: ["~2 down"] } } } })).toThrow(/"~2 down"/);
  });
});
