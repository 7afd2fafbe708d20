// Messages through the whole pipeline (HTTP POST on loopback → queue → worker → ticket stored
// in Redis) next to bare mailparser `simpleParser` of the same messages (issue 3: at least
// 0.5x bare parsing, per core), with the two halves measured apart (intake only; worker only).
// "Per core" is CPU time: every side's CPU-seconds per message are printed, and how many cores
// each side kept busy. Prints figures only, never pass/fail.
// Run: npx tsx bench/pipeline.bench.ts [passes (3)] [warm-up passes (8)]
// Starts a redis-server of its own when one is installed (its CPU is then the pipeline's
// alone), else uses REDIS_URL under a key prefix of its own, deleted afterwards.
import { fork } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import type { ApiDeps } from "../services/api/src/api-deps";
import { openBenchHarness } from "../services/api/test/support/bench-harness";
import { loadBenchMessages, simpleParser, time } from "./support/bench-messages";
import type { PostReport, PostRequest } from "./support/post-client";
import { startBenchRedis } from "./support/private-redis";

const PASSES = Number(process.argv[2] ?? 3);
// A long-running worker has compiled its hot code long ago; one pass is not enough for that.
const WARM_UP = Number(process.argv[3] ?? 8);
const IN_FLIGHT = 16;
const PASS_TIMEOUT_MS = 120_000;
// The worker's own settings may be varied from the environment (defaults: concurrency 10, 1 parser thread).
const WORKER_ENV = Object.fromEntries(["MAILTRIAGE_WORKER_CONCURRENCY", "MAILTRIAGE_PARSER_THREADS"].flatMap((k) => (process.env[k] ? [[k, process.env[k] ?? ""]] : [])));
const messages = [...loadBenchMessages("examples"), ...loadBenchMessages("corpus")];
const mib = messages.reduce((sum, raw) => sum + raw.length, 0) / 1024 / 1024;

/** One measured pass: seconds of wall clock and of CPU per side. */
interface Pass {
  wall: number;
  /** This process: API, intake, worker, parser thread, V8's helper threads (or bare mailparser). */
  server: number;
  /** The Redis server (0 for bare parsing). */
  redis: number;
  /** The HTTP client's process (not counted as the pipeline's). */
  client: number;
}

/**
 * The best of each figure over the passes (on a shared machine, noise only ever adds), and how
 * many cores the fastest pass kept busy (its CPU over its wall clock).
 */
function best(passes: readonly Pass[]): Pass & { busy: number } {
  const min = (pick: (p: Pass) => number): number => Math.min(...passes.map(pick));
  const fastest = passes.reduce((a, p) => (p.wall < a.wall ? p : a));
  return { wall: min((p) => p.wall), server: min((p) => p.server), redis: min((p) => p.redis), client: min((p) => p.client), busy: (fastest.server + fastest.redis) / fastest.wall };
}

const loadBefore = loadavg()[0] ?? 0;
const redisServer = await startBenchRedis();
// The harness reads REDIS_URL (packages/store/test/support/redis.ts).
process.env.REDIS_URL = redisServer.url;

const client = fork(new URL("./support/post-client.ts", import.meta.url), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
// The client prints its own error; a pass it cannot finish ends the bench.
client.on("exit", (code) => code !== 0 && code !== null && process.exit(1));
await new Promise((resolve) => client.once("message", resolve));
const post = (request: PostRequest): Promise<PostReport> =>
  new Promise((resolve) => {
    client.once("message", (report) => resolve(report as PostReport));
    client.send(request);
  });

/** Runs one pass (`run` returns the client's CPU-seconds); `withRedis: false` for bare parsing. */
async function measure(run: () => Promise<number>, withRedis = true): Promise<Pass> {
  const cpu = process.cpuUsage();
  const redis = withRedis ? await redisServer.cpuSeconds() : 0;
  let client = 0;
  const wall = await time(async () => void (client = await run()));
  const used = process.cpuUsage(cpu);
  return { wall, server: (used.user + used.system) / 1e6, redis: withRedis ? (await redisServer.cpuSeconds()) - redis : 0, client };
}

/** Resolves once no inbound job waits or runs (completed counts are capped by `removeOnComplete`). */
async function drained(deps: ApiDeps): Promise<void> {
  const deadline = Date.now() + PASS_TIMEOUT_MS;
  for (;;) {
    const counts = await deps.intake.queue.getJobCounts("wait", "active", "delayed", "prioritized", "waiting-children");
    if (Object.values(counts).every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`inbound queue not drained after ${PASS_TIMEOUT_MS} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const bare: Pass[] = [];
for (let pass = 0; pass < WARM_UP + PASSES; pass++) {
  const measured = await measure(async () => {
    for (const raw of messages) await simpleParser(raw).catch(() => undefined);
    return 0;
  }, false);
  if (pass >= WARM_UP) bare.push(measured);
}

const h = await openBenchHarness("pipeline");
const intake: Pass[] = [];
const drain: Pass[] = [];
const whole: Pass[] = [];
let jobs = 0;
try {
  const worker = await h.startWorker(WORKER_ENV);
  const request = (tag: string): PostRequest => ({ url: h.url, key: h.key, tag, inFlight: IN_FLIGHT });
  // POSTs and processing overlap, as in service; the warm-up passes are the same, unmeasured.
  const together = async (tag: string): Promise<number> => {
    const report = await post(request(tag));
    jobs = report.jobs;
    await drained(h.deps);
    return report.cpuSeconds;
  };
  for (let pass = 0; pass < WARM_UP; pass++) await together(`warm${pass}`);
  for (let pass = 0; pass < PASSES; pass++) {
    // Staged: intake with the worker paused, then the worker drains the queue alone.
    await worker.inbound.pause();
    intake.push(await measure(async () => (await post(request(`intake${pass}`))).cpuSeconds));
    drain.push(
      await measure(async () => {
        worker.inbound.resume();
        await drained(h.deps);
        return 0;
      }),
    );
    whole.push(await measure(() => together(`whole${pass}`)));
  }
} finally {
  client.kill();
  await h.close();
  await redisServer.stop();
}

const n = messages.length;
const ms = (seconds: number): string => ((seconds / n) * 1000).toFixed(3);
const row = (label: string, p: Pass & { busy: number }): string =>
  [
    label.padEnd(34),
    p.wall.toFixed(2).padStart(7),
    (n / p.wall).toFixed(0).padStart(6),
    ms(p.server).padStart(7),
    (p.redis === 0 ? "-" : ms(p.redis)).padStart(7),
    ms(p.server + p.redis).padStart(7),
    p.busy.toFixed(2).padStart(6),
  ].join(" ");
const b = best(bare);
const w = best(whole);
console.log(`${n} messages (${jobs} distinct jobs per pass), ${mib.toFixed(2)} MiB: examples + shared/corpus/realworld; Node ${process.version}; ${availableParallelism()} cores`);
console.log(`${WARM_UP} warm-up passes, then best of ${PASSES}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (other work on the machine inflates every figure)`);
console.log(`server: this process (Fastify API, intake, BullMQ worker of concurrency ${WORKER_ENV.MAILTRIAGE_WORKER_CONCURRENCY ?? 10}, parser threads: ${WORKER_ENV.MAILTRIAGE_PARSER_THREADS ?? 1}, V8 helper threads)`);
console.log(`Redis: ${redisServer.private ? "a redis-server of this bench's own (its CPU from INFO)" : "REDIS_URL, shared (its CPU includes other clients)"}; HTTP client: another process, ${IN_FLIGHT} POSTs in flight`);
console.log(`bare mailparser: simpleParser in this process, one message at a time (one thread)\n`);
console.log(`${"".padEnd(34)} ${"seconds".padStart(7)} ${"msg/s".padStart(6)} ${"server".padStart(7)} ${"Redis".padStart(7)} ${"total".padStart(7)} ${"cores".padStart(6)}`);
console.log(`${"".padEnd(34)} ${"".padStart(7)} ${"".padStart(6)} ${"CPU ms per message".padStart(23)} ${"busy".padStart(6)}`);
console.log(row("bare mailparser simpleParser", b));
console.log(row("intake only (POST → queued)", best(intake)));
console.log(row("worker only (queued → stored)", best(drain)));
console.log(row("pipeline (POST → ticket stored)", w));
console.log(`\nCPU-seconds per message: pipeline ${ms(w.server + w.redis)} ms (server ${ms(w.server)} + Redis ${ms(w.redis)}), bare parsing ${ms(b.server)} ms; HTTP client ${ms(w.client)} ms more, not counted`);
console.log(`pipeline / bare mailparser:`);
console.log(`  by wall clock:   ${(b.wall / w.wall).toFixed(2)}x (the pipeline keeps ${w.busy.toFixed(2)} cores busy, bare parsing ${b.busy.toFixed(2)}: one thread and V8's helpers)`);
console.log(`  per CPU-second:  ${(b.server / (w.server + w.redis)).toFixed(2)}x counting Redis, ${(b.server / w.server).toFixed(2)}x the server process alone`);
