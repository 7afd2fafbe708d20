import { afterEach, describe, expect, it } from "vitest";
import { MessageParser, parseMessage, type ParseLimits } from "../src/index";
import { LIMITS, mail, multipart } from "./messages";

const normal = mail(["From: Ana <ana@partner.example>", "Subject: hello"], "Customer email address: it@customer.example\r\n");

// mailparser parses address headers of every MIME part itself, beyond our top-level cap:
// 900 KB of nested groups in a part header costs it seconds (HOSTILE-MAIL.md), which only the
// worker's time budget bounds.
const slowPart = multipart(["From: ana@partner.example"], [`Content-Type: text/plain\r\nFrom: ${"g:".repeat(450_000)}\r\n\r\nx`]);

let parser: MessageParser | undefined;
afterEach(async () => {
  await parser?.close();
  parser = undefined;
});

function pool(limits: Partial<ParseLimits> = {}, workers?: number): MessageParser {
  parser = new MessageParser({ ...LIMITS, ...limits }, { workers });
  return parser;
}

describe("MessageParser", () => {
  it("when a message is parsed in the pool, then the outcome equals the in-process parse", async () => {
    const outcome = await pool().parse(normal);
    expect(outcome).toEqual(await parseMessage(normal, LIMITS));
    expect(outcome.ok).toBe(true);
  });

  it("when a message is parsed, then the caller keeps its bytes", async () => {
    const raw = Buffer.from(normal);
    await pool().parse(raw);
    expect(raw.equals(normal)).toBe(true);
  });

  it("when a message is over maxMessageBytes, then it is too_large", async () => {
    const outcome = await pool({ maxMessageBytes: 50 }).parse(normal);
    expect(outcome).toMatchObject({ ok: false, reason: "too_large", size: normal.length });
  });

  it("when a parse runs over parseTimeoutMs, then it is parse_timeout and the next message still parses", async () => {
    const parser = pool({ parseTimeoutMs: 1_000 });
    expect(await parser.parse(slowPart)).toMatchObject({ ok: false, reason: "parse_timeout", size: slowPart.length });
    expect(await parser.parse(normal)).toMatchObject({ ok: true, message: { subject: "hello" } });
  });

  it("when a parse runs out of heap, then it is parse_memory and the next message still parses", async () => {
    const huge = mail(["From: ana@partner.example"], `${"y".repeat(76)}\r\n`.repeat(300_000));
    const parser = pool({ parseHeapMb: 32, maxMessageBytes: 64 * 1024 * 1024 });
    expect(await parser.parse(huge)).toMatchObject({ ok: false, reason: "parse_memory" });
    expect(await parser.parse(normal)).toMatchObject({ ok: true, message: { subject: "hello" } });
  });

  it("when more messages than workers arrive at once, then each gets its own outcome", async () => {
    const parser = pool({}, 2);
    const subjects = Array.from({ length: 6 }, (_, i) => `message ${i}`);
    const outcomes = await Promise.all(subjects.map((subject) => parser.parse(mail(["From: a@x.example", `Subject: ${subject}`]))));
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.message.subject : outcome.reason))).toEqual(subjects);
  });

  it("when the pool is closed, then parse rejects", async () => {
    const parser = pool();
    await parser.parse(normal);
    await parser.close();
    await expect(parser.parse(normal)).rejects.toThrow(/closed/);
  });

  it.each([0, 1.5, -1])("when workers is %s, then the constructor refuses it", (workers) => {
    expect(() => new MessageParser(LIMITS, { workers })).toThrow(RangeError);
  });
});
