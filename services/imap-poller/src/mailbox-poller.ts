import type { Intake, TicketStore, RedisClient } from "@mailtriage/store";
import type { Logger } from "pino";
import { backoffDelay, type BackoffOptions } from "./backoff";
import { LostLeadershipError, type CursorStore } from "./cursor-store";
import { HealthRecorder } from "./health-recorder";
import { createLeaderLock } from "./leader-lock";
import type { ResolvedMailbox } from "./mailbox-config";
import type { MailboxHealth } from "./mailbox-health";
import { runSession } from "./mailbox-session";
import type { PollerKeys } from "./poller-keys";

/** What a mailbox poller needs (the composition root wires real ones). */
export interface MailboxPollerDeps {
  redis: RedisClient;
  keys: PollerKeys;
  intake: Intake;
  tickets: TicketStore;
  cursors: CursorStore;
  logger: Logger;
  /** This replica's lock token (`host:pid:random`). */
  instance: string;
  lockTtlMs: number;
  backoff: BackoffOptions;
  /** [0, 1): jitter source (`Math.random`). */
  random: () => number;
}

/** A running poller of one mailbox. */
export interface MailboxPoller {
  readonly mailboxId: string;
  /** This replica's view of the mailbox (state `standby` while another replica leads). */
  health(): MailboxHealth;
  /** Graceful stop: the batch in flight finishes, LOGOUT, the leader lock is released. Idempotent. */
  close(): Promise<void>;
}

/**
 * Polls one mailbox while this replica holds its leader lock (`SET NX PX`, renewed every third
 * of the TTL; a standby retries as often, so it takes over within about one TTL of a leader's
 * death). While leading: IMAP sessions one after another, reconnecting with exponential backoff
 * and jitter after each failure. Losing the lock drops the connection at once (the new leader
 * owns the cursor; the fenced cursor write would refuse anyway).
 */
export function startMailboxPoller(box: ResolvedMailbox, deps: MailboxPollerDeps): MailboxPoller {
  const logger = deps.logger.child({ mailbox: box.id });
  const lock = createLeaderLock(deps.redis, deps.keys.leader(box.id), deps.instance, deps.lockTtlMs);
  const health = new HealthRecorder(deps.redis, deps.keys, box.id, deps.instance, (err) => logger.warn({ err: err.message }, "health write failed"));
  const stopper = new AbortController();
  const renewEveryMs = Math.max(100, Math.floor(deps.lockTtlMs / 3));

  const loop = (async () => {
    await retry(() => health.register(new Date()));
    while (!stopper.signal.aborted) {
      let leading = false;
      try {
        leading = await lock.acquire();
      } catch (err) {
        logger.warn({ err: (err as Error).message }, "leader lock: redis error");
      }
      if (!leading) {
        health.state("standby");
        await sleep(renewEveryMs, stopper.signal);
        continue;
      }
      logger.info({ instance: deps.instance }, "leading: polling this mailbox");
      health.lead(true);
      await lead();
      health.lead(false);
    }
    health.state("stopped");
  })();

  /** Sessions with backoff while the lock stays ours. */
  async function lead(): Promise<void> {
    const kill = new AbortController();
    let lastRenewal = Date.now();
    const renewal = setInterval(() => {
      lock.renew().then(
        (ours) => {
          if (ours) lastRenewal = Date.now();
          else kill.abort(new LostLeadershipError("leader lock taken over"));
        },
        // Redis unreachable: the lock may expire meanwhile; give up once it must have.
        () => Date.now() - lastRenewal > deps.lockTtlMs && kill.abort(new LostLeadershipError("leader lock could not be renewed")),
      );
    }, renewEveryMs);
    let attempt = 0;
    try {
      while (!stopper.signal.aborted && !kill.signal.aborted) {
        try {
          await runSession({ box, intake: deps.intake, tickets: deps.tickets, cursors: deps.cursors, health, logger, token: lock.token, stop: stopper.signal, kill: kill.signal, onConnected: () => void (attempt = 0) });
        } catch (err) {
          if (err instanceof LostLeadershipError) kill.abort(err);
          if (kill.signal.aborted || stopper.signal.aborted) break;
          const wait = backoffDelay(attempt++, deps.backoff, deps.random);
          health.state("disconnected", err as Error);
          logger.warn({ err: (err as Error).message, attempt, retryInMs: wait }, "imap session failed; reconnecting");
          await sleep(wait, stopper.signal, kill.signal);
        }
      }
    } finally {
      clearInterval(renewal);
    }
    if (kill.signal.aborted) {
      logger.warn({ reason: String((kill.signal.reason as Error | undefined)?.message) }, "lost leadership: standing by");
      return;
    }
    health.state("stopped");
    await lock.release().catch((err: Error) => logger.warn({ err: err.message }, "leader lock release failed (it expires by itself)"));
  }

  let closing: Promise<void> | null = null;
  return {
    mailboxId: box.id,
    health: () => health.snapshot(),
    close() {
      closing ??= (async () => {
        stopper.abort();
        await loop;
        logger.info("mailbox poller stopped");
      })();
      return closing;
    },
  };
}

/** Waits `ms`, or less when a signal aborts. */
function sleep(ms: number, ...signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) s.addEventListener("abort", done);
  });
}

/** Registration must not be lost to a Redis blip at start-up: retry a few times, then carry on. */
async function retry(step: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      return await step();
    } catch {
      await sleep(200 * (i + 1));
    }
  }
}
