import nodemailer, { type Transporter } from "nodemailer";
import type { MailerEnv } from "./env";

/**
 * The nodemailer SMTP transport of the env settings: host, port, TLS mode (`tls` = implicit,
 * `starttls` = upgrade required, `none` = plain, for a loopback relay or tests), certificate
 * check, AUTH, timeouts. One connection per message (no pool), so a server that went away and
 * came back is simply reconnected on the next attempt. File and URL access in message content
 * are disabled (our content is text only).
 * @throws Error when `MAILTRIAGE_SMTP_HOST` is unset (the mailer is off then).
 */
export function createSmtpTransport(env: MailerEnv): Transporter {
  if (env.MAILTRIAGE_SMTP_HOST === undefined) throw new Error("MAILTRIAGE_SMTP_HOST is not set");
  const timeout = env.MAILTRIAGE_SMTP_TIMEOUT_MS;
  return nodemailer.createTransport({
    host: env.MAILTRIAGE_SMTP_HOST,
    port: env.MAILTRIAGE_SMTP_PORT,
    secure: env.MAILTRIAGE_SMTP_TLS === "tls",
    requireTLS: env.MAILTRIAGE_SMTP_TLS === "starttls",
    ignoreTLS: env.MAILTRIAGE_SMTP_TLS === "none",
    tls: { rejectUnauthorized: env.MAILTRIAGE_SMTP_TLS_VERIFY },
    ...(env.MAILTRIAGE_SMTP_USER !== undefined && env.MAILTRIAGE_SMTP_PASSWORD !== undefined && { auth: { user: env.MAILTRIAGE_SMTP_USER, pass: env.MAILTRIAGE_SMTP_PASSWORD } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
