// Messages/second through the whole pipeline (HTTP POST on loopback → queue → worker → ticket
// stored in Redis), next to bare mailparser `simpleParser` of the same messages (issue 3), with
// the two halves measured apart (intake only; worker only) to show where the time goes.
// Prints figures only, never pass/fail. Run: npx tsx bench/pipeline.bench.ts [passes]
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses a key prefix of its own and deletes it.
import { availableParallelism } from "node:os";
import { openBenchHarness, waitForFinished, type BenchHarness } from "../services/api/test/support/bench-harness";
import { loadBenchMessages, simpleParser, time } from "./support/bench-messages";

const PASSES = Number(process.argv[2] ?? 3);
const IN_FLIGHT = 16;
const PASS_TIMEOUT_MS = 120_000;
// The worker's own settings may be varied from the environment (defaults: concurrency 10, 1 parser thread).
const WORKER_ENV = Object.fromEntries(["MAILTRIAGE_WORKER_CONCURRENCY", "MAILTRIAGE_PARSER_THREADS"].flatMap((k) => (process.env[k] ? [[k, process.env[k] ?? ""]] : [])));
const messages = [...loadBenchMessages("examples"), ...loadBenchMessages("corpus")];
const mib = messages.reduce((sum, raw) => sum + raw.length, 0) / 1024 / 1024;

interface Timing {
  wall: number;
  /** CPU seconds of this process (main thread, parser thread, HTTP client); Redis excluded. */
  cpu: number;
}

async function measure(run: () => Promise<void>): Promise<Timing> {
  const before = process.cpuUsage();
  const wall = await time(run);
  const used = process.cpuUsage(before);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

const best = (a: Timing | undefined, b: Timing): Timing => (a === undefined || b.wall < a.wall ? b : a);

/** POSTs every message over HTTP, `IN_FLIGHT` at a time; returns the distinct job ids. */
async function postAll(h: BenchHarness): Promise<Set<string>> {
  const jobIds = new Set<string>();
  let next = 0;
  const post = async (): Promise<void> => {
    for (let i = next++; i < messages.length; i = next++) {
      const response = await fetch(`${h.url}/v1/messages`, { method: "POST", headers: { authorization: `Bearer ${h.key}`, "content-type": "message/rfc822" }, body: messages[i] });
      if (response.status !== 202) throw new Error(`POST /v1/messages: ${response.status} ${await response.text()}`);
      jobIds.add(((await response.json()) as { jobId: string }).jobId);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, post));
  return jobIds;
}

/**
 * Every message with a new identity (Message-ID prefixed, or a header added), so the warm-up
 * run does not turn the measured run into duplicates.
 */
function warmUpVariant(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  const renamed = text.replace(/^(message-id:\s*<)/im, "$1warm-");
  return Buffer.from(renamed === text ? `X-Bench-Warm-Up: 1\r\n${text}` : renamed, "latin1");
}

/**
 * A fresh prefix (the same bytes again would only be duplicates) and a warm worker: it has
 * triaged every message once already (under other identities), as a long-running worker has,
 * so parser and rules code is compiled before the clock starts. Returns the jobs finished so far.
 */
async function freshPipeline(): Promise<{ h: BenchHarness; done: number; pause(): Promise<void>; resume(): void }> {
  const h = await openBenchHarness("pipeline");
  const worker = await h.startWorker(WORKER_ENV);
  const warm = new Set<string>();
  for (const raw of messages) warm.add((await h.deps.intake.intake(warmUpVariant(raw), { receivedAt: new Date().toISOString(), source: "http" })).jobId);
  await waitForFinished(h.deps, warm.size, PASS_TIMEOUT_MS);
  return { h, done: warm.size, pause: () => worker.inbound.pause(), resume: () => worker.inbound.resume() };
}

let bare: Timing | undefined;
let intake: Timing | undefined;
let drain: Timing | undefined;
let whole: Timing | undefined;
let jobs = 0;
for (let pass = 0; pass < PASSES; pass++) {
  bare = best(bare, await measure(async () => {
    for (const raw of messages) await simpleParser(raw).catch(() => undefined);
  }));

  // Staged: intake with the worker paused, then the worker drains the queue alone.
  const staged = await freshPipeline();
  try {
    await staged.pause();
    let queued = new Set<string>();
    intake = best(intake, await measure(async () => void (queued = await postAll(staged.h))));
    drain = best(drain, await measure(async () => {
      staged.resume();
      await waitForFinished(staged.h.deps, queued.size + staged.done, PASS_TIMEOUT_MS);
    }));
  } finally {
    await staged.h.close();
  }

  // Together: POSTs and processing overlap, as in service.
  const together = await freshPipeline();
  try {
    whole = best(whole, await measure(async () => {
      const queued = await postAll(together.h);
      jobs = queued.size;
      await waitForFinished(together.h.deps, queued.size + together.done, PASS_TIMEOUT_MS);
    }));
  } finally {
    await together.h.close();
  }
}

const row = (label: string, t: Timing | undefined): string => {
  if (t === undefined) return label;
  const n = messages.length;
  return `${label.padEnd(36)} ${t.wall.toFixed(2).padStart(8)} ${(n / t.wall).toFixed(0).padStart(7)} ${t.cpu.toFixed(2).padStart(7)} ${(n / t.cpu).toFixed(0).padStart(10)}`;
};
console.log(`${messages.length} messages (${jobs} distinct jobs), ${mib.toFixed(2)} MiB: examples + shared/corpus/realworld; Node ${process.version}; ${availableParallelism()} cores; best of ${PASSES}`);
console.log(`${IN_FLIGHT} POSTs in flight over loopback HTTP (fetch, same process); worker in-process, concurrency ${WORKER_ENV.MAILTRIAGE_WORKER_CONCURRENCY ?? 10}, ${WORKER_ENV.MAILTRIAGE_PARSER_THREADS ?? 1} parser thread(s)`);
console.log(`CPU s = this process (main thread, parser thread, HTTP client); Redis excluded\n`);
console.log(`${"".padEnd(36)} ${"seconds".padStart(8)} ${"msg/s".padStart(7)} ${"CPU s".padStart(7)} ${"msg/CPU-s".padStart(10)}`);
console.log(row("bare mailparser simpleParser", bare));
console.log(row("intake only (POST → queued)", intake));
console.log(row("worker only (queued → stored)", drain));
console.log(row("pipeline (POST → ticket stored)", whole));
if (bare !== undefined && whole !== undefined) {
  console.log(`\npipeline / bare mailparser: ${(bare.wall / whole.wall).toFixed(2)}x by wall clock, ${(bare.cpu / whole.cpu).toFixed(2)}x per CPU-second`);
}
