import { describe, expect, it } from "vitest";
import { planFetch, type CursorPlan, type MailboxCursor, type MailboxStatus } from "../src";

const status = (uidValidity: string, uidNext: number, exists: number): MailboxStatus => ({ uidValidity, uidNext, exists });
const cursor = (uidValidity: string, nextUid: number): MailboxCursor => ({ uidValidity, nextUid });

describe("planFetch", () => {
  it.each<[string, MailboxCursor | null, MailboxStatus, CursorPlan]>([
    ["no cursor yet (first start) and 3 messages", null, status("7", 4, 3), { kind: "fetch", fromUid: 1, toUid: 3, rescan: false }],
    ["no cursor yet and an empty mailbox", null, status("7", 1, 0), { kind: "up_to_date", cursor: cursor("7", 1), rescan: false }],
    ["a cursor behind UIDNEXT", cursor("7", 10), status("7", 15, 14), { kind: "fetch", fromUid: 10, toUid: 14, rescan: false }],
    ["a cursor at UIDNEXT", cursor("7", 15), status("7", 15, 14), { kind: "up_to_date", cursor: cursor("7", 15), rescan: false }],
    ["a cursor above UIDNEXT (the server went back)", cursor("7", 20), status("7", 15, 14), { kind: "up_to_date", cursor: cursor("7", 20), rescan: false }],
    ["a new UIDVALIDITY (mailbox recreated)", cursor("7", 500), status("9", 4, 3), { kind: "fetch", fromUid: 1, toUid: 3, rescan: true }],
    ["a new UIDVALIDITY and an empty mailbox", cursor("7", 500), status("9", 40, 0), { kind: "up_to_date", cursor: cursor("9", 40), rescan: true }],
    ["messages all moved away (empty, UIDNEXT ahead)", cursor("7", 10), status("7", 30, 0), { kind: "up_to_date", cursor: cursor("7", 30), rescan: false }],
    ["UIDVALIDITY above 2^31 kept exact", cursor("4294967295", 2), status("4294967295", 3, 1), { kind: "fetch", fromUid: 2, toUid: 2, rescan: false }],
  ])("when %s, then the plan says so", (_case, saved, current, plan) => {
    expect(planFetch(saved, current)).toEqual(plan);
  });

  it.each<[string, MailboxCursor | null, MailboxStatus, CursorPlan]>([
    ["no cursor yet and 3 messages already there", null, status("7", 4, 3), { kind: "up_to_date", cursor: cursor("7", 4), rescan: false }],
    ["no cursor yet and an empty mailbox", null, status("7", 1, 0), { kind: "up_to_date", cursor: cursor("7", 1), rescan: false }],
    ["a saved cursor behind UIDNEXT (a restart)", cursor("7", 10), status("7", 15, 14), { kind: "fetch", fromUid: 10, toUid: 14, rescan: false }],
    ["a new UIDVALIDITY (mailbox recreated)", cursor("7", 500), status("9", 4, 3), { kind: "fetch", fromUid: 1, toUid: 3, rescan: true }],
  ])("with startAt new, when %s, then the plan says so", (_case, saved, current, plan) => {
    expect(planFetch(saved, current, "new")).toEqual(plan);
  });
});
