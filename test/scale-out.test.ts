import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../packages/store/test/support/redis";
import { EXAMPLES, openWorld, smallMessages, waitFor, type PollerWorld } from "../services/imap-poller/test/support/poller-world";
import { startDovecot, type TestDovecot } from "./support/dovecot";
import { spawnRoles, type RoleProcess } from "./support/role-process";

// README "Scale-out": `MAILTRIAGE_ROLES=worker` and `=poller` processes against one Redis. Two of
// each, as real `start.ts` processes, on one Dovecot mailbox and one key prefix.
const FIRST_BATCH = 200;
const SECOND_BATCH = 50;
/** Short, so a dead leader's lock expires quickly (a standby retries every third of it), yet long enough that a leader slowed by a busy machine still renews in time. */
const LOCK_TTL_MS = 3_000;

let redis: TestRedis | undefined;
let dovecot: TestDovecot | undefined;
beforeAll(async () => {
  [redis, dovecot] = await Promise.all([startTestRedis(), startDovecot()]);
});
afterAll(async () => {
  await dovecot?.close();
  await redis?.stop();
});

/** The pid in a `host:pid[:random]` name (a poller's lock token, a worker's BullMQ name). */
const pidOf = (name: string | null | undefined): number | undefined => (name ? Number(name.split(":")[1]) : undefined);

/** Every appended message has exactly one result, a ticket of its own, and is flagged \Seen. */
async function expectOneTicketPerMessage(w: PollerWorld, box: TestDovecot, identities: readonly string[]): Promise<void> {
  await waitFor(`${identities.length} results`, async () => (await w.recordCount()) >= identities.length, 45_000);
  await waitFor("every message flagged \\Seen", async () => {
    const imap = await box.session(w.user).catch(() => null);
    if (imap === null) return undefined;
    try {
      await imap.select("INBOX");
      return (await imap.uidSearch("UNSEEN")).length === 0;
    } finally {
      await imap.logout();
    }
  });
  const records = await w.records();
  expect(records.map((r) => r.identity).sort()).toEqual([...identities].sort());
  expect(records.map((r) => r.result.outcome)).toEqual(identities.map(() => "ticket"));
  const ticketIds = new Set(records.map((r) => r.ticketId));
  expect(ticketIds.size).toBe(identities.length);
  expect(await w.redis.zcard(w.keys.ticketIndex("all"))).toBe(identities.length);
  const pipeline = w.redis.pipeline();
  for (const id of ticketIds) pipeline.llen(w.keys.ticketMessages(id!));
  expect(((await pipeline.exec()) ?? []).map(([, n]) => n)).toEqual(identities.map(() => 1));
  expect(await w.intake.queue.getJobCounts("completed", "failed")).toEqual({ completed: identities.length, failed: 0 });
}

/** Completed inbound jobs per worker pid, from BullMQ's `processedBy` (the worker's `host:pid` name). */
async function jobsPerWorker(w: PollerWorld): Promise<Map<number | undefined, number>> {
  const split = new Map<number | undefined, number>();
  for (const job of await w.intake.queue.getCompleted(0, -1)) {
    const pid = pidOf(job.processedBy);
    split.set(pid, (split.get(pid) ?? 0) + 1);
  }
  return split;
}

describe("scale-out: two worker and two poller processes on one Redis and one mailbox", () => {
  it("when messages arrive, then each is ticketed once, both workers take jobs, one poller leads; when the leader is SIGKILLed, then the standby takes over and the next messages are ticketed once too", async () => {
    const box = dovecot!;
    const world = await openWorld("scale-out", box, redis!.url);
    const processes: RoleProcess[] = [];
    try {
      const common = { REDIS_URL: world.redisUrl, MAILTRIAGE_REDIS_PREFIX: world.prefix, LOG_LEVEL: "info" };
      const workerEnv = { ...common, MAILTRIAGE_PARTNERS_FILE: `${EXAMPLES}/partners.json`, MAILTRIAGE_ACCOUNTS_FILE: `${EXAMPLES}/accounts.json` };
      const pollerEnv = world.envVars({}, { ...common, MAILTRIAGE_IMAP_LOCK_TTL_MS: String(LOCK_TTL_MS) });
      const workers = [spawnRoles("worker", workerEnv), spawnRoles("worker", workerEnv)];
      const pollers = [spawnRoles("poller", pollerEnv), spawnRoles("poller", pollerEnv)];
      processes.push(...workers, ...pollers);

      // Both workers are connected to the queue (their BullMQ names end in `:w:<host>:<pid>`).
      await waitFor("both workers on the queue", async () => {
        const connected = (await world.intake.queue.getWorkers()).map((c) => pidOf(String(c.rawname).split(":w:")[1]));
        return workers.every((w) => connected.includes(w.pid));
      }, 45_000, 200);
      // One poller holds the mailbox's leader lock; the other has started and stands by.
      const lockKey = world.imapKeys.leader("support");
      const leaderPid = await waitFor("a poller to lead", async () => pidOf(await world.redis.get(lockKey)), 45_000, 100);
      const leader = pollers.find((p) => p.pid === leaderPid);
      const standby = pollers.find((p) => p.pid !== leaderPid)!;
      expect(leader).toBeDefined();
      await waitFor("the standby to start", async () => standby.logged("imap poller started"), 45_000, 100);

      const tag = `scale-${world.prefix}`;
      const messages = smallMessages(FIRST_BATCH + SECOND_BATCH, tag);
      const identities = messages.map((_, i) => `id:<${tag}-${i}@acme-partner.example>`);
      await box.append(world.user, "INBOX", messages.slice(0, FIRST_BATCH).map((raw) => ({ raw, internalDate: new Date() })));
      await expectOneTicketPerMessage(world, box, identities.slice(0, FIRST_BATCH));

      const firstSplit = await jobsPerWorker(world);
      expect([...firstSplit.keys()].sort()).toEqual(workers.map((w) => w.pid).sort());
      // The leader did all the polling; the standby never led.
      expect(pidOf(await world.redis.get(lockKey))).toBe(leaderPid);
      expect(pidOf(await world.redis.hget(world.imapKeys.health("support"), "instance"))).toBe(leaderPid);
      expect(leader!.logged("leading: polling this mailbox")).toBe(true);
      expect(standby.logged("leading: polling this mailbox")).toBe(false);

      await leader!.crash();
      const killedAt = Date.now();
      await box.append(world.user, "INBOX", messages.slice(FIRST_BATCH).map((raw) => ({ raw, internalDate: new Date() })));
      await waitFor("the standby to take the lock", async () => pidOf(await world.redis.get(lockKey)) === standby.pid, 30_000, 20);
      const takeoverMs = Date.now() - killedAt;
      await expectOneTicketPerMessage(world, box, identities);
      expect(standby.logged("leading: polling this mailbox")).toBe(true);

      const split = await jobsPerWorker(world);
      expect([...split.keys()].sort()).toEqual(workers.map((w) => w.pid).sort());
      const figures = (s: Map<number | undefined, number>): string => workers.map((w) => s.get(w.pid) ?? 0).join("/");
      console.log(`scale-out: jobs per worker ${figures(firstSplit)} (first ${FIRST_BATCH}), ${figures(split)} (all ${FIRST_BATCH + SECOND_BATCH}); standby took the lock ${takeoverMs} ms after SIGKILL (lock TTL ${LOCK_TTL_MS} ms)`);
    } finally {
      await Promise.all(processes.map((p) => p.crash()));
      await world.close(); // obliterates the queue and deletes every key under the prefix
    }
  }, 120_000);
});
