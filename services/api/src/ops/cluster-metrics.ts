import { StatusSchema } from "@mailtriage/contracts";
import type { MessageOutcome, StoreKeys, RedisClient } from "@mailtriage/store";
import type { Queue } from "bullmq";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { createEventGroupMetrics } from "./event-group-metrics";
import { createFinishedJobs } from "./finished-jobs";
import { createImapMetrics } from "./imap-metrics";
import { createRetentionMetrics } from "./retention-metrics";
import { createSlaDueMetrics } from "./sla-due-metrics";
import { createStreamTail, streamField } from "./stream-tail";

/** Job states reported per queue (BullMQ `getJobCounts`). */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "failed", "completed"] as const;

const OUTCOMES: readonly MessageOutcome[] = ["ticket", "followup", "rejected", "ignored", "failed"];
/** Store event types that are a message's outcome (store-event.ts): one per stored message. */
const OUTCOME_OF_EVENT: Record<string, MessageOutcome> = { created: "ticket", followup: "followup", rejected: "rejected", ignored: "ignored", failed: "failed" };

/** What the metrics are read from: everything lives in Redis, written by whichever process did the work. */
export interface ClusterMetricsSource {
  redis: RedisClient;
  keys: StoreKeys;
  queues: readonly Queue[];
  /** The clock "due soon" counts from (the API's clock; default: the wall clock). */
  now?: () => Date;
}

/**
 * Pipeline metrics derived from Redis, so any API process reports what every worker process
 * did: queue depths and workers (BullMQ), ticket and record counts (store indexes), outcomes and
 * SLA breaches (the store's event stream), processing times (completed jobs' timestamps), SLA
 * phases due soon (due sets), the events stream's consumer-group lag (XINFO GROUPS).
 * Counters and the histogram count from this process's first scrape on; they are
 * cluster-wide, so sum them across API processes only with that in mind.
 */
export interface ClusterMetrics {
  /** Reads Redis into the metrics; concurrent calls share one read. */
  refresh(): Promise<void>;
}

export function createClusterMetrics(source: ClusterMetricsSource, registry: Registry): ClusterMetrics {
  const { redis, keys, queues } = source;
  const registers = [registry];
  const queueJobs = new Gauge({ name: "mailtriage_queue_jobs", help: "Jobs per queue and state (queue depth).", labelNames: ["queue", "state"], registers });
  const queueWorkers = new Gauge({ name: "mailtriage_queue_workers", help: "Worker connections per queue (BullMQ CLIENT LIST).", labelNames: ["queue"], registers });
  const tickets = new Gauge({ name: "mailtriage_tickets", help: "Tickets per current status (store indexes).", labelNames: ["status"], registers });
  const records = new Gauge({ name: "mailtriage_message_records", help: "Stored message results per outcome (store indexes; failed = awaiting re-drive).", labelNames: ["outcome"], registers });
  const outcomes = new Counter({ name: "mailtriage_messages_total", help: "Messages triaged, by outcome and reason (from the store's event stream).", labelNames: ["outcome", "reason"], registers });
  const breaches = new Counter({ name: "mailtriage_sla_breaches_total", help: "SLA phases marked breached (POLICY §5), by phase and region.", labelNames: ["phase", "region"], registers });
  const processing = new Histogram({
    name: "mailtriage_job_processing_seconds",
    help: "Time from a job's last start to its completion, per queue.",
    labelNames: ["queue"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  const events = createStreamTail(redis, keys.events);
  const finished = queues.map((queue) => ({ queue: queue.name, jobs: createFinishedJobs(redis, queue) }));

  const readCounts = async (): Promise<void> => {
    await Promise.all(
      queues.map(async (queue) => {
        const [counts, workers] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getWorkersCount()]);
        for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
        queueWorkers.set({ queue: queue.name }, workers);
      }),
    );
    const statuses = StatusSchema.options;
    const pipeline = redis.pipeline();
    for (const status of statuses) pipeline.zcard(keys.ticketIndex("status", status));
    for (const outcome of OUTCOMES) pipeline.zcard(keys.messageIndex(outcome));
    const sizes = ((await pipeline.exec()) ?? []).map(([error, n]) => (error ? 0 : Number(n)));
    statuses.forEach((status, i) => tickets.set({ status }, sizes[i] ?? 0));
    OUTCOMES.forEach((outcome, i) => records.set({ outcome }, sizes[statuses.length + i] ?? 0));
  };

  const readEvents = async (): Promise<void> => {
    for (const [, fields] of await events.read()) {
      const type = streamField(fields, "type") ?? "";
      const outcome = OUTCOME_OF_EVENT[type];
      if (outcome === undefined && type !== "breached") continue;
      const event = JSON.parse(streamField(fields, "event") ?? "{}") as { reason?: string | null; phase?: string; region?: string };
      if (outcome !== undefined) outcomes.inc({ outcome, reason: event.reason ?? "none" });
      else breaches.inc({ phase: event.phase ?? "unknown", region: event.region ?? "unknown" });
    }
  };

  const readDurations = async (): Promise<void> => {
    for (const { queue, jobs } of finished) for (const seconds of await jobs.read()) processing.observe({ queue }, seconds);
  };

  const imap = createImapMetrics(redis, keys.prefix, registry);
  const retention = createRetentionMetrics(redis, keys, registry);
  const dueSoon = createSlaDueMetrics(redis, keys, registry, source.now);
  const eventGroups = createEventGroupMetrics(redis, keys.events, registry);

  let running: Promise<void> | null = null;
  return {
    refresh() {
      running ??= Promise.all([readCounts(), readEvents(), readDurations(), imap.refresh(), retention.refresh(), dueSoon.refresh(), eventGroups.refresh()])
        .then(() => undefined)
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
