import { describe, expect, it } from "vitest";
import { DEFAULT_REPLY_TEXTS, placeholdersOf, readOriginalMessage } from "../src/replies";

/** Every text of a language as `path → text`. */
function leaves(value: unknown, path = ""): Map<string, string> {
  if (typeof value === "string") return new Map([[path, value]]);
  return new Map(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [...leaves(v, path === "" ? k : `${path}.${k}`)]));
}

const english = leaves(DEFAULT_REPLY_TEXTS.en);

describe("shipped reply texts", () => {
  it.each(["es", "pt", "fr", "id", "de"] as const)("when the %s texts are read, then every English text has a translation with the same placeholders", (language) => {
    const texts = leaves(DEFAULT_REPLY_TEXTS[language]);
    expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of texts) {
      expect(placeholdersOf(text).sort(), `${language}.${path}`).toEqual(placeholdersOf(english.get(path) ?? "").sort());
      expect(text.trim(), `${language}.${path}`).not.toBe("");
    }
  });
});

describe("reading the original message", () => {
  it.each([
    ["CRLF", "Return-Path: <>\r\nAuto-Submitted:\r\n auto-replied\r\nSubject: x\r\n\r\nbody"],
    ["LF", "Return-Path: <>\nAuto-Submitted:\n\tauto-replied\nSubject: x\n\nbody"],
  ])("when the headers end in %s and a value is folded, then it is unfolded", (_eol, raw) => {
    expect(readOriginalMessage(raw)).toMatchObject({ returnPath: "<>", autoSubmitted: "auto-replied", plainText: "body" });
  });

  it.each([
    ["an HTML body", "Content-Type: text/html\r\n\r\n<p>Hola</p>"],
    ["a base64 body", "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSG9sYQ=="],
    ["a multipart body", "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b"],
  ])("when the message has %s, then no plain text is offered for language guessing", (_what, raw) => {
    expect(readOriginalMessage(raw).plainText).toBeNull();
  });

  it("when the input is one 200,000-character line, then it is read quickly as having no headers", () => {
    const original = readOriginalMessage(`X-Junk: ${"<a".repeat(100_000)}`);
    expect(original).toMatchObject({ returnPath: null, autoSubmitted: null, references: [] });
  });
});
