import { MAINTENANCE_QUEUE, SLA_SCAN_JOB, type SlaScanReport, type TicketStore } from "@mailtriage/store";
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Logger } from "pino";

/** The SLA scan's scheduler id on the maintenance queue: one schedule, however many processes. */
const SLA_SCHEDULER_ID = "sla-scan";

export interface SlaScheduler {
  readonly worker: Worker<unknown, Pick<SlaScanReport, "examined"> & { breached: number }>;
  /** Stops the scan worker (`force` abandons a scan in flight) and closes the queue. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Keeps the repeatable SLA scan scheduled and runs it (POLICY §5: breaches marked within a
 * minute). Used by the worker (both roles in one process) and by the scheduler role alone.
 */
export async function startSlaScheduler(
  tickets: TicketStore,
  bull: { connection: ConnectionOptions; prefix: string },
  options: { everyMs: number; logger: Logger },
): Promise<SlaScheduler> {
  const queue = new Queue(MAINTENANCE_QUEUE, bull);
  await queue.upsertJobScheduler(SLA_SCHEDULER_ID, { every: options.everyMs }, { name: SLA_SCAN_JOB, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  const worker = new Worker<unknown, Pick<SlaScanReport, "examined"> & { breached: number }>(
    MAINTENANCE_QUEUE,
    async () => {
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
