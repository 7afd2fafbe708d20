import type { Logger } from "pino";
import { startWorker, type WorkerEnv } from "@mailtriage/worker";
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
  return [{ name: roles.scheduler ? "worker+scheduler" : "worker", close: (options) => service.close(options) }];
}
