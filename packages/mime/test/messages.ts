// Builders for test messages: hostile inputs are generated here, never checked in.
import type { ParseLimits } from "../src/index";

/** The shipped defaults (policy/default-policy.json `limits`). */
export const LIMITS: ParseLimits = {
  maxMessageBytes: 26_214_400,
  parseTimeoutMs: 10_000,
  parseHeapMb: 512,
  maxHeaderChars: 16_384,
  maxTextChars: 200_000,
  maxHtmlChars: 2_000_000,
};

/** A message from header lines and a body, CRLF line endings, bytes as written (Latin-1). */
export function mail(headers: string[], body = "hello\r\n"): Buffer {
  return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${body}`, "latin1");
}

/** A multipart/mixed message from raw parts (each: its headers, a blank line, its body). */
export function multipart(headers: string[], parts: string[], boundary = "b0undary"): Buffer {
  const body = parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("") + `--${boundary}--\r\n`;
  return mail([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`], body);
}

/** RFC 2047 B encoding of a UTF-8 string. */
export function encodedWord(text: string): string {
  return `=?utf-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be replayed. */
export function randomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}
