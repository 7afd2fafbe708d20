/**
 * `tsx services/mailer/src/main.ts`: plans and sends the automatic replies (see env.ts for every
 * setting; off unless `MAILTRIAGE_SMTP_HOST` is set). SIGTERM/SIGINT let sends in flight finish
 * and exit 0; a second signal abandons them (they stall and are retried by another process).
 */
import { runService } from "@mailtriage/worker";
import { parseMailerEnv } from "./env";
import { startMailer } from "./start-mailer";

runService("mailer", () => startMailer(parseMailerEnv(process.env)));
