// HOSTILE-MAIL.md, row by row, at smaller but still meaningful scale.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseMessage, type ParseLimits, type ParseOutcome } from "../src/index";
import { encodedWord, LIMITS, mail, multipart, randomBytes } from "./messages";

type Message = Extract<ParseOutcome, { ok: true }>["message"];

interface Row {
  when: string;
  then: string;
  raw: () => Buffer;
  limits?: Partial<ParseLimits>;
  check: (outcome: ParseOutcome) => void;
}

function okMessage(outcome: ParseOutcome): Message {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.reason}: ${outcome.detail}`);
  return outcome.message;
}

function failure(reason: string) {
  return (outcome: ParseOutcome): void => expect(outcome).toMatchObject({ ok: false, reason });
}

const FROM = "From: Ana <ana@partner.example>";
const oneLineTable = `<table>${"<tr><td><b>Label</b></td><td>Value</td></tr>".repeat(75_000)}</table>`; // ~3 MB, one line

const rows: Row[] = [
  {
    when: "the message is one byte over maxMessageBytes",
    then: "it is too_large, with its size and hash, unparsed",
    raw: () => mail([FROM], "x".repeat(1_048_576)),
    limits: { maxMessageBytes: 1_048_576 },
    check: (outcome) => {
      const raw = mail([FROM], "x".repeat(1_048_576));
      expect(outcome).toEqual({
        ok: false,
        reason: "too_large",
        detail: expect.any(String),
        size: raw.length,
        contentSha256: createHash("sha256").update(raw).digest("hex"),
      });
    },
  },
  { when: "the input is 0 bytes", then: "it is unparseable", raw: () => Buffer.alloc(0), check: failure("unparseable") },
  { when: "the input is a single newline", then: "it is unparseable", raw: () => Buffer.from("\n"), check: failure("unparseable") },
  { when: "the input is 1 MiB of random bytes", then: "it is unparseable", raw: () => randomBytes(1_048_576), check: failure("unparseable") },
  {
    when: "the input is a text file without header fields",
    then: "it is unparseable",
    raw: () => Buffer.from("# Notes\n\nCustomer email address: it@customer.example\n"),
    check: failure("unparseable"),
  },
  {
    when: "headers have no From and there is no body",
    then: "it is unparseable",
    raw: () => Buffer.from("Message-ID: <a@b>\r\nSubject: nothing\r\n\r\n\r\n"),
    check: failure("unparseable"),
  },
  {
    when: "a header-only stub has a From",
    then: "it parses with an empty text",
    raw: () => Buffer.from("From: Rspamd <foo@example.org>\n"),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ from: [{ address: "foo@example.org" }], text: "" }),
  },
  {
    when: "a real message lacks From",
    then: "it parses with no sender, for the domain to reject",
    raw: () => mail(["To: desk@support.example", "Subject: help"], "Please help.\r\n"),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ from: [], fromProblem: null, subject: "help" }),
  },
  {
    when: "From is only an encoded-word that decodes to an address",
    then: "the sender is refused as encoded_word",
    raw: () => mail([`From: ${encodedWord("<ana@partner.example>")}`, "Subject: spoof"]),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ from: [], fromProblem: "encoded_word" }),
  },
  {
    when: "the angle-addr itself is an encoded-word",
    then: "the sender is refused as encoded_word",
    raw: () => mail([`From: Ana <${encodedWord("ana@partner.example")}>`, "Subject: spoof"]),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ from: [], fromProblem: "encoded_word" }),
  },
  {
    when: "From holds 900 KB of nested groups",
    then: "the sender is refused as oversized and the rest of the message is read",
    raw: () => mail([`From: ${"g:".repeat(450_000)}ana@partner.example;`, "Subject: still here"], "body\r\n"),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ from: [], fromProblem: "oversized", subject: "still here", text: "body\n" }),
  },
  {
    when: "To is repeated 60 times, 15 KB each",
    then: "only the first maxHeaderChars of To values are parsed for addresses",
    raw: () => mail([FROM, ...Array.from({ length: 60 }, () => `To: ${"desk@support.example, ".repeat(700)}`)]),
    check: (outcome) => {
      const message = okMessage(outcome);
      expect(message.to).toHaveLength(700);
      expect(message.headers.to).toHaveLength(60);
    },
  },
  {
    when: "line endings are bare CR",
    then: "headers and body are told apart",
    raw: () => Buffer.from("From: ana@partner.example\rTo: desk@support.example\rSubject: bare CR\r\rThe body.\r"),
    check: (outcome) =>
      expect(okMessage(outcome)).toMatchObject({
        from: [{ address: "ana@partner.example" }],
        to: [{ address: "desk@support.example" }],
        subject: "bare CR",
        text: expect.stringContaining("The body."),
      }),
  },
  {
    when: "CRLF, LF and CR are mixed",
    then: "the subject does not swallow the next headers",
    raw: () => Buffer.from("From: ana@partner.example\r\nSubject: mixed\nTo: desk@support.example\rMessage-ID: <m@x>\r\n\nThe body.\n"),
    check: (outcome) =>
      expect(okMessage(outcome)).toMatchObject({ subject: "mixed", to: [{ address: "desk@support.example" }], messageId: "<m@x>", text: expect.stringContaining("The body.") }),
  },
  {
    when: "a multipart message has no boundary",
    then: "it parses with an empty text (no readable body)",
    raw: () => mail([FROM, "Content-Type: multipart/mixed"], "--x\r\nContent-Type: text/plain\r\n\r\nhidden\r\n--x--\r\n"),
    check: (outcome) => expect(okMessage(outcome)).toMatchObject({ contentType: "multipart/mixed", text: "" }),
  },
  {
    when: "a message/rfc822 part is forwarded as attachment",
    then: "it is an attachment whose sender, subject and text are opened",
    raw: () =>
      multipart([FROM, "Subject: Fwd: consent"], [
        "Content-Type: text/plain\r\n\r\nSee the customer's consent attached.",
        "Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\nFrom: IT <IT@Customer.example>\r\nSubject: consent\r\n\r\nI authorize the change.",
      ]),
    check: (outcome) => {
      const message = okMessage(outcome);
      expect(message.text).toContain("consent attached");
      expect(message.text).not.toContain("I authorize");
      expect(message.attachments).toMatchObject([
        { contentType: "message/rfc822", embedded: { from: [{ address: "it@customer.example", name: "IT" }], subject: "consent", text: "I authorize the change." } },
      ]);
    },
  },
  {
    when: "the message has 1,001 MIME parts",
    then: "it fails as parse_error instead of crashing",
    raw: () => multipart([FROM], Array.from({ length: 1_001 }, (_, i) => `Content-Type: text/plain\r\n\r\npart ${i}`)),
    check: failure("parse_error"),
  },
  {
    when: "the header section is over 1 MiB",
    then: "it fails as parse_error",
    raw: () => mail([FROM, ...Array.from({ length: 20_000 }, (_, i) => `X-Filler-${i}: ${"f".repeat(60)}`)]),
    check: failure("parse_error"),
  },
  {
    when: "the subject is a 690,000-character folded header",
    then: "it is cut at maxHeaderChars",
    raw: () => mail([FROM, `Subject: ${Array.from({ length: 13_800 }, () => "word ".repeat(10)).join("\r\n ")}`]),
    check: (outcome) => {
      const message = okMessage(outcome);
      expect(message.subject).toHaveLength(LIMITS.maxHeaderChars);
      expect(message.headers.subject?.[0]).toHaveLength(LIMITS.maxHeaderChars);
    },
  },
  {
    when: "the body is 5 MB of text on one line",
    then: "the text is cut at maxTextChars",
    raw: () => mail([FROM], "x".repeat(5_000_000)),
    check: (outcome) => expect(okMessage(outcome).text).toHaveLength(LIMITS.maxTextChars),
  },
  {
    when: "the HTML part is a 3 MB table on one line",
    then: "it is converted by the bounded converter, rows kept as 'Label | Value' lines",
    raw: () => mail([FROM, "Content-Type: text/html"], oneLineTable),
    limits: { maxHtmlChars: 4_000_000 },
    check: (outcome) => {
      const message = okMessage(outcome);
      expect(message.textFromHtml).toBe(true);
      expect(message.text.split("\n").slice(0, 2)).toEqual(["Label | Value", "Label | Value"]);
      expect(message.text.length).toBeLessThanOrEqual(LIMITS.maxTextChars);
    },
  },
  {
    when: "the HTML part nests 100,000 <div>",
    then: "its text and the other parts survive",
    raw: () =>
      multipart([FROM], [
        `Content-Type: text/html\r\n\r\n${"<div>".repeat(100_000)}deep text${"</div>".repeat(100_000)}`,
        "Content-Type: image/png\r\nContent-Disposition: attachment; filename=shot.png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=",
      ]),
    check: (outcome) => {
      const message = okMessage(outcome);
      expect(message.text).toBe("deep text");
      expect(message.attachments).toMatchObject([{ filename: "shot.png", contentType: "image/png" }]);
    },
  },
];

describe("parseMessage on hostile mail", () => {
  it.each(rows)("when $when, then $then", async ({ raw, limits, check }) => {
    check(await parseMessage(raw(), { ...LIMITS, ...limits }));
  }, 20_000);
});
