import type { ThreadKeys } from "@mailtriage/domain";
import type { TicketStore } from "@mailtriage/store";
import { DelayedError, type Job } from "bullmq";

/**
 * A reply found no ticket, but a message it answers is queued or being triaged right now (the
 * intake announced its Message-ID and it has no record yet, or was stored just after the
 * reply's thread lookup): the job should wait a moment and
 * run again instead of opening a ticket of its own (issue 3: a reply triaged at the same moment
 * as its original, by two workers or concurrency > 1, or posted before it).
 */
export class ParentPendingError extends Error {
  override readonly name = "ParentPendingError";
  constructor(readonly messageIds: readonly string[]) {
    super(`a message this one answers is still queued or being triaged (${messageIds.length} of its references)`);
  }
}

/**
 * How a reply waits for a parent still on its way: at most `maxWaits` times, `firstDelayMs`
 * then doubling (1 s, 2 s, 4 s). Each wait puts the job behind the jobs queued before it, so
 * an original queued after its reply is triaged first; a parent that still has not arrived
 * after the last wait (its job failed, or it was never parseable) no longer holds the reply:
 * it becomes a ticket of its own, as before.
 */
export const PARENT_WAIT = { maxWaits: 3, firstDelayMs: 1_000 } as const;

/** The delay before the next run after `waitsMade` earlier waits, ms. */
export function parentWaitDelayMs(waitsMade: number): number {
  return PARENT_WAIT.firstDelayMs * 2 ** waitsMade;
}

/**
 * How many times a job already waited for its parent. A wait moves the job to delayed without counting an
 * attempt (BullMQ `moveToDelayed` skips it) while every run counts as started, so waits are the
 * runs that were neither the first nor a retry after an error. A stalled run counts as a wait
 * too, which only shortens the waiting.
 */
export function parentWaitsMade(job: { attemptsStarted: number; attemptsMade: number }): number {
  return Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
}

/**
 * For a reply that matched no ticket: throws ParentPendingError when a message it refers to is
 * queued or being triaged. A message without `In-Reply-To`/`References` costs nothing; one that
 * quotes Message-IDs the intake never saw, or saw and already recorded, goes on at once.
 */
export async function ensureNoQueuedParent(tickets: Pick<TicketStore, "findQueuedParents">, keys: ThreadKeys, ownMessageId: string | null): Promise<void> {
  // A message naming itself (a sloppy or hostile mailer) must not wait for its own record.
  const referenced = keys.messageIds.filter((id) => id !== ownMessageId);
  if (referenced.length === 0) return;
  const queued = await tickets.findQueuedParents(referenced);
  if (queued.length > 0) throw new ParentPendingError(queued);
}

/**
 * Moves the running job to delayed for its next wait (`parentWaitDelayMs`), without using an
 * attempt. The processor then throws the returned DelayedError, which tells BullMQ the job was
 * moved on purpose (neither completed nor failed).
 */
export async function delayForParent(job: Job, token: string | undefined, waitsMade: number): Promise<DelayedError> {
  await job.moveToDelayed(Date.now() + parentWaitDelayMs(waitsMade), token);
  return new DelayedError(`waiting for the message it answers (wait ${waitsMade + 1} of ${PARENT_WAIT.maxWaits})`);
}
