import { describe, expect, it } from "vitest";
import { matchThread, threadKeys, ticketIdFor } from "../src/thread";

describe("ticketIdFor", () => {
  it("when the same identity comes twice, then the id is the same, and differs for another", () => {
    const a = ticketIdFor("<m1@x.example>", "MT");
    expect(a).toMatch(/^MT-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(ticketIdFor("<m1@x.example>", "MT")).toBe(a);
    expect(ticketIdFor("<m2@x.example>", "MT")).not.toBe(a);
  });
});

describe("matchThread", () => {
  const t1 = ticketIdFor("<m1@x.example>", "MT");
  const found = { byMessageId: new Map([["<m1@x.example>", t1]]), existingTickets: new Set([t1]) };
  it.each([
    ["In-Reply-To a stored message", { inReplyTo: "<m1@x.example>", references: [], subject: "Re: x" }, "in_reply_to"],
    ["References only", { inReplyTo: "<zz@y>", references: ["<m1@x.example>", "<zz@y>"], subject: "Re: x" }, "references"],
    ["the ticket reference in the subject", { inReplyTo: null, references: [], subject: `Re: [${t1}] Login problem` }, "subject_reference"],
    ["a lower-case reference in the subject", { inReplyTo: null, references: [], subject: `re: ${t1.toLowerCase()}` }, "subject_reference"],
    ["nothing known", { inReplyTo: "<zz@y>", references: [], subject: "Re: [MT-0000000000] x" }, null],
  ] as const)("when the message carries %s, then it matches via %s", (_what, message, via) => {
    const match = matchThread(threadKeys({ ...message, references: [...message.references] }, "MT"), found, message.inReplyTo);
    expect(match?.via ?? null).toBe(via);
    if (via !== null) expect(match?.ticketId).toBe(t1);
  });
});
