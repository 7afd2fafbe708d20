import { z } from "zod";

/**
 * One mailbox to poll (an entry of `MAILTRIAGE_IMAP_MAILBOXES` or of the config file's
 * `mailboxes`). Unknown keys are errors (a typo must not silently turn a setting off).
 */
export const MailboxConfigSchema = z
  .strictObject({
    /** Stable name of this mailbox: Redis keys (cursor, leader lock, health) and logs use it. 1-64 letters, digits, `_ . -`. */
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "use 1-64 letters, digits, _ . -"),
    host: z.string().min(1),
    /** Default: 993 with `tls`, 143 without. */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Implicit TLS (IMAPS). `false` connects in clear text and does not try STARTTLS (loopback tests only). */
    tls: z.boolean().default(true),
    user: z.string().min(1),
    /** Password (LOGIN / AUTH=PLAIN). Exactly one of `password` and `accessToken`. */
    password: z.string().min(1).optional(),
    /** OAuth2 access token (XOAUTH2 / OAUTHBEARER). Refreshing it is the operator's job (README "Gaps"). */
    accessToken: z.string().min(1).optional(),
    /** The folder to read. */
    mailbox: z.string().min(1).default("INBOX"),
    /** After a message's job is queued: flag it `\Seen`, or move it to `processedFolder`. */
    onProcessed: z.enum(["seen", "move"]).default("seen"),
    /** Destination of processed messages with `onProcessed: "move"` (created when missing). */
    processedFolder: z.string().min(1).optional(),
    /** Where messages that are not downloaded (over `maxMessageBytes`) are moved (created when missing). */
    unprocessableFolder: z.string().min(1).default("Unprocessable"),
    /** Re-check interval, ms: with IDLE, a re-SELECT this often so a silently dead IDLE cannot stall ingestion; without IDLE, the poll interval. */
    pollIntervalMs: z.number().int().min(100).max(3_600_000).default(60_000),
    /** Use IMAP IDLE when the server offers it (else polling every `pollIntervalMs`). */
    idle: z.boolean().default(true),
    /**
     * Where the very first start reads from (no cursor saved yet for this mailbox id): `all`
     * triages every message already in the folder, `new` starts at UIDNEXT and takes only mail
     * arriving from then on (for an inbox with years of history). Later starts resume from the
     * saved cursor either way; a UIDVALIDITY change re-scans the folder (Message-IDs keep it from
     * ticketing twice).
     */
    startAt: z.enum(["all", "new"]).default("all"),
    /** UIDs per catch-up batch: one FETCH per range, then one STORE/MOVE. Bounds memory and the work lost to a crash. */
    batchSize: z.number().int().min(1).max(5_000).default(100),
    /** Messages larger than this (RFC822.SIZE) are rejected `too_large` without download. Default: the policy's `limits.maxMessageBytes` (POLICY §7). */
    maxMessageBytes: z.number().int().positive().optional(),
    /** A command (connect, SELECT, FETCH, STORE, MOVE) taking longer than this drops the connection and reconnects, ms. */
    commandTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  })
  .superRefine((box, ctx) => {
    if ((box.password === undefined) === (box.accessToken === undefined)) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "set exactly one of password and accessToken" });
    }
    if (box.onProcessed === "move" && box.processedFolder === undefined) {
      ctx.addIssue({ code: "custom", path: ["processedFolder"], message: 'required when onProcessed is "move"' });
    }
    if (box.processedFolder !== undefined && box.processedFolder === box.mailbox) {
      ctx.addIssue({ code: "custom", path: ["processedFolder"], message: "must differ from mailbox" });
    }
    if (box.unprocessableFolder === box.mailbox) {
      ctx.addIssue({ code: "custom", path: ["unprocessableFolder"], message: "must differ from mailbox" });
    }
  });

/** A mailbox as configured (defaults applied; `port`/`maxMessageBytes` may still be unset). */
export type MailboxConfig = z.output<typeof MailboxConfigSchema>;

/** A mailbox ready to poll: port and size limit resolved. */
export type ResolvedMailbox = MailboxConfig & { port: number; maxMessageBytes: number };

/** Fills the defaults that depend on other settings: the port from `tls`, the size limit from the policy. */
export function resolveMailbox(box: MailboxConfig, policyMaxMessageBytes: number): ResolvedMailbox {
  return { ...box, port: box.port ?? (box.tls ? 993 : 143), maxMessageBytes: box.maxMessageBytes ?? policyMaxMessageBytes };
}
