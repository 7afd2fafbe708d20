/**
 * `tsx services/worker/src/main.ts`: runs the inbound worker and the SLA scheduler against
 * `REDIS_URL` (see env.ts for every setting). SIGTERM/SIGINT drain the jobs in flight and exit
 * 0; a second signal abandons them (they stall and another worker takes them over).
 */
import { ConfigError } from "@mailtriage/config";
import { RedisUnreachableError } from "@mailtriage/store";
import { parseWorkerEnv } from "./env";
import { startWorker } from "./start-worker";

async function main(): Promise<void> {
  const service = await startWorker(parseWorkerEnv(process.env));
  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals++;
    service.logger.info({ signal }, signals === 1 ? "draining jobs in flight" : "abandoning jobs in flight");
    service.close({ force: signals > 1 }).then(
      () => process.exit(0),
      (err: unknown) => {
        service.logger.error({ err: (err as Error).message }, "close failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  // Configuration and an unreachable Redis are the operator's to fix: one line, no stack.
  if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`worker: ${err.message}\n`);
  else process.stderr.write(`worker: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
