import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake, createRawStore, INBOUND_QUEUE, messageIdentity, type Intake } from "../src";
import { otherDecision } from "./support/decisions";
import { openTestStore, type TestStore } from "./support/test-store";

let t: TestStore;
let intake: Intake;
const META = { receivedAt: "2026-11-20T20:00:00.000Z", source: "http" } as const;

beforeAll(async () => {
  t = await openTestStore("intake");
  intake = createIntake(t.redis, { keys: t.keys });
});

afterAll(async () => {
  await intake.queue.obliterate({ force: true });
  await intake.close();
  await t.close();
});

function message(n: number): Uint8Array {
  return new TextEncoder().encode(`From: a@b.example\r\nMessage-ID: <intake-${n}@b.example>\r\n\r\nbody ${n}\r\n`);
}

describe("intake", () => {
  it("when the same bytes are taken in twice, then both give one job and the second is a duplicate", async () => {
    const first = await intake.intake(message(1), META);
    const second = await intake.intake(message(1), { ...META, receivedAt: "2026-11-20T21:00:00.000Z" });

    expect(second).toEqual({ ...first, duplicate: true });
    expect(first.duplicate).toBe(false);
    expect(first.jobId).toBe(first.rawSha256);
    expect(await intake.queue.getJobCounts("waiting")).toEqual({ waiting: 1 });
    const job = await intake.queue.getJob(first.jobId);
    expect(job?.data).toEqual({ rawSha256: first.rawSha256, size: message(1).byteLength, receivedAt: META.receivedAt, source: "http" });
  });

  it("when 50 intakes of one message run at once, then there is one job and one stored copy", async () => {
    const receipts = await Promise.all(Array.from({ length: 50 }, () => intake.intake(message(2), META)));
    expect(new Set(receipts.map((r) => r.jobId)).size).toBe(1);
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await intake.queue.getJob(receipts[0]!.jobId)).toBeDefined();
    expect(Buffer.from((await createRawStore(t.redis, t.keys).get(receipts[0]!.rawSha256))!)).toEqual(Buffer.from(message(2)));
  });

  it.each(["yesterday", "2026-13-45T00:00:00Z", ""])("when receivedAt is %j, then the intake refuses it and queues nothing", async (receivedAt) => {
    const before = await intake.queue.count();
    await expect(intake.intake(message(3), { ...META, receivedAt })).rejects.toBeInstanceOf(RangeError);
    expect(await intake.queue.count()).toBe(before);
  });

  it("when a failed message is re-driven, then a new job points at the same bytes and the failed record", async () => {
    const failed = otherDecision("failed", "intake-redrive");
    await t.store.applyDecision(failed);
    const identity = messageIdentity(null, failed.rawSha256);

    const first = await intake.redrive(identity);
    const second = await intake.redrive(identity);

    expect(first?.jobId).not.toBe(second?.jobId);
    expect((await intake.queue.getJob(first!.jobId))?.data).toMatchObject({ rawSha256: failed.rawSha256, redriveOf: identity, receivedAt: failed.result.receivedAt });
    expect(await intake.redrive("id:<never-seen@x.example>")).toBeNull();
  });

  it("when the queue is named, then it is the inbound queue under the store's prefix", () => {
    expect(intake.queue.name).toBe(INBOUND_QUEUE);
    expect(intake.queue.opts.prefix).toBe(`{${t.keys.prefix}}:bull`);
  });
});
