import { MAINTENANCE_QUEUE, RETENTION_SWEEP_JOB, SLA_SCAN_JOB, type Retention, type RetentionReport, type SlaScanReport, type TicketStore } from "@mailtriage/store";
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Logger } from "pino";

/** The SLA scan's scheduler id on the maintenance queue: one schedule, however many processes. */
const SLA_SCHEDULER_ID = "sla-scan";
/** The retention sweep's scheduler id on the maintenance queue. */
const RETENTION_SCHEDULER_ID = "retention-sweep";

/** The retention sweep to schedule beside the SLA scan (README "Retention and export"). */
export interface RetentionSchedule {
  retention: Retention;
  /** Interval of the sweep, ms (`MAILTRIAGE_RETENTION_SWEEP_EVERY_MS`). */
  everyMs: number;
  /** The sweep's clock (tests move it); default: the wall clock. */
  now?: () => Date;
}

/** What a maintenance job returns (kept by BullMQ as the job's return value). */
export type MaintenanceResult = (Pick<SlaScanReport, "examined"> & { breached: number }) | RetentionReport | null;

export interface SlaScheduler {
  readonly worker: Worker<unknown, MaintenanceResult>;
  /** Stops the scan worker (`force` abandons a scan in flight) and closes the queue. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Keeps the repeatable SLA scan scheduled and runs it (POLICY §5: breaches marked within a
 * minute). Used by the worker (both roles in one process) and by the scheduler role alone.
 * With `retention`, the same queue also runs the retention sweep every `retention.everyMs`
 * while a period is set; with every period at "forever" its schedule is removed.
 */
export async function startSlaScheduler(
  tickets: TicketStore,
  bull: { connection: ConnectionOptions; prefix: string },
  options: { everyMs: number; logger: Logger; retention?: RetentionSchedule },
): Promise<SlaScheduler> {
  const queue = new Queue(MAINTENANCE_QUEUE, bull);
  // Without a listener BullMQ prints each error to stderr; the connection's own `onError` already logs them.
  queue.on("error", (err) => options.logger.debug({ queue: MAINTENANCE_QUEUE, err: err.message }, "queue error"));
  const finished = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
  await queue.upsertJobScheduler(SLA_SCHEDULER_ID, { every: options.everyMs }, { name: SLA_SCAN_JOB, opts: finished });
  const { retention } = options;
  if (retention?.retention.enabled === true) await queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, { every: retention.everyMs }, { name: RETENTION_SWEEP_JOB, opts: finished });
  else if (retention !== undefined) await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
  const worker = new Worker<unknown, MaintenanceResult>(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === RETENTION_SWEEP_JOB) return sweep(retention, options.logger);
      const report = await tickets.scanSla(new Date());
      if (report.breached.length > 0) options.logger.info({ breached: report.breached.map((b) => `${b.ticketId}:${b.phase}`) }, "SLA breaches marked");
      return { examined: report.examined, breached: report.breached.length };
    },
    bull,
  );
  worker.on("error", (err) => options.logger.error({ worker: "maintenance", err: err.message }, "worker error"));
  worker.on("stalled", (jobId) => options.logger.warn({ worker: "maintenance", jobId }, "job stalled; taken back"));
  return {
    worker,
    async close(closeOptions = {}) {
      await worker.close(closeOptions.force);
      await queue.close();
    },
  };
}

/** One retention sweep, logged when it removed anything; null when this process has no retention settings. */
async function sweep(schedule: RetentionSchedule | undefined, logger: Logger): Promise<RetentionReport | null> {
  if (schedule === undefined) return null;
  const report = await schedule.retention.sweep(schedule.now?.() ?? new Date());
  if (report.tickets > 0 || report.records > 0 || report.backfilled > 0) logger.info({ ...report }, "retention sweep removed expired data");
  return report;
}
