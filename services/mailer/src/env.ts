import { ConfigError, redisEnvShape, refineRedisEnv } from "@mailtriage/config";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

/** Comma-separated addresses, lower-cased; each must look like `local@domain`. */
const addressList = z.string().transform((value, ctx) => {
  const addresses = value.split(",").map((a) => a.trim().toLowerCase()).filter((a) => a !== "");
  addresses.forEach((a, i) => {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(a)) ctx.addIssue({ code: "custom", message: `entry ${i + 1} is not an email address` });
  });
  return addresses;
});

/** `Name <addr@domain>` or `addr@domain`. */
const mailbox = z.string().regex(/^(?:[^<>\r\n]{0,200}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "expected addr@domain or Name <addr@domain>");

/**
 * The mailer's environment (automatic replies over SMTP, issue 5): every key it reads,
 * documented here and nowhere else. Empty values count as unset. The mailer is off unless
 * `MAILTRIAGE_SMTP_HOST` is set.
 */
export const MailerEnvSchema = z
  .object({
    ...redisEnvShape,
    /** SMTP server for outgoing replies. Unset: the mailer is off (no replies, nothing read). */
    MAILTRIAGE_SMTP_HOST: z.string().min(1).optional(),
    /** SMTP port: 587 (submission, STARTTLS), 465 (implicit TLS), 25. */
    MAILTRIAGE_SMTP_PORT: int(1, 65_535).default(587),
    /**
     * Transport security: `starttls` (plain connect, then STARTTLS is required), `tls` (TLS from
     * the first byte, port 465), `none` (no TLS at all: only for a relay on loopback or a test server).
     */
    MAILTRIAGE_SMTP_TLS: z.enum(["starttls", "tls", "none"]).default("starttls"),
    /** Verify the server's certificate (turn off only for a relay with a self-signed certificate you trust). */
    MAILTRIAGE_SMTP_TLS_VERIFY: flag.default(true),
    /** SMTP AUTH user; with `MAILTRIAGE_SMTP_PASSWORD`. Unset: no authentication. */
    MAILTRIAGE_SMTP_USER: z.string().min(1).optional(),
    /** SMTP AUTH password; never logged. */
    MAILTRIAGE_SMTP_PASSWORD: z.string().min(1).optional(),
    /** Time to connect, greet and send one message before the attempt counts as failed, ms. */
    MAILTRIAGE_SMTP_TIMEOUT_MS: int(500, 600_000).default(30_000),
    /** Most messages handed to the SMTP server per second (all mailer processes' workers each apply it). */
    MAILTRIAGE_SMTP_MAX_PER_SECOND: int(1, 10_000).default(10),
    /** Messages sent at once per process. */
    MAILTRIAGE_MAILER_CONCURRENCY: int(1, 100).default(4),
    /** Attempts per reply, the first included: an SMTP outage delays replies until these are used up. */
    MAILTRIAGE_MAILER_ATTEMPTS: int(1, 1_000).default(40),
    /** Exponential backoff base between attempts, ms (doubles each time, up to `MAILTRIAGE_MAILER_BACKOFF_MAX_MS`). */
    MAILTRIAGE_MAILER_BACKOFF_MS: int(10, 3_600_000).default(10_000),
    /** Longest wait between two attempts, ms (default 10 min: 40 attempts span about 6 h). */
    MAILTRIAGE_MAILER_BACKOFF_MAX_MS: int(10, 86_400_000).default(600_000),
    /** From of every reply: `Partner Support <support@vendor.example>`. Required with `MAILTRIAGE_SMTP_HOST`. */
    MAILTRIAGE_REPLY_FROM: mailbox.optional(),
    /** Reply-To of every reply (usually the support inbox, so answers thread back into triage). */
    MAILTRIAGE_REPLY_TO: mailbox.optional(),
    /** Our inbox addresses (comma-separated): mail from them is never answered (the From and Reply-To addresses count already). */
    MAILTRIAGE_REPLY_OWN_ADDRESSES: addressList.default([]),
    /** Replies of any kind to one address within the window (RFC 3834: two robots can never loop). */
    MAILTRIAGE_REPLY_MAX_PER_RECIPIENT: int(1, 10_000).default(20),
    /** That window, minutes. */
    MAILTRIAGE_REPLY_WINDOW_MINUTES: int(1, 10_080).default(60),
    /** Generic-sender rejections to one address per 24 h (POLICY §3: once a day). */
    MAILTRIAGE_REPLY_REJECTIONS_PER_DAY: int(1, 100).default(1),
    /** Messages received longer ago are not answered (a backlog after downtime, an IMAP import), hours. */
    MAILTRIAGE_REPLY_MAX_AGE_HOURS: int(1, 8_760).default(72),
    /** JSON file overriding reply texts per language and key (shape of packages/domain/src/lexicon/reply-texts.json, any subset). */
    MAILTRIAGE_REPLY_TEMPLATES_FILE: z.string().min(1).optional(),
    /** pino level; addresses and texts are only logged below `info`. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    refineRedisEnv(env, ctx);
    if (env.MAILTRIAGE_SMTP_HOST !== undefined && env.MAILTRIAGE_REPLY_FROM === undefined) {
      ctx.addIssue({ code: "custom", path: ["MAILTRIAGE_REPLY_FROM"], message: "required when MAILTRIAGE_SMTP_HOST is set (the From of every reply)" });
    }
    if ((env.MAILTRIAGE_SMTP_USER === undefined) !== (env.MAILTRIAGE_SMTP_PASSWORD === undefined)) {
      ctx.addIssue({ code: "custom", path: [env.MAILTRIAGE_SMTP_USER === undefined ? "MAILTRIAGE_SMTP_USER" : "MAILTRIAGE_SMTP_PASSWORD"], message: "MAILTRIAGE_SMTP_USER and MAILTRIAGE_SMTP_PASSWORD go together" });
    }
    if (env.MAILTRIAGE_MAILER_BACKOFF_MAX_MS < env.MAILTRIAGE_MAILER_BACKOFF_MS) {
      ctx.addIssue({ code: "custom", path: ["MAILTRIAGE_MAILER_BACKOFF_MAX_MS"], message: "must not be below MAILTRIAGE_MAILER_BACKOFF_MS" });
    }
  });

export type MailerEnv = z.output<typeof MailerEnvSchema>;

/** True when replies are configured (`MAILTRIAGE_SMTP_HOST` set). */
export function mailerEnabled(env: MailerEnv): boolean {
  return env.MAILTRIAGE_SMTP_HOST !== undefined;
}

/**
 * Reads the mailer's settings from `env` (usually `process.env`).
 * @throws ConfigError naming each bad key (`MAILTRIAGE_SMTP_PORT: Too big: …`); values are never echoed.
 */
export function parseMailerEnv(env: Record<string, string | undefined>): MailerEnv {
  const known = Object.keys(MailerEnvSchema.shape);
  const input = Object.fromEntries(known.flatMap((key) => (env[key] === undefined || env[key] === "" ? [] : [[key, env[key]]])));
  const parsed = MailerEnvSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("\n"));
  return parsed.data;
}
