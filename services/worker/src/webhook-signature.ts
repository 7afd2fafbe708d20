import { createHmac, timingSafeEqual } from "node:crypto";

/** Headers of a webhook request (README "Webhooks"); Node lower-cases header names. */
export const WEBHOOK_HEADERS = {
  /** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` */
  signature: "x-mailtriage-signature",
  /** Unix time, seconds, when this attempt was signed; part of the signed payload. */
  timestamp: "x-mailtriage-timestamp",
  /** Event type (`created`, `breached`, `basic_flood` …). */
  event: "x-mailtriage-event",
  /** Delivery id: the same on every retry of one event to one URL (drop repeats by it). */
  delivery: "x-mailtriage-delivery",
} as const;

/** How far a signed timestamp may be from the receiver's clock by default, seconds. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The signature header value of `body` sent at `timestamp` (Unix seconds):
 * `sha256=` + hex HMAC-SHA256 keyed by `secret` over `"<timestamp>.<body>"`. Signing the
 * timestamp with the body means an old request replayed later fails the receiver's time check
 * and cannot be re-dated.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver has of a request. */
export interface SignedRequest {
  /** The raw body, exactly as received (before any JSON parsing). */
  body: string;
  /** `X-Mailtriage-Signature` and `X-Mailtriage-Timestamp` header values. */
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * Verifies a webhook request as a receiver should: the timestamp is within `toleranceSeconds`
 * of `nowSeconds` (replays of old requests fail), and the signature matches in constant time.
 * Receivers should also drop a delivery id they have already processed.
 */
export function verifyWebhook(secret: string, request: SignedRequest, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  const timestamp = Number(request.timestamp);
  if (request.timestamp === undefined || !/^\d{1,12}$/.test(request.timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, request.body));
  const given = Buffer.from(request.signature ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
