// Issue 3 "known gap": a reply triaged at the same moment as the message it answers (two
// workers, concurrency > 1, or the reply taken in first) must not become a ticket of its own.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, storeKeys, type Intake, type IntakeReceipt, type StoreKeys, type TicketStore } from "@mailtriage/store";
import type { Redis } from "ioredis";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../packages/store/test/support/redis";
import { partnerRequest } from "../../../test/support/bulk-messages";
import { parseWorkerEnv, startWorker, type ProcessedMessage, type WorkerService } from "../src";
import { PARENT_WAIT } from "../src/parent-wait";
import { waitFor } from "./support/wait-for";

const EXAMPLES = join(fileURLToPath(new URL("../../../", import.meta.url)), "examples");
const META = { receivedAt: "2026-11-20T20:00:00.000Z", source: "http" } as const;

let server: TestRedis;
let h: { prefix: string; keys: StoreKeys; redis: Redis; intake: Intake; store: TicketStore; workers: WorkerService[]; others: Intake[] };

beforeAll(async () => {
  server = await startTestRedis();
  return () => server.stop();
});

async function open(label: string): Promise<void> {
  const prefix = uniquePrefix(label);
  const keys = storeKeys(prefix);
  const redis = await connectRedis(server.url);
  h = { prefix, keys, redis, intake: createIntake(redis, { keys }), store: createTicketStore(redis, { keys, policy: await loadPolicy() }), workers: [], others: [] };
}

async function worker(concurrency: number): Promise<WorkerService> {
  const env = parseWorkerEnv({
    REDIS_URL: server.url,
    MAILTRIAGE_REDIS_PREFIX: h.prefix,
    MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"),
    MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json"),
    MAILTRIAGE_WORKER_CONCURRENCY: String(concurrency),
    LOG_LEVEL: "error",
  });
  const started = await startWorker(env);
  h.workers.push(started);
  return started;
}

afterEach(async () => {
  for (const w of h.workers) await w.close({ force: true });
  await h.intake.queue.obliterate({ force: true });
  for (const other of h.others) await other.close();
  await h.intake.close();
  await deletePrefix(h.redis, h.prefix);
  await h.redis.quit();
});

/** A partner request, and a reply to it (In-Reply-To and References name the original). */
function pair(i: number, tag: string): { original: Uint8Array; reply: Uint8Array; originalId: string } {
  const originalId = `<${tag}-${i}@acme-partner.example>`;
  return {
    originalId,
    original: partnerRequest(i, originalId),
    reply: partnerRequest(i + 1000, `<${tag}-${i}-reply@acme-partner.example>`, [`In-Reply-To: ${originalId}`, `References: ${originalId}`]),
  };
}

/** The finished job of a receipt: its result and how many times it was started. */
async function finished(receipt: IntakeReceipt, timeoutMs = 30_000): Promise<{ result: ProcessedMessage; started: number }> {
  return waitFor(
    `job ${receipt.jobId} to finish`,
    async () => {
      const job = await h.intake.queue.getJob(receipt.jobId);
      if (job?.finishedOn === undefined) return undefined;
      if (job.failedReason) throw new Error(`job ${receipt.jobId} failed: ${job.failedReason}`);
      return { result: job.returnvalue as ProcessedMessage, started: job.attemptsStarted };
    },
    timeoutMs,
  );
}

describe("a reply triaged before the message it answers", () => {
  it("when the reply is taken in first, then it waits and becomes the original's follow-up", async () => {
    await open("reply-first");
    const { original, reply } = pair(1, "first");
    const replyReceipt = await h.intake.intake(reply, META);
    const originalReceipt = await h.intake.intake(original, META);
    // One job at a time, in queue order: the reply is triaged first.
    await worker(1);

    const parent = await finished(originalReceipt);
    const answer = await finished(replyReceipt);

    expect(parent.result.outcome).toBe("ticket");
    expect(answer.result).toMatchObject({ outcome: "followup", ticketId: parent.result.ticketId });
    expect(answer.started).toBeGreaterThan(1); // it waited rather than opening a ticket
    const view = await h.store.getTicket(parent.result.ticketId!);
    expect(view?.messages.map((m) => m.result.outcome)).toEqual(["ticket", "followup"]);
    expect((await h.store.listTickets({})).items).toHaveLength(1);
  });

  it("when twenty replies race their originals on two workers, then each pair is one ticket", async () => {
    await open("reply-race");
    const pairs = Array.from({ length: 20 }, (_, i) => pair(i, "race"));
    const receipts: { original: IntakeReceipt; reply: IntakeReceipt }[] = [];
    for (const p of pairs) {
      const reply = await h.intake.intake(p.reply, META);
      receipts.push({ reply, original: await h.intake.intake(p.original, META) });
    }
    await Promise.all([worker(5), worker(5)]);

    for (const r of receipts) {
      const parent = await finished(r.original);
      const answer = await finished(r.reply);
      expect(parent.result.outcome).toBe("ticket");
      expect(answer.result).toMatchObject({ outcome: "followup", ticketId: parent.result.ticketId });
    }
    expect((await h.store.listTickets({ limit: 100 })).items).toHaveLength(20);
  });

  it("when a reply answers a message the inbox never got, then it is a ticket at once, without waiting", async () => {
    await open("reply-outside");
    await worker(2);
    const receipt = await h.intake.intake(partnerRequest(7, "<outside-reply@acme-partner.example>", ["In-Reply-To: <thread-with-the-customer@acme-partner.example>"]), META);

    const done = await finished(receipt);
    expect(done.result.outcome).toBe("ticket");
    expect(done.started).toBe(1);
  });

  it("when the original stays queued past every wait, then the reply becomes a ticket of its own", async () => {
    await open("reply-gives-up");
    const { original, reply } = pair(3, "late");
    // The original is taken in but held back a minute (as behind a long backlog).
    const held = createIntake(h.redis, { keys: h.keys, jobOptions: { delay: 60_000 } });
    h.others.push(held);
    await held.intake(original, META);
    const replyReceipt = await h.intake.intake(reply, META);
    await worker(1);

    const answer = await finished(replyReceipt, 60_000);
    expect(answer.result.outcome).toBe("ticket");
    expect(answer.started).toBe(PARENT_WAIT.maxWaits + 1);
  }, 60_000);
});
