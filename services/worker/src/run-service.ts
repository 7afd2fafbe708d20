import { ConfigError } from "@mailtriage/config";
import { RedisUnreachableError } from "@mailtriage/store";
import type { Logger } from "pino";

/** What a service's `main.ts` runs: something that logs and can be closed. */
export interface StoppableService {
  readonly logger: Logger;
  /** Finishes the work in flight; `force` abandons it (another process takes it over). */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * The body of a service's `main.ts`: starts it, and on SIGTERM/SIGINT closes it (work in flight
 * finishes) and exits 0; a second signal closes with `force`. A configuration problem or an
 * unreachable Redis is one line on stderr without a stack, exit 1. `start` may return null for
 * a service that is turned off by its settings.
 */
export function runService(name: string, start: () => Promise<StoppableService | null>): void {
  // Through a promise, so settings that throw before start's first await land in the same handler.
  Promise.resolve().then(start).then(
    (service) => {
      if (service === null) return;
      let signals = 0;
      const stop = (signal: NodeJS.Signals): void => {
        signals++;
        service.logger.info({ signal }, signals === 1 ? "stopping: finishing the work in flight" : "stopping now: abandoning the work in flight");
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
    },
    (err: unknown) => {
      // Configuration and an unreachable Redis are the operator's to fix: one line, no stack.
      if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`${name}: ${err.message}\n`);
      else process.stderr.write(`${name}: internal error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
      // A half-started service may hold sockets open; do not hang on them.
      setTimeout(() => process.exit(1), 500).unref();
    },
  );
}
