import { ConfigError, redisEnvShape, refineRedisEnv } from "@mailtriage/config";
import { z } from "zod";
import { MailboxConfigSchema, type MailboxConfig } from "./mailbox-config";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The poller's environment: every key it reads, documented here. Empty values count as unset.
 * Mailboxes come from `MAILTRIAGE_IMAP_MAILBOXES` and/or `MAILTRIAGE_IMAP_CONFIG_FILE` (both
 * may be given: their lists are joined; ids must be unique).
 */
export const PollerEnvSchema = z.object({
  ...redisEnvShape,
  /** Operator policy file; the poller reads `limits.maxMessageBytes` from it. */
  MAILTRIAGE_POLICY_FILE: z.string().min(1).optional(),
  /** JSON array of mailboxes (mailbox-config.ts), e.g. `[{"id":"support","host":"imap.example.com","user":"support","password":"…"}]`. */
  MAILTRIAGE_IMAP_MAILBOXES: z.string().min(1).optional(),
  /** JSON file `{ "mailboxes": [ … ] }` (or a bare array) with the same entries; keeps passwords out of the environment listing. */
  MAILTRIAGE_IMAP_CONFIG_FILE: z.string().min(1).optional(),
  /** Leader lock lifetime, ms: renewed every third of it; a dead leader is replaced within about this long. */
  MAILTRIAGE_IMAP_LOCK_TTL_MS: int(500, 600_000).default(10_000),
  /** Readiness fails when a mailbox has not been reachable (a successful poll) for this long, ms. */
  MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS: int(1_000, 7 * 24 * 3_600_000).default(300_000),
  /** Reconnect backoff: first wait's bound, ms (doubles per failure, equal jitter). */
  MAILTRIAGE_IMAP_BACKOFF_BASE_MS: int(10, 600_000).default(1_000),
  /** Reconnect backoff: longest wait, ms. */
  MAILTRIAGE_IMAP_BACKOFF_MAX_MS: int(10, 3_600_000).default(60_000),
  /** pino level; message bodies and addresses are never logged. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).superRefine((env, ctx) => refineRedisEnv(env, ctx));

/** The poller's settings, mailboxes included. */
export type PollerEnv = Omit<z.output<typeof PollerEnvSchema>, "MAILTRIAGE_IMAP_MAILBOXES"> & { mailboxes: MailboxConfig[] };

/**
 * Reads the poller's settings from `env` (usually `process.env`); `readFile` reads the config
 * file (injected for tests). Errors name the key and never echo values (they may hold passwords):
 * `MAILTRIAGE_IMAP_MAILBOXES: 0.port: Too big: …`, `poller.json: mailboxes.1.user: …`.
 * @throws ConfigError listing every problem.
 */
export function parsePollerEnv(env: Record<string, string | undefined>, readFile: (path: string) => string): PollerEnv {
  const known = Object.keys(PollerEnvSchema.shape);
  const input = Object.fromEntries(known.flatMap((key) => (env[key] === undefined || env[key] === "" ? [] : [[key, env[key]]])));
  const parsed = PollerEnvSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("\n"));
  const { MAILTRIAGE_IMAP_MAILBOXES: inline, ...settings } = parsed.data;
  const problems: string[] = [];
  const mailboxes: MailboxConfig[] = [];
  if (inline !== undefined) mailboxes.push(...readMailboxList("MAILTRIAGE_IMAP_MAILBOXES", inline, "", problems));
  if (settings.MAILTRIAGE_IMAP_CONFIG_FILE !== undefined) {
    const file = settings.MAILTRIAGE_IMAP_CONFIG_FILE;
    let text: string | null = null;
    try {
      text = readFile(file);
    } catch (err) {
      problems.push(`MAILTRIAGE_IMAP_CONFIG_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (text !== null) mailboxes.push(...readMailboxList(file, text, "mailboxes", problems));
  }
  if (inline === undefined && settings.MAILTRIAGE_IMAP_CONFIG_FILE === undefined) problems.push("MAILTRIAGE_IMAP_MAILBOXES: no mailbox configured (set it or MAILTRIAGE_IMAP_CONFIG_FILE)");
  const seen = new Set<string>();
  for (const box of mailboxes) {
    if (seen.has(box.id)) problems.push(`MAILTRIAGE_IMAP_MAILBOXES: mailbox id "${box.id}" is configured twice`);
    seen.add(box.id);
  }
  if (settings.MAILTRIAGE_IMAP_BACKOFF_MAX_MS < settings.MAILTRIAGE_IMAP_BACKOFF_BASE_MS) problems.push("MAILTRIAGE_IMAP_BACKOFF_MAX_MS: must not be below MAILTRIAGE_IMAP_BACKOFF_BASE_MS");
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return { ...settings, mailboxes };
}

/** Parses one source's JSON list; `wrapper` is the object key holding it in a file (a bare array is accepted too). */
function readMailboxList(source: string, text: string, wrapper: string, problems: string[]): MailboxConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(`${source}: not valid JSON`);
    return [];
  }
  const list = wrapper !== "" && json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>)[wrapper] : json;
  const prefix = wrapper !== "" && !Array.isArray(json) ? `${wrapper}.` : "";
  const parsed = z.array(MailboxConfigSchema).min(1, "expected at least one mailbox").safeParse(list);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys.join(", ")] : issue.path;
    const message = issue.code === "unrecognized_keys" ? "unknown key (a typo?)" : issue.message;
    problems.push(`${source}: ${path.length > 0 ? prefix + path.map(String).join(".") : (prefix.slice(0, -1) || "(top level)")}: ${message}`);
  }
  return [];
}
