import { describe, expect, it } from "vitest";
import { usePollerFixtures, smallMessages, waitFor } from "./support/poller-world";

const fx = usePollerFixtures();

const MB = 1024 * 1024;

describe("IMAP poller backlog", () => {
  it("when 2,000 messages wait at start-up, then each ends as exactly one result and all are moved, in bounded batches", { timeout: 90_000 }, async () => {
    const world = await fx.open("backlog");
    const count = 2_000;
    const messages = smallMessages(count, `backlog-${world.prefix}`);
    for (let i = 0; i < count; i += 500) await fx.dovecot.append(world.user, "INBOX", messages.slice(i, i + 500).map((raw) => ({ raw, internalDate: new Date() })));

    await world.startWorker({ MAILTRIAGE_WORKER_CONCURRENCY: "20" });
    const started = Date.now();
    const service = await world.startPoller({ batchSize: 100, onProcessed: "move", processedFolder: "Processed" });
    const samples: { at: number; queued: number; rss: number; heap: number }[] = [];
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      samples.push({ at: Date.now() - started, queued: service.health()[0]!.fetched, rss: memory.rss, heap: memory.heapUsed });
    }, 250);
    try {
      await waitFor("the poller to queue every message", async () => service.health()[0]!.fetched >= count, 60_000);
      const queuedAfter = Date.now() - started;
      await waitFor(`${count} results`, async () => (await world.recordCount()) >= count, 60_000);
      const doneAfter = Date.now() - started;

      const imap = await fx.dovecot.session(world.user);
      const inbox = await imap.select("INBOX");
      const processed = await imap.select("Processed");
      await imap.logout();
      expect({ inbox: inbox.exists, processed: processed.exists }).toEqual({ inbox: 0, processed: count });
      expect(await world.recordCount()).toBe(count);
      expect(await world.redis.zcard(world.keys.ticketIndex("all"))).toBe(count);
      expect(service.health()[0]).toMatchObject({ fetched: count, backlog: 0 });

      const line = (s: (typeof samples)[number]): string => `${(s.at / 1000).toFixed(1)} s: ${s.queued} queued, rss ${(s.rss / MB).toFixed(0)} MB, heap ${(s.heap / MB).toFixed(0)} MB`;
      const every = Math.max(1, Math.floor(samples.length / 8));
      console.log(
        [
          `backlog of ${count}: all queued after ${(queuedAfter / 1000).toFixed(1)} s (${Math.round(count / (queuedAfter / 1000))} msg/s), all triaged after ${(doneAfter / 1000).toFixed(1)} s (poller and worker in this process)`,
          `heap min/max ${(Math.min(...samples.map((s) => s.heap)) / MB).toFixed(0)}/${(Math.max(...samples.map((s) => s.heap)) / MB).toFixed(0)} MB, rss min/max ${(Math.min(...samples.map((s) => s.rss)) / MB).toFixed(0)}/${(Math.max(...samples.map((s) => s.rss)) / MB).toFixed(0)} MB`,
          ...samples.filter((_, i) => i % every === 0).map(line),
        ].join("\n"),
      );
    } finally {
      clearInterval(sampler);
    }
  });

  it("when the IDLE connection silently stops answering, then the periodic re-check replaces it and new mail is still ingested", async () => {
    const world = await fx.open("dead-idle");
    await world.startWorker();
    const service = await world.startPoller({ commandTimeoutMs: 1_000, pollIntervalMs: 500 });
    await waitFor("the poller to idle", async () => service.health()[0]!.state === "idle");

    // Freeze the server side of every open IMAP session: the socket stays open, nothing answers.
    const resume = fx.dovecot.freezeSessions();
    try {
      await fx.dovecot.append(world.user, "INBOX", smallMessages(3, `idle-${world.prefix}`).map((raw) => ({ raw, internalDate: new Date() })));
      await waitFor("the 3 new messages to be ingested", async () => (await world.recordCount()) >= 3, 20_000);
    } finally {
      resume();
    }
    // The re-check's own limit or imapflow's socket timeout, whichever fired first.
    expect(service.health()[0]!.lastError).not.toBeNull();
    expect(await world.recordCount()).toBe(3);
  });
});
