import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, storeKeys, type Intake, type MessageOutcome, type MessageRecord, type StoreKeys, type TicketStore } from "@mailtriage/store";
import { parseWorkerEnv, startWorker, type WorkerService } from "@mailtriage/worker";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll } from "vitest";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../../packages/store/test/support/redis";
import { startDovecot, type DovecotUser, type TestDovecot } from "../../../../test/support/dovecot";
import { parsePollerEnv, pollerKeys, startPoller, type PollerEnv, type PollerKeys, type PollerService } from "../../src";
import { bulkMessages } from "../../../../test/support/bulk-messages";
import { waitFor as waitUntil } from "../../../worker/test/support/wait-for";

export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const EXAMPLES = `${ROOT}examples`;
const OUTCOMES: MessageOutcome[] = ["ticket", "followup", "rejected", "ignored", "failed"];

/** One test's world: a Dovecot user, its own Redis prefix, a store reader, and what to close after. */
export interface PollerWorld {
  user: DovecotUser;
  prefix: string;
  keys: StoreKeys;
  imapKeys: PollerKeys;
  redis: Redis;
  redisUrl: string;
  intake: Intake;
  store: TicketStore;
  /** Poller settings for this world's mailbox (`mailbox` fields override the defaults below). */
  env(mailbox?: Record<string, unknown>, extra?: Record<string, string>): PollerEnv;
  /** The same as environment variables, for a child process. */
  envVars(mailbox?: Record<string, unknown>, extra?: Record<string, string>): Record<string, string>;
  startPoller(mailbox?: Record<string, unknown>, extra?: Record<string, string>): Promise<PollerService>;
  startWorker(overrides?: Record<string, string>): Promise<WorkerService>;
  /** `tsx services/imap-poller/src/main.ts` as a child process (killed at cleanup). */
  spawnPoller(mailbox?: Record<string, unknown>, extra?: Record<string, string>): ChildProcess;
  /** Message records of every outcome. */
  recordCount(): Promise<number>;
  records(): Promise<MessageRecord[]>;
  close(): Promise<void>;
}

/** Settings that keep tests quick: short re-check, lock and backoff (never timing asserts). */
const FAST_MAILBOX = { tls: false, pollIntervalMs: 1_000, commandTimeoutMs: 10_000, batchSize: 50 };
const FAST_ENV = { MAILTRIAGE_IMAP_LOCK_TTL_MS: "2000", MAILTRIAGE_IMAP_BACKOFF_BASE_MS: "50", MAILTRIAGE_IMAP_BACKOFF_MAX_MS: "500", LOG_LEVEL: "error" };

/** What a poller test file shares: one Dovecot and one Redis for the file, a fresh world per test. */
export interface PollerFixtures {
  readonly dovecot: TestDovecot;
  /** A new world (fresh IMAP user, fresh key prefix), closed after the test. */
  open(label: string): Promise<PollerWorld>;
}

/**
 * Registers the hooks of a poller test file: Dovecot and Redis started once for the file
 * (Dovecot takes about a second to stop), each test's world closed after it, and a Dovecot a
 * test stopped started again.
 */
export function usePollerFixtures(): PollerFixtures {
  let redis: TestRedis | undefined;
  let dovecot: TestDovecot | undefined;
  let world: PollerWorld | null = null;
  beforeAll(async () => {
    [redis, dovecot] = await Promise.all([startTestRedis(), startDovecot()]);
  });
  afterAll(async () => {
    await dovecot?.close();
    await redis?.stop();
  });
  afterEach(async () => {
    if (dovecot !== undefined && !dovecot.running) await dovecot.start();
    await world?.close();
    world = null;
  });
  const started = (): { dovecot: TestDovecot; redis: TestRedis } => {
    if (dovecot === undefined || redis === undefined) throw new Error("poller fixtures used outside a test");
    return { dovecot, redis };
  };
  return {
    get dovecot() {
      return started().dovecot;
    },
    async open(label) {
      const { dovecot: d, redis: r } = started();
      world = await openWorld(label, d, r.url);
      return world;
    },
  };
}

export async function openWorld(label: string, dovecot: TestDovecot, redisUrl: string): Promise<PollerWorld> {
  const user = dovecot.addUser(label);
  const prefix = uniquePrefix(label);
  const keys = storeKeys(prefix);
  const redis = await connectRedis(redisUrl);
  const intake = createIntake(redis, { keys });
  const store = createTicketStore(redis, { keys, policy: await loadPolicy() });
  const cleanup: (() => Promise<void>)[] = [];
  const envVars = (mailbox: Record<string, unknown> = {}, extra: Record<string, string> = {}): Record<string, string> => ({
    REDIS_URL: redisUrl,
    MAILTRIAGE_REDIS_PREFIX: prefix,
    MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([{ id: "support", host: dovecot.host, port: dovecot.port, user: user.user, password: user.password, ...FAST_MAILBOX, ...mailbox }]),
    ...FAST_ENV,
    ...extra,
  });
  const env = (mailbox?: Record<string, unknown>, extra?: Record<string, string>): PollerEnv => parsePollerEnv(envVars(mailbox, extra), () => "");
  const records = async (): Promise<MessageRecord[]> => {
    const all: MessageRecord[] = [];
    for (const outcome of OUTCOMES) {
      let cursor: string | null = null;
      do {
        const page = await store.listMessages({ outcome, limit: 200, cursor });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
    }
    return all;
  };
  return {
    user,
    prefix,
    keys,
    imapKeys: pollerKeys(keys.prefix),
    redis,
    redisUrl,
    intake,
    store,
    env,
    envVars,
    async startPoller(mailbox, extra) {
      const service = await startPoller(env(mailbox, extra), { logger: pino({ level: "error" }) });
      cleanup.push(() => service.close());
      return service;
    },
    async startWorker(overrides = {}) {
      const service = await startWorker(
        parseWorkerEnv({ REDIS_URL: redisUrl, MAILTRIAGE_REDIS_PREFIX: prefix, MAILTRIAGE_PARTNERS_FILE: `${EXAMPLES}/partners.json`, MAILTRIAGE_ACCOUNTS_FILE: `${EXAMPLES}/accounts.json`, LOG_LEVEL: "error", ...overrides }),
      );
      cleanup.push(() => service.close({ force: true }));
      return service;
    },
    spawnPoller(mailbox, extra) {
      const child = spawn(process.execPath, ["--import", "tsx", `${ROOT}services/imap-poller/src/main.ts`], {
        cwd: ROOT,
        env: { ...process.env, ...envVars(mailbox, extra) },
        stdio: ["ignore", "ignore", "inherit"],
      });
      cleanup.push(async () => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
      return child;
    },
    recordCount: async () => {
      const counts = await Promise.all(OUTCOMES.map((o) => redis.zcard(keys.messageIndex(o))));
      return counts.reduce((a, b) => a + b, 0);
    },
    records,
    async close() {
      for (const step of cleanup.reverse()) await step();
      await intake.queue.obliterate({ force: true });
      await intake.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** `count` distinct small partner requests; `tag` keeps Message-IDs unique per test. */
export function smallMessages(count: number, tag: string, extraHeader = ""): Uint8Array[] {
  return bulkMessages(count, tag, extraHeader === "" ? [] : [extraHeader]);
}

/** The shared `waitFor`, with the longer defaults IMAP round trips want (30 s, polled every 50 ms). */
export function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  return waitUntil(what, check, timeoutMs, intervalMs);
}

/** Resolves when the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
