import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "../src";

const SECRET = "s3cret-s3cret-s3cret";
const BODY = '{"eventId":"1732132800000-0","type":"created","event":{"ticketId":"MT-0000000001"}}';
const TS = 1_795_000_000;

describe("webhook signature", () => {
  it("when a body is signed, then the header is sha256= and the hex HMAC of '<timestamp>.<body>'", () => {
    const hex = createHmac("sha256", SECRET).update(`${TS}.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, TS, BODY)).toBe(`sha256=${hex}`);
  });

  it.each([
    // [case, body, signature, timestamp header, receiver's now, accepted]
    ["the request is as sent", BODY, signWebhook(SECRET, TS, BODY), String(TS), TS + 5, true],
    ["the body was changed", BODY.replace("0001", "0002"), signWebhook(SECRET, TS, BODY), String(TS), TS, false],
    ["the timestamp was changed to look fresh (a replay)", BODY, signWebhook(SECRET, TS, BODY), String(TS + 3_600), TS + 3_600, false],
    ["an old request is replayed as it was", BODY, signWebhook(SECRET, TS, BODY), String(TS), TS + 301, false],
    ["another secret signed it", BODY, signWebhook("another-secret-xyz", TS, BODY), String(TS), TS, false],
    ["the signature is missing", BODY, undefined, String(TS), TS, false],
    ["the timestamp is not a number", BODY, signWebhook(SECRET, TS, BODY), "soon", TS, false],
  ])("when %s, then verification gives %s", (_case, body, signature, timestamp, now, accepted) => {
    expect(verifyWebhook(SECRET, { body, signature, timestamp }, now)).toBe(accepted);
  });
});
