// IMAP ingestion against a real Dovecot (test/support/dovecot.ts) with the poller and a worker
// in this process: (1) messages/second from APPEND to ticket stored, for a burst appended while
// the poller idles; (2) the delay from APPEND to the ticket being visible (a store read) while
// messages arrive at a steady rate. Prints figures only, never pass/fail.
// Run: npx tsx bench/imap.bench.ts [burst=1000] [rate/s=20] [seconds=20] [idle|poll]
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379) and dovecot-imapd; uses its own key prefix and deletes it.
import { availableParallelism } from "node:os";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, storeKeys } from "@mailtriage/store";
import { parseWorkerEnv, startWorker } from "@mailtriage/worker";
import { deletePrefix, uniquePrefix } from "../packages/store/test/support/redis";
import { parsePollerEnv, startPoller } from "../services/imap-poller/src";
import { startDovecot } from "../test/support/dovecot";
import { partnerRequest } from "../test/support/bulk-messages";

const BURST = Number(process.argv[2] ?? 1_000);
const RATE = Number(process.argv[3] ?? 20);
const SECONDS = Number(process.argv[4] ?? 20);
const IDLE = (process.argv[5] ?? "idle") !== "poll";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const EXAMPLES = new URL("../examples/", import.meta.url).pathname;

/** A small valid partner request (a new ticket) with its own Message-ID. */
function message(tag: string, i: number): { raw: Uint8Array; messageId: string } {
  const messageId = `<${tag}-${i}@acme-partner.example>`;
  return { raw: partnerRequest(i, messageId), messageId };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const dovecot = await startDovecot();
  const prefix = uniquePrefix("imap-bench");
  const keys = storeKeys(prefix);
  const redis = await connectRedis(REDIS_URL);
  const store = createTicketStore(redis, { keys, policy: await loadPolicy() });
  const user = dovecot.addUser("bench");
  const worker = await startWorker(parseWorkerEnv({ REDIS_URL, MAILTRIAGE_REDIS_PREFIX: prefix, MAILTRIAGE_PARTNERS_FILE: `${EXAMPLES}partners.json`, MAILTRIAGE_ACCOUNTS_FILE: `${EXAMPLES}accounts.json`, LOG_LEVEL: "error" }));
  const mailbox = { id: "bench", host: dovecot.host, port: dovecot.port, tls: false, user: user.user, password: user.password, idle: IDLE, pollIntervalMs: IDLE ? 30_000 : 1_000 };
  const poller = await startPoller(parsePollerEnv({ REDIS_URL, MAILTRIAGE_REDIS_PREFIX: prefix, MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([mailbox]), LOG_LEVEL: "error" }, () => ""));
  const recorded = (messageId: string): Promise<boolean> => store.getMessageResult(`id:${messageId}`).then((r) => r !== null);
  try {
    while (poller.health()[0]?.state !== (IDLE ? "idle" : "connected")) await new Promise((r) => setTimeout(r, 20));
    console.log(`IMAP bench: Dovecot 127.0.0.1:${dovecot.port}, ${IDLE ? "IDLE" : "polling every 1 s"}, worker concurrency 10, ${availableParallelism()} CPUs, Node ${process.version}`);

    // (1) Burst: APPEND (pipelined, one connection) → every ticket stored.
    const burst = Array.from({ length: BURST }, (_, i) => message("burst", i));
    const t0 = performance.now();
    await dovecot.append(user, "INBOX", burst.map((m) => ({ raw: m.raw, internalDate: new Date() })));
    const appended = performance.now() - t0;
    const ticketIndex = keys.ticketIndex("all");
    while ((await redis.zcard(ticketIndex)) < BURST) await new Promise((r) => setTimeout(r, 10));
    const total = performance.now() - t0;
    console.log(`burst of ${BURST}: APPEND took ${(appended / 1000).toFixed(2)} s; APPEND → all tickets stored ${(total / 1000).toFixed(2)} s = ${Math.round(BURST / (total / 1000))} msg/s`);

    // (2) Steady arrivals: one APPEND every 1/RATE s, each on its own connection as a real MTA would deliver.
    const count = Math.round(RATE * SECONDS);
    const delays: number[] = [];
    const pending = new Map<string, number>();
    let stop = false;
    const watcher = (async () => {
      while (!stop || pending.size > 0) {
        for (const [id, at] of pending) {
          if (await recorded(id)) {
            delays.push(performance.now() - at);
            pending.delete(id);
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const session = await dovecot.session(user);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const m = message("steady", i);
      const at = performance.now();
      await session.appendMany("INBOX", [{ raw: m.raw, internalDate: new Date() }]);
      pending.set(m.messageId, at);
    }
    await session.logout();
    stop = true;
    await Promise.race([watcher, new Promise((r) => setTimeout(r, 60_000))]);
    delays.sort((a, b) => a - b);
    console.log(
      `steady ${RATE} msg/s for ${SECONDS} s (${count} messages, ${delays.length} seen): APPEND → ticket visible p50 ${quantile(delays, 0.5).toFixed(0)} ms, p99 ${quantile(delays, 0.99).toFixed(0)} ms, max ${(delays.at(-1) ?? Number.NaN).toFixed(0)} ms`,
    );
  } finally {
    await poller.close();
    await worker.close();
    const intake = createIntake(redis, { keys });
    await intake.queue.obliterate({ force: true });
    await intake.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dovecot.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
