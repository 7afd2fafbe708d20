import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, messageIdentity, storeKeys, type Intake, type StoreKeys, type TicketStore } from "@mailtriage/store";
import type { Redis } from "ioredis";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../packages/store/test/support/redis";
import { parseWorkerEnv, startWorker, type WorkerService } from "../src";
import { bulkMessages } from "../../../test/support/bulk-messages";
import { offlineResults } from "../../../test/support/offline-results";
import { waitFor } from "./support/wait-for";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLES = join(ROOT, "examples");
const PARTNERS = join(EXAMPLES, "partners.json");
const ACCOUNTS = join(EXAMPLES, "accounts.json");
const RECEIVED_AT = "2026-11-20T20:00:00.000Z";

let server: TestRedis;

/** One test's world: its own key prefix, an intake, a store reader, and what to close after. */
interface Harness {
  prefix: string;
  keys: StoreKeys;
  redis: Redis;
  intake: Intake;
  store: TicketStore;
  env(overrides?: Record<string, string>): ReturnType<typeof parseWorkerEnv>;
  cleanup: (() => Promise<void>)[];
}
let h: Harness;

beforeAll(async () => {
  server = await startTestRedis();
  return () => server.stop();
});

async function harness(label: string): Promise<Harness> {
  const prefix = uniquePrefix(label);
  const keys = storeKeys(prefix);
  const redis = await connectRedis(server.url);
  const intake = createIntake(redis, { keys });
  const store = createTicketStore(redis, { keys, policy: await loadPolicy() });
  const env = (overrides: Record<string, string> = {}) =>
    parseWorkerEnv({ REDIS_URL: server.url, MAILTRIAGE_REDIS_PREFIX: prefix, MAILTRIAGE_PARTNERS_FILE: PARTNERS, MAILTRIAGE_ACCOUNTS_FILE: ACCOUNTS, LOG_LEVEL: "error", ...overrides });
  return { prefix, keys, redis, intake, store, env, cleanup: [] };
}

afterEach(async () => {
  for (const step of h.cleanup.reverse()) await step();
  await h.intake.queue.obliterate({ force: true });
  await h.intake.close();
  await deletePrefix(h.redis, h.prefix);
  await h.redis.quit();
});

async function startService(overrides: Record<string, string> = {}): Promise<WorkerService> {
  const service = await startWorker(h.env(overrides));
  h.cleanup.push(() => service.close({ force: true }));
  return service;
}

describe("worker", () => {
  it("when every example is taken in and a worker runs, then the stored results equal the offline command's", async () => {
    h = await harness("worker-examples");
    const files = readdirSync(join(EXAMPLES, "emails")).filter((f) => f.endsWith(".eml")).sort();
    const raws = files.map((f) => new Uint8Array(readFileSync(join(EXAMPLES, "emails", f))));
    const expected = await offlineResults(raws.map((raw, i) => ({ file: files[i] ?? "", raw })), RECEIVED_AT);
    for (const raw of raws) await h.intake.intake(raw, { receivedAt: RECEIVED_AT, source: "http" });

    // One job at a time, in intake order: a reply must find the ticket of the message before it,
    // as in the offline run (replies racing their original are a known gap, README).
    await startService({ MAILTRIAGE_WORKER_CONCURRENCY: "1" });
    const identities = expected.map((r) => messageIdentity(r.messageId, r.contentSha256 ?? ""));
    const records = await waitFor("every example to have a result", async () => {
      const found = await Promise.all(identities.map((id) => h.store.getMessageResult(id)));
      return found.every((r) => r !== null) ? found : undefined;
    });

    expect(files.length).toBeGreaterThan(10);
    expected.forEach((offline, i) => {
      const stored = records[i]!.result;
      // Within one offline run a repeat is `ignored`/`duplicate`; the service returns the earlier result (POLICY §7).
      if (offline.reason === "duplicate") expect(stored.ticketId, files[i]).toBe(offline.ticketId);
      else expect(stored, files[i]).toEqual(offline);
    });
    for (const offline of expected.filter((r) => r.outcome === "ticket")) {
      const view = await h.store.getTicket(offline.ticketId ?? "");
      expect(view?.ticket.result).toEqual(offline);
    }
    const followups = expected.filter((r) => r.outcome === "followup");
    expect(followups.length).toBeGreaterThan(0);
    for (const f of followups) {
      const view = await h.store.getTicket(f.ticketId ?? "");
      expect(view?.messages.map((m) => m.result.messageId)).toContain(f.messageId);
      expect(view?.ticket.state.sla).toEqual(expected.filter((r) => r.ticketId === f.ticketId && r.reason !== "duplicate").at(-1)?.sla);
    }
  });

  it("when 4 workers race over the same message taken in 50 times at once, then exactly one ticket exists", async () => {
    h = await harness("worker-race");
    await Promise.all([0, 1, 2, 3].map(() => startService()));
    const original = bulkMessages(1, "race")[0]!;
    // Half the copies are the same bytes (one job); half differ by a trace header (own jobs, same Message-ID).
    const copies = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? original : new Uint8Array([...new TextEncoder().encode(`X-Trace: copy-${i}\r\n`), ...original])));

    // Received now, so no SLA breach event joins the history while the test runs.
    const receipts = await Promise.all(copies.map((raw) => h.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" })));
    const jobIds = [...new Set(receipts.map((r) => r.jobId))];
    expect(jobIds).toHaveLength(26);
    const results = await waitFor("all 26 jobs to finish", async () => {
      const jobs = await Promise.all(jobIds.map((id) => h.intake.queue.getJob(id)));
      return jobs.every((j) => j?.finishedOn !== undefined) ? jobs.map((j) => j?.returnvalue as { ticketId: string; duplicate: boolean }) : undefined;
    });

    const tickets = await h.store.listTickets({ limit: 500 });
    expect(tickets.items).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticketId))).toEqual(new Set([tickets.items[0]!.ticketId]));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const view = await h.store.getTicket(tickets.items[0]!.ticketId);
    expect(view?.messages).toHaveLength(1);
    expect(view?.events.map((e) => e.type)).toEqual(["created"]);
  });

  it("when a worker process is killed with SIGKILL mid-batch of 500, then after a new worker every message has exactly one result", async () => {
    h = await harness("worker-sigkill");
    const messages = bulkMessages(500, "kill");
    for (let i = 0; i < messages.length; i += 100) {
      await Promise.all(messages.slice(i, i + 100).map((raw) => h.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" })));
    }
    const fast = { MAILTRIAGE_WORKER_LOCK_MS: "2000", MAILTRIAGE_WORKER_STALLED_INTERVAL_MS: "1000" };
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "services/worker/src/main.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...Object.fromEntries(Object.entries({ ...h.env(), ...fast }).map(([k, v]) => [k, String(v)])) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    h.cleanup.push(async () => void killed(child));
    const recorded = () => h.redis.zcard(h.keys.messageIndex("ticket"));

    const atKill = await waitFor("the child worker to process 50 messages", async () => {
      const n = await recorded();
      return n >= 50 ? n : undefined;
    }, 30_000, 5);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const inFlight = await h.intake.queue.getActiveCount();
    expect(atKill).toBeLessThan(500);
    expect(inFlight).toBeGreaterThan(0);

    await startService(fast);
    await waitFor("all 500 messages to be recorded", async () => (await recorded()) === 500 && (await h.intake.queue.getJobCounts("completed")).completed === 500, 40_000);

    const identities = messages.map((_, i) => `id:<kill-${i}@acme-partner.example>`);
    const records = await Promise.all(identities.map((id) => h.store.getMessageResult(id)));
    expect(records.filter((r) => r?.result.outcome === "ticket")).toHaveLength(500);
    const ticketIds = records.map((r) => r!.ticketId!);
    expect(new Set(ticketIds).size).toBe(500);
    expect(await h.redis.zcard(h.keys.ticketIndex("all"))).toBe(500);
    const pipeline = h.redis.pipeline();
    for (const id of ticketIds) pipeline.llen(h.keys.ticketMessages(id)).llen(h.keys.ticketEvents(id));
    const lengths = ((await pipeline.exec()) ?? []).map(([, n]) => n);
    expect(lengths.every((n) => n === 1)).toBe(true);
    expect(await h.intake.queue.getFailedCount()).toBe(0);
  }, 60_000);

  it("when a worker process gets SIGTERM mid-batch, then it finishes the jobs in flight and exits 0", async () => {
    h = await harness("worker-sigterm");
    for (const raw of bulkMessages(200, "drain")) await h.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" });
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "services/worker/src/main.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...Object.fromEntries(Object.entries(h.env()).map(([k, v]) => [k, String(v)])) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    h.cleanup.push(async () => void killed(child));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await waitFor("the child worker to process 20 messages", async () => (await h.redis.zcard(h.keys.messageIndex("ticket"))) >= 20, 30_000, 5);

    child.kill("SIGTERM");

    expect(await exited).toBe(0);
    const counts = await h.intake.queue.getJobCounts("active", "completed", "failed");
    expect(counts).toMatchObject({ active: 0, failed: 0 });
    expect(counts.completed).toBeLessThan(200);
    expect(await h.redis.zcard(h.keys.messageIndex("ticket"))).toBe(counts.completed);
  });
});

function killed(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.kill("SIGKILL");
}
