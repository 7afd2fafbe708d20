import { describe, expect, it } from "vitest";
import { readHeaderMessageId } from "../src";

describe("readHeaderMessageId", () => {
  it.each<[string, string | null]>([
    ["Message-ID: <abc@example.com>\r\n\r\n", "<abc@example.com>"],
    ["Message-Id:\r\n <folded@example.com>\r\n\r\n", "<folded@example.com>"],
    ["Message-ID: <a@x> <b@y>\r\n", "<a@x>"],
    ["Message-ID: no-brackets@example.com\r\n", null],
    ["\r\n", null],
    ["Message-ID: <>\r\n", null],
    [`Message-ID: ${"<".repeat(100_000)}`, null],
  ])("when the header block is %j, then the id is %j", (block, id) => {
    expect(readHeaderMessageId(block)).toBe(id);
  });
});
