import { randomBytes } from "node:crypto";
import type { ParseOutcome } from "@mailtriage/mime";
import { ConcurrentUpdateError, messageIdentity, type InboundJobData, type TicketStore } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MissingRawError, processMessage, type ProcessDeps } from "../src";
import { bulkMessages } from "../../../test/support/bulk-messages";
import { openProcessFixture, type ProcessFixture } from "./support/process-fixture";

let fixture: ProcessFixture;
let deps: ProcessDeps;

beforeAll(async () => {
  fixture = await openProcessFixture("process-message", { limits: { maxMessageBytes: 10_000 } });
  deps = fixture.deps;
});

afterAll(() => fixture.close());

function jobFor(raw: Uint8Array): Promise<InboundJobData> {
  return fixture.jobFor(raw);
}

/** A ticket store that answers `conflict` to the first `n` follow-up writes (another writer got there first). */
function conflicting(store: TicketStore, n: number): TicketStore & { conflicts: number } {
  const wrapped = { ...store, conflicts: 0 };
  wrapped.applyDecision = async (decision) => {
    if (decision.result.outcome === "followup" && wrapped.conflicts < n) {
      wrapped.conflicts++;
      return { kind: "conflict", ticketId: decision.result.ticketId ?? "" };
    }
    return store.applyDecision(decision);
  };
  return wrapped;
}

function replyTo(original: string, tag: string): Uint8Array {
  return new TextEncoder().encode(
    `From: ana@acme-partner.example\r\nTo: support@mailtriage.example\r\nSubject: RE: it\r\nMessage-ID: <${tag}@acme-partner.example>\r\nIn-Reply-To: ${original}\r\n\r\nAny news?\r\n`,
  );
}

describe("processMessage", () => {
  it.each([
    ["empty", new Uint8Array(0), "failed", "unparseable"],
    ["random bytes", new Uint8Array(randomBytes(4_000)), "failed", "unparseable"],
    ["over the size limit", new Uint8Array(20_000).fill(65), "rejected", "too_large"],
  ])("when the message is %s, then it is recorded with its raw hash and the job completes without retry", async (_name, raw, outcome, reason) => {
    const job = await jobFor(raw);
    const first = await processMessage(job, deps);
    const again = await processMessage(job, deps);

    expect(first).toMatchObject({ outcome, reason, duplicate: false, ticketId: null });
    expect(again).toMatchObject({ outcome, duplicate: true });
    const record = await deps.tickets.getMessageResult(messageIdentity(null, job.rawSha256));
    expect(record?.rawSha256).toBe(job.rawSha256);
    expect(Buffer.from((await deps.raws.get(job.rawSha256)) ?? [])).toEqual(Buffer.from(raw));
  });

  it("when the raw bytes are missing, then a failed record is kept and the error says retrying cannot help", async () => {
    const job: InboundJobData = { rawSha256: "f".repeat(64), size: 10, receivedAt: new Date().toISOString(), source: "http" };
    await expect(processMessage(job, deps)).rejects.toBeInstanceOf(MissingRawError);
    expect((await deps.tickets.getMessageResult(`sha:${"f".repeat(64)}`))?.result).toMatchObject({ outcome: "failed", reasonDetail: "raw bytes missing from the store" });
  });

  it("when a reply's parent changed meanwhile, then the reply is triaged again on the fresh parent and applied once", async () => {
    const [original] = bulkMessages(1, "conflict-parent");
    const created = await processMessage(await jobFor(original!), deps);
    const tickets = conflicting(deps.tickets, 2);

    const reply = await processMessage(await jobFor(replyTo("<conflict-parent-0@acme-partner.example>", "conflict-reply")), { ...deps, tickets });

    expect(tickets.conflicts).toBe(2);
    expect(reply).toMatchObject({ outcome: "followup", ticketId: created.ticketId, duplicate: false });
    expect((await deps.tickets.getTicket(created.ticketId ?? ""))?.messages).toHaveLength(2);
  });

  it("when a reply's parent keeps changing, then processing throws a transient error for the queue to retry", async () => {
    const [original] = bulkMessages(1, "busy-parent");
    await processMessage(await jobFor(original!), deps);
    const job = await jobFor(replyTo("<busy-parent-0@acme-partner.example>", "busy-reply"));

    await expect(processMessage(job, { ...deps, tickets: conflicting(deps.tickets, 100) })).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await deps.tickets.getMessageResult("id:<busy-reply@acme-partner.example>")).toBeNull();
  });

  it("when a failed message is re-driven and parses now, then its failed record becomes a ticket", async () => {
    const [raw] = bulkMessages(1, "redrive");
    const job = await jobFor(raw!);
    const broken = (bytes: Uint8Array): Promise<ParseOutcome> => Promise.resolve({ ok: false, reason: "parse_timeout", detail: "test", size: bytes.byteLength, contentSha256: job.rawSha256 });
    await processMessage(job, { ...deps, parse: broken });
    const failedIdentity = messageIdentity(null, job.rawSha256);

    const redriven = await processMessage({ ...job, redriveOf: failedIdentity }, deps);

    expect(redriven).toMatchObject({ outcome: "ticket", duplicate: false, identity: "id:<redrive-0@acme-partner.example>" });
    expect(await deps.tickets.getMessageResult(failedIdentity)).toBeNull();
    expect((await deps.tickets.listFailed({ limit: 500 })).items.map((r) => r.identity)).not.toContain(failedIdentity);
  });
});
