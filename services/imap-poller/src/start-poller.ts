import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { loadPolicy, redisSettings } from "@mailtriage/config";
import { connectRedis, createIntake, createTicketStore, storeKeys } from "@mailtriage/store";
import { pino, type Logger } from "pino";
import { createCursorStore } from "./cursor-store";
import { resolveMailbox } from "./mailbox-config";
import { assessReadiness, type MailboxHealth, type PollerReadiness } from "./mailbox-health";
import { startMailboxPoller, type MailboxPoller } from "./mailbox-poller";
import type { PollerEnv } from "./poller-env";
import { pollerKeys } from "./poller-keys";

/** A running poller process (or role): one poller per configured mailbox. */
export interface PollerService {
  readonly pollers: readonly MailboxPoller[];
  /** This replica's view of each mailbox (for in-process metrics). */
  health(): MailboxHealth[];
  /** Readiness from this replica's view; a standby reports its leader's health via `readPollerHealth`. */
  readiness(now?: Date): PollerReadiness;
  readonly logger: Logger;
  /**
   * SIGTERM: each mailbox finishes its batch in flight, logs out and releases its leader lock
   * (a standby takes over at its next try), then the queue and Redis close. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Composition root of the IMAP poller: loads the policy (size limit), connects Redis (one clear
 * error when unreachable), and starts a leader-elected poller per mailbox feeding the store's
 * intake. Nothing happens at import; `main.ts` (or the API's `poller` role) calls this.
 * @throws ConfigError (bad policy file), RedisUnreachableError.
 */
export async function startPoller(env: PollerEnv, options: { logger?: Logger; random?: () => number; instance?: string } = {}): Promise<PollerService> {
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL, base: { service: "imap-poller" } });
  const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
  const redis = await connectRedis(redisSettings(env), { connectionName: "mailtriage-imap-poller", onError: (err) => logger.warn({ err: err.message }, "redis connection error") });
  const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
  const intake = createIntake(redis, { keys });
  // Without a listener BullMQ prints each error to stderr; the connection's own `onError` already logs them.
  intake.queue.on("error", (err) => logger.debug({ queue: intake.queue.name, err: err.message }, "queue error"));
  const tickets = createTicketStore(redis, { keys, policy });
  const imapKeys = pollerKeys(keys.prefix);
  const instance = options.instance ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const deps = {
    redis,
    keys: imapKeys,
    intake,
    tickets,
    cursors: createCursorStore(redis, imapKeys),
    logger,
    instance,
    lockTtlMs: env.MAILTRIAGE_IMAP_LOCK_TTL_MS,
    backoff: { baseMs: env.MAILTRIAGE_IMAP_BACKOFF_BASE_MS, maxMs: env.MAILTRIAGE_IMAP_BACKOFF_MAX_MS },
    random: options.random ?? Math.random,
  };
  const pollers = env.mailboxes.map((box) => startMailboxPoller(resolveMailbox(box, policy.limits.maxMessageBytes), deps));
  logger.info({ mailboxes: pollers.map((p) => p.mailboxId), instance, prefix: keys.prefix }, "imap poller started");

  let closing: Promise<void> | null = null;
  return {
    pollers,
    logger,
    health: () => pollers.map((p) => p.health()),
    readiness: (now = new Date()) => assessReadiness(pollers.map((p) => p.health()).filter((h) => h.state !== "standby"), now, env.MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS),
    close() {
      closing ??= (async () => {
        await Promise.all(pollers.map((p) => p.close()));
        await intake.close();
        await redis.quit();
        logger.info("imap poller closed");
      })();
      return closing;
    },
  };
}
