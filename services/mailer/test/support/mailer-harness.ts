import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicy } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, storeKeys, type Intake, type StoreKeys, type TicketStore } from "@mailtriage/store";
import { parseWorkerEnv, startWorker } from "@mailtriage/worker";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { deletePrefix, uniquePrefix } from "../../../../packages/store/test/support/redis";
import { waitFor } from "../../../worker/test/support/wait-for";
import { OUTBOUND_QUEUE, parseMailerEnv, REPLIES_CONSUMER_GROUP, startMailer, type MailerOptions, type MailerService } from "../../src";
import { SMTP_PASSWORD, SMTP_USER } from "./smtp-sink";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const EXAMPLES = join(ROOT, "examples");

/** One test's world: its own key prefix, an intake, a store reader, and what to close after. */
export interface MailerHarness {
  prefix: string;
  keys: StoreKeys;
  redis: Redis;
  intake: Intake;
  store: TicketStore;
  startWorker(): Promise<void>;
  startMailer(smtpPort: number, overrides?: Record<string, string>, options?: MailerOptions): Promise<MailerService>;
  /** Waits until the mailer has read and acknowledged every event and no reply waits to be sent. */
  settled(): Promise<void>;
  cleanup(): Promise<void>;
}

export function example(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(EXAMPLES, "emails", name)));
}

export async function mailerHarness(redisUrl: string, label: string): Promise<MailerHarness> {
  const prefix = uniquePrefix(label);
  const keys = storeKeys(prefix);
  const redis = await connectRedis(redisUrl);
  const intake = createIntake(redis, { keys });
  const store = createTicketStore(redis, { keys, policy: await loadPolicy() });
  const closers: (() => Promise<void>)[] = [];
  const outbound = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix: keys.bullPrefix });
  return {
    prefix,
    keys,
    redis,
    intake,
    store,
    async startWorker() {
      const env = parseWorkerEnv({ REDIS_URL: redisUrl, MAILTRIAGE_REDIS_PREFIX: prefix, MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"), MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json"), MAILTRIAGE_WORKER_CONCURRENCY: "1", LOG_LEVEL: "error" });
      const worker = await startWorker(env);
      closers.push(() => worker.close({ force: true }));
    },
    async startMailer(smtpPort, overrides = {}, options = {}) {
      const env = parseMailerEnv({
        REDIS_URL: redisUrl,
        MAILTRIAGE_REDIS_PREFIX: prefix,
        MAILTRIAGE_SMTP_HOST: "127.0.0.1",
        MAILTRIAGE_SMTP_PORT: String(smtpPort),
        MAILTRIAGE_SMTP_TLS: "none",
        MAILTRIAGE_SMTP_USER: SMTP_USER,
        MAILTRIAGE_SMTP_PASSWORD: SMTP_PASSWORD,
        MAILTRIAGE_REPLY_FROM: "Partner Support <support@mailtriage.example>",
        MAILTRIAGE_REPLY_TO: "support@mailtriage.example",
        LOG_LEVEL: "silent",
        ...overrides,
      });
      const mailer = await startMailer(env, options);
      if (mailer === null) throw new Error("mailer did not start");
      closers.push(() => mailer.close({ force: true }));
      return mailer;
    },
    async settled() {
      await waitFor("the mailer to read every event and send every reply", async () => {
        const [last] = await redis.xrevrange(keys.events, "+", "-", "COUNT", 1);
        const groups = (await redis.xinfo("GROUPS", keys.events)) as unknown[][];
        const group = groups.map((g) => fieldsOf(g)).find((g) => g.name === REPLIES_CONSUMER_GROUP);
        if (group === undefined || last === undefined || group["last-delivered-id"] !== last[0] || Number(group.pending) !== 0) return false;
        const counts = await outbound.getJobCounts("waiting", "active", "delayed", "prioritized");
        return Object.values(counts).every((n) => n === 0);
      });
    },
    async cleanup() {
      for (const close of closers.reverse()) await close();
      await outbound.obliterate({ force: true }).catch(() => {});
      await outbound.close();
      await intake.queue.obliterate({ force: true }).catch(() => {});
      await intake.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

function fieldsOf(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
