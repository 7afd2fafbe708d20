/**
 * `tsx services/api/src/start.ts` (`pnpm start`): runs the roles named in `MAILTRIAGE_ROLES`
 * (default `api,worker,scheduler,mailer,poller`: the whole service in one process) against `REDIS_URL`. Each
 * role can run alone for scale-out (`MAILTRIAGE_ROLES=worker` on more machines). With
 * `MAILTRIAGE_HEALTH_PORT`, a small listener answers `/health/live`, `/health/ready` and `/metrics` for this
 * process's roles (roles/health-listener.ts; the container image's HEALTHCHECK). Unreachable
 * Redis or bad settings: one line naming the problem, exit 1. SIGTERM: the HTTP server closes
 * first (no new messages), then workers drain their jobs in flight, then Redis closes; exit 0.
 */
import { readFileSync } from "node:fs";
import { parsePollerEnv, startPoller } from "@mailtriage/imap-poller";
import { redisSettings } from "@mailtriage/config";
import { pino } from "pino";
import { parseMailerEnv, startMailer } from "@mailtriage/mailer";
import { parseWorkerEnv } from "@mailtriage/worker";
import { parseServiceEnv } from "./env";
import { parseHealthEnv, startHealthListener } from "./roles/health-listener";
import { stoppedWorkers } from "./roles/role-checks";
import { closeAll, closeOnSignals, reportStartupError, type RunningRole } from "./roles/running-role";
import { startApi } from "./roles/start-api";
import { startWorkerRoles } from "./roles/start-workers";

async function main(): Promise<void> {
  const env = parseServiceEnv(process.env);
  const healthEnv = parseHealthEnv(process.env);
  const roles = new Set(env.MAILTRIAGE_ROLES);
  const worker = roles.has("worker");
  const scheduler = roles.has("scheduler");
  // The worker's settings (with its cross-key checks) are read by its own parser, only when needed.
  const workerEnv = worker || scheduler ? parseWorkerEnv(process.env) : null;
  const mailerEnv = roles.has("mailer") ? parseMailerEnv(process.env) : null;
  // The poller role idles unless a mailbox is configured, like the mailer without SMTP.
  const imapConfigured = Boolean(process.env.MAILTRIAGE_IMAP_MAILBOXES || process.env.MAILTRIAGE_IMAP_CONFIG_FILE);
  const pollerEnv = roles.has("poller") && imapConfigured ? parsePollerEnv(process.env, (path) => readFileSync(path, "utf8")) : null;
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "mailtriage", roles: env.MAILTRIAGE_ROLES.join(",") } });

  const started: RunningRole[] = [];
  try {
    // The mailer before the workers: on a first start its consumer group must exist before any
    // event is written. It closes after them (close order = `started` order).
    const mailer = mailerEnv === null ? null : await startMailer(mailerEnv, { logger });
    if (mailer !== null) started.push({ name: "mailer", problems: () => stoppedWorkers("mailer", [mailer.worker]), close: (options) => mailer.close(options) });
    // Workers first, so the API reports ready as soon as it listens.
    if (workerEnv !== null) started.unshift(...(await startWorkerRoles(workerEnv, { worker, scheduler }, logger)));
    if (pollerEnv !== null) {
      const poller = await startPoller(pollerEnv, { logger });
      // Mailboxes this replica leads must have been reachable lately (a standby has nothing to report).
      started.unshift({ name: "poller", problems: async () => poller.readiness().problems.map((problem) => `poller: imap mailbox ${problem}`), close: () => poller.close() });
    }
    if (roles.has("api")) started.unshift(await startApi(env, logger));
    // Last, so it answers only once every role runs; first to close.
    if (healthEnv.MAILTRIAGE_HEALTH_PORT !== undefined) started.unshift(await startHealthListener([...started], { host: env.HOST, port: healthEnv.MAILTRIAGE_HEALTH_PORT, redis: redisSettings(env), logger }));
  } catch (err) {
    await closeAll(started, { force: true });
    throw err;
  }
  // `started` is in close order: the health listener, API and poller first (stop taking messages), then workers, the scheduler, the mailer.
  closeOnSignals(started, logger);
}

main().catch(reportStartupError("mailtriage"));
