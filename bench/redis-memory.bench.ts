// Redis memory per 10,000 tickets (issue 6, capacity guide): the bundled examples that become
// tickets, copied under fresh Message-IDs until 10,000 tickets exist, taken in and triaged by a
// real worker into a key prefix of their own on the local Redis; then INFO used_memory before
// and after, and MEMORY USAGE of every key of the prefix, by kind of key. Deletes its keys.
// Prints figures only, never pass/fail. Run: npx tsx bench/redis-memory.bench.ts [tickets]
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379). On a Redis shared with other work
// the used_memory delta is noisy; the MEMORY USAGE sum counts only this run's keys.
import { connectRedis } from "@mailtriage/store";
import { openBenchHarness, type BenchHarness } from "../services/api/test/support/bench-harness";
import { EXAMPLES_DIR, loadExamples } from "../test/support/examples";

const TICKETS = Number(process.argv[2] ?? 10_000);
const IN_FLIGHT = 16;
const TIMEOUT_MS = 30 * 60_000;

type Redis = BenchHarness["redis"];

/** What a key holds, from its name after the prefix (packages/store/README.md "Key layout"). */
const KINDS: readonly [kind: string, pattern: RegExp, bounded: boolean][] = [
  ["raw message bytes (P:raw:*)", /:raw:/, false],
  ["message records (P:msg:*)", /:msg:/, false],
  // Before tickets: index names hold `:ticket:` too.
  ["indexes and due sets (P:idx:*, P:due:*)", /:(idx|due):/, false],
  ["ticket documents, versions, message and event lists (P:ticket:*)", /:ticket:/, false],
  ["thread lookups (P:thread:*)", /:thread:/, false],
  ["BullMQ queues (P:bull:*; completed jobs kept a day, at most 10,000)", /:bull:/, true],
  ["events stream (P:events; capped at ~100,000 entries)", /:events$/, true],
  ["queued-message markers (P:queued:*; expire)", /:queued:/, true],
];
const OTHER = "other (registries, flood, webhook log, mailer …)";

/** Every example that is a ticket when triaged alone, with a copy number in its Message-ID. */
function ticketCopies(): ((copy: number) => Buffer)[] {
  return loadExamples()
    .filter((example) => example.expected.outcome === "ticket")
    .map((example) => {
      const text = Buffer.from(example.raw).toString("latin1");
      return (copy: number) => {
        const renamed = text.replace(/^(message-id:\s*<)/im, `$1mem${copy}-`);
        return Buffer.from(renamed === text ? `Message-ID: <mem${copy}-${example.file}@bench.invalid>\r\n${text}` : renamed, "latin1");
      };
    });
}

/**
 * Resolves once the inbound queue holds no job still to run. (Counting finished jobs would not
 * do: BullMQ keeps at most 10,000 completed ones.) Every message was queued before this is called.
 */
async function waitForDrained(h: BenchHarness, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await h.deps.intake.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
    const left = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`${left} jobs still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/** Keys whose name holds `prefix` (unique to this run, whatever the key layout puts around it). */
async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `*${prefix}*`, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found;
}

/** MEMORY USAGE (every element counted: SAMPLES 0) summed per kind of key. */
async function usageByKind(redis: Redis, keys: readonly string[]): Promise<Map<string, { keys: number; bytes: number }>> {
  const totals = new Map<string, { keys: number; bytes: number }>([...KINDS.map(([kind]): [string, { keys: number; bytes: number }] => [kind, { keys: 0, bytes: 0 }]), [OTHER, { keys: 0, bytes: 0 }]]);
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory("USAGE", key, "SAMPLES", 0);
    const replies = (await pipeline.exec()) ?? [];
    batch.forEach((key, j) => {
      const kind = KINDS.find(([, pattern]) => pattern.test(key))?.[0] ?? OTHER;
      const total = totals.get(kind) as { keys: number; bytes: number };
      total.keys += 1;
      total.bytes += Number(replies[j]?.[1] ?? 0);
    });
  }
  return totals;
}

const copies = ticketCopies();
const h = await openBenchHarness("memory");
try {
  const before = await usedMemory(h.redis);
  await h.startWorker();
  const rounds = Math.ceil(TICKETS / copies.length);
  const jobs = rounds * copies.length;
  let next = 0;
  const started = Date.now();
  const feed = async (): Promise<void> => {
    for (let i = next++; i < jobs; i = next++) {
      const raw = (copies[i % copies.length] as (copy: number) => Buffer)(Math.floor(i / copies.length));
      await h.deps.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, feed));
  await waitForDrained(h, TIMEOUT_MS);
  const tickets = await h.redis.zcard(h.keys.ticketIndex("all"));
  const after = await usedMemory(h.redis);
  const keys = await keysOf(h.redis, h.keys.prefix);
  const usage = await usageByKind(h.redis, keys);
  const rawBytes = copies.reduce((sum, copy) => sum + copy(0).length, 0) * rounds;

  const per10k = (bytes: number): string => `${((bytes / tickets) * 10_000 / 1024 / 1024).toFixed(1).padStart(8)} MiB`;
  const all = [...usage.values()].reduce((sum, u) => sum + u.bytes, 0);
  const raw = usage.get(KINDS[0]?.[0] ?? "")?.bytes ?? 0;
  const bounded = KINDS.filter(([, , b]) => b).reduce((sum, [kind]) => sum + (usage.get(kind)?.bytes ?? 0), 0);
  console.log(`${jobs} messages (${copies.length} ticket examples of ${EXAMPLES_DIR} × ${rounds} copies, ${(rawBytes / jobs / 1024).toFixed(1)} KiB each on average) → ${tickets} tickets in ${((Date.now() - started) / 1000).toFixed(0)} s; ${keys.length} keys`);
  console.log(`Redis ${(await h.redis.info("server")).match(/^redis_version:(\S+)/m)?.[1] ?? "?"}; MEMORY USAGE … SAMPLES 0 per key, scaled to 10,000 tickets\n`);
  console.log(`${"kind of key".padEnd(72)} ${"keys".padStart(7)} ${"per 10,000 tickets".padStart(18)}`);
  for (const [kind, u] of usage) console.log(`${kind.padEnd(72)} ${String(u.keys).padStart(7)} ${per10k(u.bytes).padStart(18)}`);
  console.log("");
  console.log(`${"all keys of the prefix".padEnd(80)} ${per10k(all).padStart(18)}`);
  console.log(`${"all keys, raw message bytes excluded".padEnd(80)} ${per10k(all - raw).padStart(18)}`);
  console.log(`${"growing with tickets (queue and events stream excluded)".padEnd(80)} ${per10k(all - bounded).padStart(18)}`);
  console.log(`${"growing with tickets, raw bytes excluded".padEnd(80)} ${per10k(all - bounded - raw).padStart(18)}`);
  console.log(`${"INFO used_memory delta (whole server: noisy when shared)".padEnd(80)} ${per10k(after - before).padStart(18)}`);
  console.log(`${"raw message sizes themselves".padEnd(80)} ${per10k(rawBytes).padStart(18)}`);
} finally {
  await h.close();
  // The harness deletes its prefix; catch anything a changed key layout left behind.
  const cleanup = await connectForCleanup(h.keys.prefix);
  console.log(`\nkeys left after close: ${cleanup}`);
}

/** Deletes (UNLINK) whatever keys of this run remain; returns how many there were. */
async function connectForCleanup(prefix: string): Promise<number> {
  const redis = await connectRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { connectionName: "bench-memory-cleanup" });
  try {
    const left = await keysOf(redis, prefix);
    for (let i = 0; i < left.length; i += 500) await redis.unlink(...left.slice(i, i + 500));
    return left.length;
  } finally {
    await redis.quit();
  }
}
