/**
 * `tsx services/worker/src/main.ts`: runs the inbound worker and the SLA scheduler against
 * `REDIS_URL` (see env.ts for every setting). SIGTERM/SIGINT drain the jobs in flight and exit
 * 0; a second signal abandons them (they stall and another worker takes them over).
 */
import { parseWorkerEnv } from "./env";
import { runService } from "./run-service";
import { startWorker } from "./start-worker";

runService("worker", () => startWorker(parseWorkerEnv(process.env)));
