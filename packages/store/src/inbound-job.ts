import type { JobsOptions } from "bullmq";
import type { IntakeSource } from "./message-record";

/** Queue of messages to triage (one job per raw message). */
export const INBOUND_QUEUE = "inbound";

/** Queue of housekeeping jobs (the repeatable SLA scan). */
export const MAINTENANCE_QUEUE = "maintenance";

/** Job name of the repeatable SLA scan on `MAINTENANCE_QUEUE`. */
export const SLA_SCAN_JOB = "sla-scan";

/**
 * Payload of an `inbound` job: a reference to the raw bytes, never the bytes themselves (a
 * 500 KB message inside the job is about 4x slower to queue and process, issue 3).
 */
export interface InboundJobData {
  /** Hex SHA-256 of the raw bytes (`RawStore.get`). */
  rawSha256: string;
  /** Raw size, bytes. */
  size: number;
  /** When the inbox received the message, ISO-8601 (starts the SLA clock, POLICY §5). */
  receivedAt: string;
  source: IntakeSource;
  mailbox?: string;
  uid?: number;
  /** Set on a re-drive: the identity of the `failed` record this job replaces. */
  redriveOf?: string;
}

/**
 * Options of every `inbound` job. Transient errors (Redis, a crashed parser pool) retry 8 times
 * with exponential backoff from 2 s (2, 4 … 128 s: ≈ 4 min in all; jitter makes each wait up to
 * 20 % shorter so retries of many jobs spread out); a message that cannot be
 * parsed is not an error but a `failed` record, so it never retries. Finished jobs are kept a
 * day (completed) or 30 days (failed, for re-drive), at most 10,000 / 50,000.
 */
export const INBOUND_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000, jitter: 0.2 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
} as const satisfies JobsOptions;
