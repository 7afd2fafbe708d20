import { ConfigError } from "@mailtriage/config";
import { RedisUnreachableError } from "@mailtriage/store";
import type { Logger } from "pino";

/** A role started in this process (`api`, `worker`, `scheduler`, `mailer`, `poller`), how to probe it and how to stop it. */
export interface RunningRole {
  name: string;
  /**
   * Why this role cannot do its work right now, one line each (`worker: queue inbound is not
   * running`, `poller: imap mailbox support: not reachable for 312 s …`); empty when it can.
   * Read by the health listener (health-listener.ts), which probes Redis itself; never throws.
   */
  problems(): Promise<string[]>;
  /** Stops it: the API closes its server (requests in flight finish), workers drain their jobs; `force` abandons them. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Closes `roles` in order on SIGTERM/SIGINT and exits 0 (1 when a close fails). A second signal
 * closes with `force` (jobs in flight stall and another worker takes them over).
 */
export function closeOnSignals(roles: readonly RunningRole[], logger: Logger): void {
  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals++;
    const force = signals > 1;
    logger.info({ signal, closing: roles.map((r) => r.name) }, force ? "stopping now, abandoning jobs in flight" : "stopping: HTTP closes first, then jobs in flight drain");
    closeAll(roles, { force }).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, "close failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** Closes roles one after the other, in the order given. */
export async function closeAll(roles: readonly RunningRole[], options: { force?: boolean } = {}): Promise<void> {
  for (const role of roles) await role.close(options);
}

/**
 * What an entry point does with a start-up error: configuration and an unreachable Redis are
 * the operator's to fix, so one line and no stack (`mailtriage: cannot reach Redis at …`); exit 1.
 */
export function reportStartupError(command: string): (err: unknown) => void {
  return (err) => {
    if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`${command}: ${err.message}\n`);
    else process.stderr.write(`${command}: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
    // Whatever half-started thing still holds the event loop must not keep a failed start alive.
    setTimeout(() => process.exit(1), 500).unref();
  };
}
