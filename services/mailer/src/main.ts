/**
 * `tsx services/mailer/src/main.ts`: plans and sends the automatic replies (see env.ts for every
 * setting; off unless `MAILTRIAGE_SMTP_HOST` is set). SIGTERM/SIGINT let sends in flight finish
 * and exit 0; a second signal abandons them (they stall and are retried by another process).
 */
import { ConfigError } from "@mailtriage/config";
import { RedisUnreachableError } from "@mailtriage/store";
import { parseMailerEnv } from "./env";
import { startMailer } from "./start-mailer";

async function main(): Promise<void> {
  const service = await startMailer(parseMailerEnv(process.env));
  if (service === null) return;
  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals++;
    service.logger.info({ signal }, signals === 1 ? "finishing sends in flight" : "abandoning sends in flight");
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
  if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`mailer: ${err.message}\n`);
  else process.stderr.write(`mailer: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
