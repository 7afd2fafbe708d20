// Retention sweep and ticket export (issue 6): N tickets (each with one follow-up, resolved) are
// written straight into a key prefix of their own on the local Redis; then the JSON Lines export
// is read in full (tickets/s, MB/s, the largest heap growth seen while streaming: it should not
// grow with N), and the sweep removes every ticket with default limits, sweep after sweep (tickets/s,
// sweeps needed). Deletes its keys. Prints figures only, never pass/fail.
// Run: npx tsx bench/retention.bench.ts [tickets]   (Redis at REDIS_URL, default redis://127.0.0.1:6379)
import { connectRedis, createRetention, createTicketStore, KEEP_FOREVER, storeKeys } from "@mailtriage/store";
import { followupDecision, ticketDecision } from "../packages/store/test/support/decisions";
import { deletePrefix, uniquePrefix } from "../packages/store/test/support/redis";
import { testPolicy } from "../packages/store/test/support/test-store";
import { ticketLines } from "../services/api/src/data/ticket-export";

const TICKETS = Number(process.argv[2] ?? 5_000);
const IN_FLIGHT = 32;
const DAY = 86_400_000;

const redis = await connectRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = uniquePrefix("bench-retention");
const keys = storeKeys(prefix);
const policy = testPolicy();
const tickets = createTicketStore(redis, { keys, policy });

async function seed(i: number): Promise<void> {
  const decision = ticketDecision({ messageId: `<bench-${i}@acme-partner.example>` }, policy);
  await redis.set(keys.raw(decision.rawSha256), Buffer.alloc(4_000, 65));
  await tickets.applyDecision(decision);
  const id = decision.result.ticketId ?? "";
  const parent = await tickets.getTicketDocument(id);
  await tickets.applyDecision(followupDecision(parent!, `<bench-${i}-reply@acme-partner.example>`, "2026-11-20T21:00:00.000Z", policy));
  await tickets.recordEvent(id, { type: "resolved", at: "2026-11-21T00:00:00.000Z" });
}

try {
  let started = performance.now();
  for (let i = 0; i < TICKETS; i += IN_FLIGHT) await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, TICKETS - i) }, (_, k) => seed(i + k)));
  console.log(`seeded ${TICKETS} resolved tickets (2 messages each) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let lines = 0;
  let bytes = 0;
  started = performance.now();
  for await (const line of ticketLines({ redis, keys, tickets }, {})) {
    lines++;
    bytes += line.byteLength;
    if (lines % 100 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  let seconds = (performance.now() - started) / 1000;
  console.log(`export: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(lines / seconds)} tickets/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s; heap growth while streaming at most ${((heapPeak - heapBefore) / 1e6).toFixed(1)} MB`);

  const retention = createRetention(redis, { keys, settings: { ...KEEP_FOREVER, resolvedTicketsMs: 30 * DAY } });
  const now = new Date("2027-01-01T00:00:00.000Z");
  let removed = 0;
  let sweeps = 0;
  let longest = 0;
  started = performance.now();
  for (;;) {
    const t0 = performance.now();
    const report = await retention.sweep(now);
    longest = Math.max(longest, performance.now() - t0);
    sweeps++;
    removed += report.tickets;
    if (!report.more) break;
  }
  seconds = (performance.now() - started) / 1000;
  console.log(`sweep: ${removed} tickets removed in ${sweeps} sweep(s), ${seconds.toFixed(2)} s = ${Math.round(removed / seconds)} tickets/s; longest sweep ${Math.round(longest)} ms (default limit: 200 × 50 tickets per sweep)`);
} finally {
  await deletePrefix(redis, prefix);
  await redis.quit();
}
