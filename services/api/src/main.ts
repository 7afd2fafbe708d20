/**
 * `tsx services/api/src/main.ts`: the composition root of the `api` role alone (for scale-out;
 * `start.ts` runs every role in one process). Loads settings (env.ts), connects Redis (one clear
 * line and exit 1 when unreachable), listens on HOST:PORT; SIGTERM/SIGINT close the server
 * (requests in flight finish) and Redis, then exit 0.
 */
import { pino } from "pino";
import { parseApiEnv } from "./env";
import { closeOnSignals, reportStartupError } from "./roles/running-role";
import { startApi } from "./roles/start-api";

async function main(): Promise<void> {
  const env = parseApiEnv(process.env);
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "api" } });
  const api = await startApi(env, logger);
  closeOnSignals([api], logger);
}

main().catch(reportStartupError("api"));
