import { createEventStreamReader, type StreamEntry } from "@mailtriage/store";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { OUTBOUND_JOB, outboundJobOptions, REPLIES_CONSUMER_GROUP, type OutboundJobData, type OutboundRetry } from "./outbound-job";
import { planReply, type PlanDeps } from "./plan-reply";
import type { ReplyLog } from "./reply-log";

export interface ReplyDispatcherOptions {
  /** A connection of the dispatcher's own for the blocking reads; the dispatcher closes it. */
  reader: Redis;
  /** Planning deps; `plan.redis` is also the dispatcher's own (WATCH), closed with it. */
  plan: PlanDeps;
  /** This process's consumer name in the group (unique per process). */
  consumer: string;
  queue: Queue<OutboundJobData>;
  retry: OutboundRetry;
  log: ReplyLog;
  logger: Logger;
  /** Entries read per round (default 50). */
  batch?: number;
  /** Longest wait for new events per read, ms (default 1000; also bounds `close()` when idle). */
  blockMs?: number;
  /** Entries read but not acknowledged for this long are taken over, ms (default 60 s). */
  claimIdleMs?: number;
}

/** A running dispatcher. */
export interface ReplyDispatcher {
  /** Stops reading, lets the round in progress finish, closes its connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Turns events into outbound jobs: reads the events stream as one consumer of the `replies`
 * group (so several mailer processes share it and each event reaches one of them), plans each
 * entry in order (`planReply`), queues the reply with its reply id as job id (an event read
 * twice queues nothing new), then acknowledges (`XACK`). Entries read but not acknowledged
 * (a crash, a Redis error) are taken over after `claimIdleMs` (`XAUTOCLAIM`). The group must
 * exist (`EventStreamReader.ensureGroup`).
 */
export function startReplyDispatcher(options: ReplyDispatcherOptions): ReplyDispatcher {
  const { reader: readerRedis, plan, queue, retry, log, logger } = options;
  const batch = options.batch ?? 50;
  const blockMs = options.blockMs ?? 1_000;
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  const reader = createEventStreamReader(readerRedis, { keys: plan.keys, group: REPLIES_CONSUMER_GROUP, consumer: options.consumer });
  let stopping = false;
  let reading = false;

  const dispatch = async (entry: StreamEntry): Promise<void> => {
    if (entry.event === "") return;
    const job = await planReply(entry, plan);
    if (job === null) return;
    await log.planned({ replyId: job.replyId, kind: job.kind, language: job.language, to: job.to, ticketId: job.ticketId, subject: job.subject, status: "queued", messageId: "", eventId: job.eventId, plannedAt: job.plannedAt, sentAt: null, attempts: 0, lastResponse: null });
    await queue.add(OUTBOUND_JOB, job, outboundJobOptions(job.replyId, retry));
    logger.info({ eventId: entry.id, replyId: job.replyId, kind: job.kind, language: job.language, ticketId: job.ticketId }, "reply queued");
  };

  const round = async (): Promise<void> => {
    let entries = await reader.claimStale(claimIdleMs, batch);
    if (entries.length === 0) {
      reading = true;
      try {
        entries = await reader.readNew(batch, blockMs);
      } finally {
        reading = false;
      }
    }
    // One at a time, in stream order: the rate limits see the replies planned before.
    for (const entry of entries) {
      await dispatch(entry);
      await reader.ack([entry.id]);
    }
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        await round();
      } catch (err) {
        if (stopping) break;
        logger.warn({ err: (err as Error).message }, "reply planning failed; retrying in 1 s");
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  })();

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        stopping = true;
        // A blocked read would hold close() for up to blockMs: cut it (its entries, if any, stay pending and are claimed later).
        if (reading) readerRedis.disconnect();
        await loop;
        for (const connection of [readerRedis, plan.redis]) if (connection.status !== "end") await connection.quit().catch(() => {});
      })();
      return closing;
    },
  };
}
