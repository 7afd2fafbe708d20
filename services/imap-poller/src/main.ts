/**
 * `tsx services/imap-poller/src/main.ts`: polls the configured IMAP mailboxes into the inbound
 * queue (see poller-env.ts and mailbox-config.ts for every setting). SIGTERM/SIGINT: the batch
 * in flight finishes, each mailbox logs out and releases its leader lock, exit 0; a second
 * signal exits at once (the lock expires by itself; unmarked messages are read again).
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "@mailtriage/config";
import { RedisUnreachableError } from "@mailtriage/store";
import { parsePollerEnv } from "./poller-env";
import { startPoller } from "./start-poller";

async function main(): Promise<void> {
  const service = await startPoller(parsePollerEnv(process.env, (path) => readFileSync(path, "utf8")));
  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(1);
    service.logger.info({ signal }, "stopping: finishing the batch in flight");
    service.close().then(
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
  if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`imap-poller: ${err.message}\n`);
  else process.stderr.write(`imap-poller: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 500).unref();
});
