import type { Worker } from "bullmq";

/**
 * Why BullMQ workers cannot take jobs: closed, or their loop ended (`isRunning()` turns false and
 * stays so: only a restart helps). One line per stopped worker (`worker: queue inbound is not
 * running`); empty when all run. Redis itself is probed once per process by the health listener.
 */
export async function stoppedWorkers(label: string, workers: readonly Worker[]): Promise<string[]> {
  return workers.filter((worker) => !worker.isRunning()).map((worker) => `${label}: queue ${worker.name} is not running`);
}
