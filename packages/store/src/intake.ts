import { Queue, type JobsOptions } from "bullmq";
import type { RedisClient } from "./redis-connection";
import { INBOUND_JOB_OPTIONS, INBOUND_QUEUE, type InboundJobData } from "./inbound-job";
import type { StoreKeys } from "./keys";
import { readMessageRecord, type IntakeMeta } from "./message-record";
import { rememberQueued } from "./queued-messages";
import { peekMessageId } from "./raw-message-id";
import { createRawStore } from "./raw-store";

/** What the intake did with a message. */
export interface IntakeReceipt {
  /** The job's id: the hex SHA-256 of the bytes, so the same bytes always give the same job. */
  jobId: string;
  /** True when these exact bytes were taken in before (their job exists or already ran). */
  duplicate: boolean;
  rawSha256: string;
}

/** A job that failed after all its attempts (transient trouble that did not go away). */
export interface FailedJob {
  jobId: string;
  data: InboundJobData;
  failedReason: string;
  attemptsMade: number;
  /** Epoch ms, when known. */
  finishedOn: number | null;
}

/**
 * The one way messages enter the pipeline (HTTP now, IMAP later), and the re-drive of
 * messages that failed.
 */
export interface Intake {
  /**
   * Stores the raw bytes once, then queues a job on `inbound` whose id is the bytes' hash and
   * whose payload is only the reference. Safe to call again after a crash or a client retry.
   * @throws RangeError when `meta.receivedAt` is not an ISO-8601 date-time.
   */
  intake(raw: Uint8Array, meta: IntakeMeta): Promise<IntakeReceipt>;
  /**
   * Queues a `failed` message record again (e.g. after a parser fix). The new result replaces
   * the failed record. Returns null when `identity` has no failed record.
   */
  redrive(identity: string): Promise<{ jobId: string } | null>;
  /** Jobs that failed after every attempt, newest first (`start`/`end` inclusive positions). */
  failedJobs(start?: number, end?: number): Promise<FailedJob[]>;
  /** Moves a failed job back to waiting; false when there is no such failed job. */
  retryFailedJob(jobId: string): Promise<boolean>;
  /** The `inbound` queue (counts, dashboards). */
  readonly queue: Queue<InboundJobData>;
  /** Closes the queue (not the Redis connection, which the caller owns). */
  close(): Promise<void>;
}

export interface IntakeOptions {
  keys: StoreKeys;
  /** Overrides of `INBOUND_JOB_OPTIONS`. */
  jobOptions?: JobsOptions;
}

export function createIntake(redis: RedisClient, options: IntakeOptions): Intake {
  const { keys } = options;
  const raws = createRawStore(redis, keys);
  const queue = new Queue<InboundJobData>(INBOUND_QUEUE, {
    connection: redis,
    prefix: keys.bullPrefix,
    defaultJobOptions: { ...INBOUND_JOB_OPTIONS, ...options.jobOptions },
  });
  const add = async (jobId: string, data: InboundJobData): Promise<string> => {
    const job = await queue.add("triage", data, { jobId });
    return job.id ?? jobId;
  };

  return {
    queue,
    async intake(raw, meta) {
      if (!/^\d{4}-\d{2}-\d{2}T/.test(meta.receivedAt) || Number.isNaN(Date.parse(meta.receivedAt))) {
        throw new RangeError(`receivedAt: not an ISO-8601 date-time: ${meta.receivedAt}`);
      }
      const stored = await raws.put(raw);
      const data: InboundJobData = { rawSha256: stored.sha256, size: raw.byteLength, ...meta, receivedAt: new Date(meta.receivedAt).toISOString() };
      // Always add: after a crash between the two writes the bytes exist but the job may not.
      // BullMQ ignores an add whose job id exists. The Message-ID marker is sent first on the
      // same connection, so a reply triaged meanwhile finds its parent on the way (issue 3).
      const messageId = peekMessageId(raw);
      const [, jobId] = await Promise.all([messageId === null ? null : rememberQueued(redis, keys, messageId, stored.sha256), add(stored.sha256, data)]);
      return { jobId, duplicate: !stored.created, rawSha256: stored.sha256 };
    },
    async redrive(identity) {
      const record = await readMessageRecord(redis, keys, identity);
      if (record === null || record.result.outcome !== "failed") return null;
      const n = await redis.incr(keys.redrive(record.rawSha256));
      const data: InboundJobData = {
        rawSha256: record.rawSha256,
        size: record.result.size ?? 0,
        receivedAt: record.result.receivedAt,
        source: record.intake?.source ?? "http",
        ...(record.intake?.mailbox !== undefined && { mailbox: record.intake.mailbox }),
        ...(record.intake?.uid !== undefined && { uid: record.intake.uid }),
        redriveOf: identity,
      };
      return { jobId: await add(`${record.rawSha256}-redrive-${n}`, data) };
    },
    async failedJobs(start = 0, end = 49) {
      const jobs = await queue.getFailed(start, end);
      return jobs.flatMap((job) =>
        job.id === undefined ? [] : [{ jobId: job.id, data: job.data as InboundJobData, failedReason: job.failedReason ?? "", attemptsMade: job.attemptsMade, finishedOn: job.finishedOn ?? null }],
      );
    },
    async retryFailedJob(jobId) {
      const job = await queue.getJob(jobId);
      if (job === undefined || !(await job.isFailed())) return false;
      await job.retry("failed");
      return true;
    },
    close: () => queue.close(),
  };
}
