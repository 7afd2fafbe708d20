import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMbox, splitMbox } from "../src/index";

const CORPUS = new URL("../../../../shared/corpus/realworld/", import.meta.url);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("splitMbox", () => {
  it("when the corpus mbox is split, then it gives its 3 messages, each starting with its headers", () => {
    const messages = splitMbox(readFileSync(new URL("apache-spamassassin/nice.mbox", CORPUS)));
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(text(message)).toMatch(/^(Return-Path|Received): /);
  });

  it.each([
    {
      when: "messages are separated by From_ lines after blank lines",
      mbox: "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\n\none\n\nFrom b@y Mon Jan  1 00:00:00 2024\nFrom: b@y\n\ntwo\n\n",
      messages: ["From: a@x\n\none\n", "From: b@y\n\ntwo\n"],
    },
    {
      when: "a body line is quoted as >From (mboxrd)",
      mbox: "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\n\n>From here on\n>>From there\n\n",
      messages: ["From: a@x\n\nFrom here on\n>From there\n"],
    },
    {
      when: "a body line starts with From inside a paragraph",
      mbox: "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\n\nLine one\nFrom me to you\n",
      messages: ["From: a@x\n\nLine one\nFrom me to you"],
    },
    {
      when: "the mbox uses CRLF",
      mbox: "From a@x Mon Jan  1 00:00:00 2024\r\nFrom: a@x\r\n\r\none\r\n\r\nFrom b@y Mon Jan  1 00:00:00 2024\r\nFrom: b@y\r\n\r\ntwo\r\n",
      messages: ["From: a@x\r\n\r\none\r\n", "From: b@y\r\n\r\ntwo"],
    },
  ])("when $when, then each message comes out as written", ({ mbox, messages }) => {
    expect(splitMbox(Buffer.from(mbox, "latin1")).map(text)).toEqual(messages);
  });

  it.each([
    { when: "a plain message", bytes: "From: a@x\n\nhi\n" },
    { when: "empty input", bytes: "" },
  ])("when the input is $when, then it comes back unchanged and is not an mbox", ({ bytes }) => {
    const input = Buffer.from(bytes);
    expect(isMbox(input)).toBe(false);
    expect(splitMbox(input)).toEqual([input]);
  });

  it("when an mbox holds 10,000 messages, then it gives 10,000 messages", () => {
    const mbox = Array.from({ length: 10_000 }, (_, i) => `From x Mon Jan  1 00:00:00 2024\nFrom: u${i}@x.example\n\nbody ${i}\n\n`).join("");
    const messages = splitMbox(Buffer.from(mbox));
    expect(messages).toHaveLength(10_000);
    expect(text(messages[9_999] as Uint8Array)).toBe("From: u9999@x.example\n\nbody 9999\n");
  });
});
