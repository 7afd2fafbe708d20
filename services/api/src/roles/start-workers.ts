import type { Logger } from "pino";
import { startWorker, type WorkerEnv } from "@mailtriage/worker";
import { stoppedWorkers } from "./role-checks";
import type { RunningRole } from "./running-role";
import { startScheduler } from "./start-scheduler";

/**
 * The `worker` and `scheduler` roles. Both: the worker's own `startWorker` (inbound jobs,
 * webhooks when configured, and the SLA scan). `worker` alone: the same without the SLA scan.
 * `scheduler` alone: start-scheduler.ts.
 */
export async function startWorkerRoles(env: WorkerEnv, roles: { worker: boolean; scheduler: boolean }, logger: Logger): Promise<RunningRole[]> {
  if (!roles.worker) return roles.scheduler ? [await startScheduler(env, logger)] : [];
  const service = await startWorker(env, { logger, scheduler: roles.scheduler });
  const name = roles.scheduler ? "worker+scheduler" : "worker";
  // The SLA scan runs on its own BullMQ worker beside the inbound one; webhooks on a third when configured.
  const workers = [service.inbound, service.maintenance, service.webhooks?.worker].filter((w) => w !== null && w !== undefined);
  return [
    {
      name,
      problems: () => stoppedWorkers(name, workers),
      close: (options) => service.close(options),
    },
  ];
}
