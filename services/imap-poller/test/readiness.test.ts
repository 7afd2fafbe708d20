import { describe, expect, it } from "vitest";
import { assessReadiness, healthFromHash, type MailboxHealth } from "../src";

const NOW = new Date("2026-11-20T20:10:00.000Z");
const box = (over: Partial<MailboxHealth>): MailboxHealth => ({ ...healthFromHash("support", {}), firstSeenAt: "2026-11-20T19:00:00.000Z", ...over });

describe("assessReadiness", () => {
  it.each<[string, MailboxHealth[], boolean]>([
    ["polled a minute ago", [box({ lastPollAt: "2026-11-20T20:09:00.000Z", state: "idle" })], true],
    ["polled 6 minutes ago", [box({ lastPollAt: "2026-11-20T20:04:00.000Z", state: "disconnected", lastError: "ECONNREFUSED" })], false],
    ["never polled, configured 2 minutes ago (start-up grace)", [box({ firstSeenAt: "2026-11-20T20:08:00.000Z" })], true],
    ["never polled, configured an hour ago", [box({})], false],
    ["one of two mailboxes stale", [box({ lastPollAt: "2026-11-20T20:09:59.000Z" }), box({ mailboxId: "sales", lastPollAt: "2026-11-20T19:00:00.000Z" })], false],
    ["no mailbox at all", [], true],
  ])("when a mailbox was %s, then ready is %s", (_case, mailboxes, ready) => {
    expect(assessReadiness(mailboxes, NOW, 300_000).ready).toBe(ready);
  });

  it("when a mailbox is unreachable, then the problem names it, the time and the last error", () => {
    const { problems } = assessReadiness([box({ lastPollAt: "2026-11-20T20:04:00.000Z", state: "disconnected", lastError: "connect ECONNREFUSED" })], NOW, 300_000);
    expect(problems).toEqual(["support: not reachable for 360 s (state disconnected: connect ECONNREFUSED)"]);
  });
});
