import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessage } from "../../mime/src";
import { createIntake, peekMessageId, QUEUED_MESSAGE_TTL_S, type Intake } from "../src";
import { otherDecision, ticketDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

const META = { receivedAt: "2026-11-20T20:00:00.000Z", source: "http" } as const;
const BODY = "\r\n\r\nHello\r\n";
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("peekMessageId (the intake's reading of a Message-ID, before any parsing)", () => {
  // Each header reads as the worker's parser reads it: the intake announces exactly the id a reply will name.
  it.each([
    ["a plain field", "Message-ID: <a1@x.example>"],
    ["lower-case name, blanks before the colon", "message-id   : <a2@x.example>"],
    ["folded onto the next line", "Message-ID:\r\n <a3@x.example>"],
    ["folded inside the brackets", "Message-ID: <a4\r\n\t@x.example>"],
    ["spaces inside the brackets", "Message-ID: < a5@x.example >"],
    ["a comment before the id", "Message-ID: (from the gateway) <a6@x.example>"],
    ["no brackets (a sloppy mailer)", "Message-ID: a7@x.example"],
    ["an empty bracket pair first", "Message-ID: <> <a8@x.example>"],
    ["UTF-8 in the id", "Message-ID: <ñandú-9@x.example>"],
    ["two fields: the first counts", "Message-ID: <a10@x.example>\r\nMessage-ID: <other@x.example>"],
    ["after a long header", `${"X-Filler: ".padEnd(900, "z")}\r\n`.repeat(20) + "Message-ID: <a11@x.example>"],
    ["LF line ends", "Message-ID: <a12@x.example>".replace(/\r\n/g, "\n")],
    ["none", "Subject: no id here"],
    ["brackets never closed", "Message-ID: <a14@x.example"],
    ["only in the body", "Subject: s"],
  ])("%s", async (_name, header) => {
    const raw = bytes(`From: ana@acme-partner.example\r\n${header}\r\nSubject: s${BODY}Message-ID: <body@x.example>\r\n`);
    const parsed = await parseMessage(raw, t.policy.limits);
    if (!parsed.ok) throw new Error(`the parser refused the case: ${parsed.reason}`);
    expect(peekMessageId(raw)).toBe(parsed.message.messageId);
  });

  it("when the Message-ID is folded past a line's length, then it is not announced (hostile header)", () => {
    expect(peekMessageId(bytes(`Message-ID: <${"x".repeat(600)}\r\n ${"y".repeat(600)}@x.example>${BODY}`))).toBeNull();
  });
});

let t: TestStore;
let intake: Intake;

beforeAll(async () => {
  t = await openTestStore("queued-messages");
  intake = createIntake(t.redis, { keys: t.keys });
});

afterAll(async () => {
  await intake.queue.obliterate({ force: true });
  await intake.close();
  await t.close();
});

describe("queued messages (a reply's parent on its way)", () => {
  it("when a message is taken in, then its Message-ID counts as queued until its record is stored", async () => {
    const id = "<queued-1@acme-partner.example>";
    const receipt = await intake.intake(bytes(`From: ana@acme-partner.example\r\nMessage-ID: ${id}${BODY}`), META);

    expect(await t.store.findQueuedParents([id, "<never-seen@elsewhere.example>"])).toEqual([id]);
    expect(await t.redis.get(t.keys.queuedMessage(id))).toBe(receipt.jobId);
    const ttl = await t.redis.ttl(t.keys.queuedMessage(id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(QUEUED_MESSAGE_TTL_S);

    // Recorded (here rejected: no ticket, so no thread entry either): no longer on its way.
    await t.store.applyDecision(otherDecision("rejected", id));
    expect(await t.store.findQueuedParents([id])).toEqual([]);
  });

  it("when a queued message is stored as a ticket, then it still counts (the caller's thread lookup may predate it)", async () => {
    const id = "<queued-2@acme-partner.example>";
    await intake.intake(bytes(`From: ana@acme-partner.example\r\nMessage-ID: ${id}${BODY}`), META);
    await t.store.applyDecision(ticketDecision({ messageId: id }, t.policy));

    expect(await t.store.findQueuedParents([id])).toEqual([id]);
    expect((await t.store.lookupThread({ messageIds: [id], ticketIds: [] })).byMessageId.get(id)).toBeDefined();
  });

  it("when Message-IDs were never taken in, then none is queued", async () => {
    expect(await t.store.findQueuedParents(["<outside-thread@customer.example>", ""])).toEqual([]);
    expect(await t.store.findQueuedParents([])).toEqual([]);
  });

  it("when a message has no Message-ID, then nothing is announced and the job is still queued", async () => {
    const before = await t.redis.keys(`${t.keys.prefix}:queued:*`);
    const receipt = await intake.intake(bytes(`From: ana@acme-partner.example\r\nSubject: none${BODY}`), META);
    expect(await intake.queue.getJob(receipt.jobId)).toBeDefined();
    expect(await t.redis.keys(`${t.keys.prefix}:queued:*`)).toEqual(before);
  });
});
