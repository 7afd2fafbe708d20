import { readPollerHealth } from "@mailtriage/imap-poller";
import { INBOUND_QUEUE, MAINTENANCE_QUEUE, type RedisClient } from "@mailtriage/store";
import type { Queue } from "bullmq";

/** Whether this installation can do its work, and if not, why. */
export interface Readiness {
  ready: boolean;
  /** One line per problem: `redis: …`, `no worker on queue "inbound"`. */
  reasons: string[];
  /** Workers per queue (absent when Redis did not answer). */
  workers: Record<string, number>;
}

/** How long each check may take, ms. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * Ready when Redis answers PING and at least one worker listens on `inbound` (messages get
 * triaged) and on `maintenance` (the SLA scan runs). Workers are found by BullMQ's named
 * connections (`queue.getWorkersCount()`, CLIENT LIST): a crashed worker drops out at once.
 * With `imap`, every mailbox a poller registered must have had a successful poll within
 * `unreachableAfterMs`.
 */
export async function checkReadiness(redis: RedisClient, queues: readonly Queue[], imap?: { prefix: string; unreachableAfterMs: number }): Promise<Readiness> {
  try {
    await withTimeout(redis.ping(), "PING");
  } catch (err) {
    return { ready: false, reasons: [`redis: ${(err as Error).message}`], workers: {} };
  }
  const reasons: string[] = [];
  const workers: Record<string, number> = {};
  await Promise.all(
    queues.map(async (queue) => {
      try {
        workers[queue.name] = await withTimeout(queue.getWorkersCount(), "CLIENT LIST");
      } catch (err) {
        reasons.push(`queue "${queue.name}": ${(err as Error).message}`);
      }
    }),
  );
  for (const name of [INBOUND_QUEUE, MAINTENANCE_QUEUE]) {
    const role = name === INBOUND_QUEUE ? "no worker is taking messages" : "no SLA scheduler is running";
    if (workers[name] === 0) reasons.push(`${role} (queue "${name}" has no worker)`);
  }
  // IMAP mailboxes registered by pollers (none: nothing to check) must have been reachable lately.
  if (imap !== undefined) {
    try {
      const report = await withTimeout(readPollerHealth(redis, imap), "IMAP health");
      reasons.push(...report.problems.map((problem) => `imap mailbox ${problem}`));
    } catch (err) {
      reasons.push(`imap health: ${(err as Error).message}`);
    }
  }
  return { ready: reasons.length === 0, reasons: reasons.sort(), workers };
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return within(promise, CHECK_TIMEOUT_MS, `${what} took over ${CHECK_TIMEOUT_MS} ms`);
}

/** `promise`, or a rejection with `message` once `ms` passed (a health probe never hangs). */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
