import { describe, expect, it } from "vitest";
import { exited, usePollerFixtures, smallMessages, waitFor, type PollerWorld } from "./support/poller-world";

const fx = usePollerFixtures();

/** Every message ended as exactly one result, one ticket each, and all are flagged \Seen. */
async function expectExactlyOnce(w: PollerWorld, count: number): Promise<void> {
  await waitFor(`${count} results`, async () => (await w.recordCount()) >= count, 45_000);
  const unseen = await waitFor("every message flagged \\Seen", async () => {
    const imap = await fx.dovecot.session(w.user).catch(() => null);
    if (imap === null) return undefined;
    try {
      await imap.select("INBOX");
      const left = await imap.uidSearch("UNSEEN");
      return left.length === 0 ? left : undefined;
    } finally {
      await imap.logout();
    }
  });
  expect(unseen).toEqual([]);
  expect(await w.recordCount()).toBe(count);
  const records = await w.records();
  expect(new Set(records.map((r) => r.identity)).size).toBe(count);
  expect(new Set(records.map((r) => r.intake?.uid)).size).toBe(count);
  expect(await w.redis.zcard(w.keys.ticketIndex("all"))).toBe(count);
}

describe("IMAP poller under faults", () => {
  it("when Dovecot is stopped mid-backlog and started again, then the poller reconnects and every message ends as exactly one result", async () => {
    const world = await fx.open("fault-dovecot-restart");
    const count = 300;
    await fx.dovecot.append(world.user, "INBOX", smallMessages(count, `restart-${world.prefix}`).map((raw) => ({ raw, internalDate: new Date() })));
    await world.startWorker();
    // Readiness after 1 s without a successful poll; polls every 250 ms while healthy.
    const service = await world.startPoller({ batchSize: 20, pollIntervalMs: 250 }, { MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS: "1000" });
    await waitFor("the first batches", async () => (await world.recordCount()) >= 20);

    await fx.dovecot.stop();
    await waitFor("the poller to notice", async () => ["disconnected", "connecting"].includes(service.health()[0]!.state));
    const unready = await waitFor("readiness to fail while the server is down", async () => {
      const readiness = service.readiness();
      return !readiness.ready && readiness;
    });
    expect(unready.problems[0]).toMatch(/^support: not reachable for \d+ s \(state (disconnected|connecting)/);
    await fx.dovecot.start();

    await expectExactlyOnce(world, count);
    expect(service.health()[0]!.lastError).not.toBeNull();
    await waitFor("readiness to come back", async () => service.readiness().ready);
  });

  it("when the poller process is killed with SIGKILL mid-backlog and started again, then every message ends as exactly one result", async () => {
    const world = await fx.open("fault-sigkill");
    const count = 400;
    await fx.dovecot.append(world.user, "INBOX", smallMessages(count, `kill-${world.prefix}`).map((raw) => ({ raw, internalDate: new Date() })));
    await world.startWorker();
    const first = world.spawnPoller({ batchSize: 20 });
    await waitFor("the first batches", async () => (await world.recordCount()) >= 20, 45_000, 10);
    first.kill("SIGKILL");
    await exited(first);
    const before = await world.recordCount();

    // The dead leader's lock expires by itself (2 s here); the new process takes over then.
    world.spawnPoller({ batchSize: 20 });
    await expectExactlyOnce(world, count);
    console.log(`SIGKILL test: ${before} of ${count} results before the kill, all ${count} after the restart`);
  });

  it("when two pollers watch one mailbox, then one leads; when the leader is killed, then the other takes over within seconds; SIGTERM releases the lock", async () => {
    const world = await fx.open("fault-leader");
    await world.startWorker();
    const pollers = [world.spawnPoller(), world.spawnPoller()];
    const lockKey = world.imapKeys.leader("support");
    const holderPid = async (): Promise<number | undefined> => {
      const token = await world.redis.get(lockKey);
      return token === null ? undefined : Number(token.split(":")[1]);
    };
    const leaderPid = await waitFor("a leader", holderPid, 30_000);
    const leader = pollers.find((p) => p.pid === leaderPid);
    const standby = pollers.find((p) => p.pid !== leaderPid);
    expect(leader).toBeDefined();

    const tag = `leader-${world.prefix}`;
    await fx.dovecot.append(world.user, "INBOX", smallMessages(30, tag).slice(0, 15).map((raw) => ({ raw, internalDate: new Date() })));
    await waitFor("15 results", async () => (await world.recordCount()) >= 15);
    const health = await world.redis.hget(world.imapKeys.health("support"), "instance");
    expect(Number(health?.split(":")[1])).toBe(leaderPid);

    leader!.kill("SIGKILL");
    const killedAt = Date.now();
    await fx.dovecot.append(world.user, "INBOX", smallMessages(30, tag).slice(15).map((raw) => ({ raw, internalDate: new Date() })));
    const newLeader = await waitFor("the standby to take over", async () => ((await holderPid()) === standby!.pid ? standby : undefined), 20_000);
    console.log(`leader takeover: ${Date.now() - killedAt} ms after SIGKILL (lock TTL 2000 ms)`);
    await expectExactlyOnce(world, 30);

    newLeader!.kill("SIGTERM");
    expect(await exited(newLeader!)).toBe(0);
    expect(await world.redis.exists(lockKey)).toBe(0);
  });
});
