import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseMessage, type ParseOutcome } from "../src/index";
import { encodedWord, LIMITS, mail, multipart } from "./messages";

type Message = Extract<ParseOutcome, { ok: true }>["message"];

async function parse(raw: Buffer): Promise<Message> {
  const outcome = await parseMessage(raw, LIMITS);
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.reason}: ${outcome.detail}`);
  return outcome.message;
}

describe("sender", () => {
  it.each([
    { when: "one address with a display name", from: "Ana Lima <Ana@Partner.Example>", expected: [{ address: "ana@partner.example", name: "Ana Lima" }] },
    { when: "an encoded display name", from: `${encodedWord("José Ñúñez")} <jose@partner.example>`, expected: [{ address: "jose@partner.example", name: "José Ñúñez" }] },
    { when: "a display name that looks like another address", from: '"boss@partner.example" <mallory@evil.example>', expected: [{ address: "mallory@evil.example", name: "boss@partner.example" }] },
    { when: "several addresses", from: "a@x.example, B <b@y.example>", expected: [{ address: "a@x.example", name: "" }, { address: "b@y.example", name: "B" }] },
    { when: "a group", from: "Team: a@x.example, b@x.example;", expected: [{ address: "a@x.example", name: "" }, { address: "b@x.example", name: "" }] },
    { when: "an empty group", from: "undisclosed-recipients:;", expected: [] },
    { when: "a display name only", from: "Ana Lima", expected: [] },
    { when: "an obsolete source route", from: "<@relay.example:ana@partner.example>", expected: [{ address: "ana@partner.example", name: "" }] },
  ])("when From is $when, then from is read from the raw header", async ({ from, expected }) => {
    const message = await parse(mail([`From: ${from}`]));
    expect(message.from).toEqual(expected);
    expect(message.fromProblem).toBeNull();
  });

  it("when the first line is the obsolete form 'From : address', then it is the sender, not an mbox From_ line", async () => {
    const message = await parse(Buffer.from("From : ana@partner.example\r\nSubject: obs\r\n\r\nhi\r\n"));
    expect(message.from).toEqual([{ address: "ana@partner.example", name: "" }]);
  });

  it("when a single message starts with an mbox From_ line, then that line is skipped", async () => {
    const message = await parse(Buffer.from("From ana@partner.example Mon Jan  1 00:00:00 2024\nFrom: ana@partner.example\nSubject: saved\n\nhi\n"));
    expect(message).toMatchObject({ from: [{ address: "ana@partner.example" }], subject: "saved" });
    expect(Object.keys(message.headers)).toEqual(["from", "subject"]);
  });

  it("when a message repeats From, then every distinct address is kept, topmost first", async () => {
    const message = await parse(mail(["From: any@attack.example", "From: admin@legit.example", "From: any@attack.example"]));
    expect(message.from.map((entry) => entry.address)).toEqual(["any@attack.example", "admin@legit.example"]);
  });
});

describe("header fields", () => {
  const raw = mail(
    [
      "Authentication-Results: mx.support.example; dmarc=fail header.from=partner.example",
      "Received: from mx.partner.example by mx.support.example; Fri, 20 Nov 2026 19:59:59 +0000",
      "Authentication-Results: forged.example; dmarc=pass",
      "From: Ana <ana@partner.example>",
      "To: Desk <desk@support.example>, other@support.example",
      "Cc: Customer IT <it@customer.example>",
      "Reply-To: replies@partner.example",
      `Subject: Re: ${encodedWord("Asistencia técnica")} [#T-42]`,
      "Date: Fri, 20 Nov 2026 20:00:00 +0100 (CET)",
      "Message-ID: <reply-2@partner.example>",
      "In-Reply-To: <ticket-1@support.example> (from desk)",
      "References: <root@partner.example>\r\n <ticket-1@support.example>",
      "Auto-Submitted: auto-replied",
      "Precedence: bulk",
      "X-Autoreply: yes",
      'Content-Type: Multipart/Report; report-type=delivery-status; boundary="rb"',
    ],
    "--rb\r\nContent-Type: text/plain\r\n\r\nbounce\r\n--rb--\r\n",
  );

  it("when a message carries threading headers, then ids keep their brackets, oldest reference first", async () => {
    const message = await parse(raw);
    expect(message).toMatchObject({
      messageId: "<reply-2@partner.example>",
      inReplyTo: "<ticket-1@support.example>",
      references: ["<root@partner.example>", "<ticket-1@support.example>"],
    });
  });

  it("when a message has a Date, then it is ISO-8601 in UTC", async () => {
    expect((await parse(raw)).date).toBe("2026-11-20T19:00:00.000Z");
  });

  it("when the Date is garbage or absent, then date is null", async () => {
    expect((await parse(mail(["From: a@x.example", "Date: someday soon"]))).date).toBeNull();
    expect((await parse(mail(["From: a@x.example"]))).date).toBeNull();
  });

  it("when a message has recipients, then to, cc and replyTo are lower-cased addresses", async () => {
    const message = await parse(raw);
    expect(message.to).toEqual([{ address: "desk@support.example", name: "Desk" }, { address: "other@support.example", name: "" }]);
    expect(message.cc).toEqual([{ address: "it@customer.example", name: "Customer IT" }]);
    expect(message.replyTo).toEqual([{ address: "replies@partner.example", name: "" }]);
  });

  it("when the subject is encoded, then it is decoded", async () => {
    expect((await parse(raw)).subject).toBe("Re: Asistencia técnica [#T-42]");
  });

  it("when headers repeat, then the map keeps every value under the lower-cased name, topmost first", async () => {
    const { headers } = await parse(raw);
    expect(headers["authentication-results"]).toEqual([
      "mx.support.example; dmarc=fail header.from=partner.example",
      "forged.example; dmarc=pass",
    ]);
    expect(headers).toMatchObject({ "auto-submitted": ["auto-replied"], precedence: ["bulk"], "x-autoreply": ["yes"] });
  });

  it("when the top part has parameters, then contentType is its bare lower-cased type", async () => {
    expect((await parse(raw)).contentType).toBe("multipart/report");
  });

  it("when Content-Type repeats, then contentType is the first one, the one the body was parsed with", async () => {
    const message = await parse(mail(["From: a@x.example", "Content-Type: text/html", "Content-Type: multipart/alternative; boundary=zz"], "<p>Hi <b>there</b></p>"));
    expect(message).toMatchObject({ contentType: "text/html", text: "Hi there", textFromHtml: true });
  });

  it("when a message has no Content-Type, then contentType is text/plain", async () => {
    expect((await parse(mail(["From: a@x.example"]))).contentType).toBe("text/plain");
  });

  it("when a header is named __proto__, then it is an ordinary entry of the map", async () => {
    const { headers } = await parse(mail(["From: a@x.example", "__proto__: polluted"]));
    expect(Object.getOwnPropertyDescriptor(headers, "__proto__")?.value).toEqual(["polluted"]);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it("when a message parses, then size and contentSha256 describe the raw bytes", async () => {
    const message = await parse(raw);
    expect(message.size).toBe(raw.length);
    expect(message.contentSha256).toBe(createHash("sha256").update(raw).digest("hex"));
  });
});

describe("body text", () => {
  const alternative = (plain: string) =>
    mail(
      ["From: a@x.example", 'Content-Type: multipart/alternative; boundary="alt"'],
      `--alt\r\nContent-Type: text/plain\r\n\r\n${plain}\r\n--alt\r\nContent-Type: text/html\r\n\r\n<table><tr><td><b>Product</b></td><td>Zoho CRM</td></tr></table>\r\n--alt--\r\n`,
    );

  it.each([
    { when: "the text part has text", plain: "Product: Zoho Desk", text: "Product: Zoho Desk", textFromHtml: false },
    { when: "the text part is blank", plain: "  ", text: "Product | Zoho CRM", textFromHtml: true },
  ])("when $when, then text is taken from the right part", async ({ plain, text, textFromHtml }) => {
    const message = await parse(alternative(plain));
    expect(message.text.trim()).toBe(text);
    expect(message.textFromHtml).toBe(textFromHtml);
  });
});

describe("attachments", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  const pdf = Buffer.from("%PDF-1.4 fake");
  const raw = multipart(["From: a@x.example"], [
    'Content-Type: multipart/related; boundary="rel"\r\n\r\n--rel\r\nContent-Type: text/html\r\n\r\n<p>See <img src="cid:shot1@x"></p>\r\n' +
      `--rel\r\nContent-Type: image/png\r\nContent-ID: <shot1@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n${png.toString("base64")}\r\n--rel--`,
    `Content-Type: application/pdf; name="invoice.pdf"\r\nContent-Disposition: attachment; filename="invoice.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf.toString("base64")}`,
  ]);
  const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it("when a message has an inline image and a file, then both are listed with size and content hash", async () => {
    const message = await parse(raw);
    expect(message.attachments).toEqual([
      { filename: null, contentType: "image/png", size: png.length, sha256: sha(png), inline: true },
      { filename: "invoice.pdf", contentType: "application/pdf", size: pdf.length, sha256: sha(pdf), inline: false },
    ]);
    expect(message.text).toBe("See");
  });

  it("when an attached message is not a message, then it is listed without embedded", async () => {
    const message = await parse(multipart(["From: a@x.example"], ["Content-Type: message/rfc822\r\n\r\n\r\n"]));
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).not.toHaveProperty("embedded");
  });
});
