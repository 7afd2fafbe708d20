import { startEventStreamConsumer, type StreamEntry, type RedisClient } from "@mailtriage/store";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { OUTBOUND_JOB, outboundJobOptions, REPLIES_CONSUMER_GROUP, type OutboundJobData, type OutboundRetry } from "./outbound-job";
import { planReply, type PlanDeps } from "./plan-reply";
import type { ReplyLog } from "./reply-log";

export interface ReplyDispatcherOptions {
  /** A connection of the dispatcher's own for the blocking reads; the dispatcher closes it. */
  reader: RedisClient;
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

  const dispatch = async (entry: StreamEntry): Promise<void> => {
    if (entry.event === "") return;
    const job = await planReply(entry, plan);
    if (job === null) return;
    await log.planned({ replyId: job.replyId, kind: job.kind, language: job.language, to: job.to, ticketId: job.ticketId, subject: job.subject, status: "queued", messageId: "", eventId: job.eventId, plannedAt: job.plannedAt, sentAt: null, attempts: 0, lastResponse: null });
    await queue.add(OUTBOUND_JOB, job, outboundJobOptions(job.replyId, retry));
    logger.info({ eventId: entry.id, replyId: job.replyId, kind: job.kind, language: job.language, ticketId: job.ticketId }, "reply queued");
  };

  const consumer = startEventStreamConsumer({
    redis: readerRedis,
    keys: plan.keys,
    group: REPLIES_CONSUMER_GROUP,
    consumer: options.consumer,
    logger,
    what: "reply planning",
    batch: options.batch ?? 50,
    blockMs: options.blockMs,
    claimIdleMs: options.claimIdleMs,
    async handle(entries, reader) {
      // One at a time, in stream order: the rate limits see the replies planned before.
      for (const entry of entries) {
        await dispatch(entry);
        await reader.ack([entry.id]);
      }
    },
  });

  return {
    async close() {
      await consumer.close();
      if (plan.redis.status !== "end") await plan.redis.quit().catch(() => {});
    },
  };
}
