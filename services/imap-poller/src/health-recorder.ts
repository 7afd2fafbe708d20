import type { RedisClient } from "@mailtriage/store";
import type { ConnectionState, MailboxHealth } from "./mailbox-health";
import type { PollerKeys } from "./poller-keys";

/**
 * Keeps one mailbox's health on this replica (`snapshot()`), and mirrors it to Redis
 * (`P:imap:<id>:health`) while this replica leads, so an API process can read it. Redis
 * trouble never stops polling: a failed write is reported to `onError` and dropped.
 */
export class HealthRecorder {
  #health: MailboxHealth;
  #leading = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: PollerKeys,
    mailboxId: string,
    private readonly instance: string,
    private readonly onError: (err: Error) => void,
  ) {
    this.#health = { mailboxId, state: "starting", instance, lastPollAt: null, lastError: null, fetched: 0, tooLarge: 0, backlog: 0, firstSeenAt: null, updatedAt: null, rssBytes: 0, heapUsedBytes: 0 };
  }

  /** This replica's view (counters count this replica's work only). */
  snapshot(): MailboxHealth {
    return { ...this.#health };
  }

  /** Registers the mailbox for readers (`P:imap:mailboxes`) and stamps `firstSeenAt` once. */
  async register(now: Date): Promise<void> {
    const id = this.#health.mailboxId;
    await this.redis.multi().sadd(this.keys.mailboxes, id).hsetnx(this.keys.health(id), "firstSeenAt", now.toISOString()).exec();
    this.#health.firstSeenAt = (await this.redis.hget(this.keys.health(id), "firstSeenAt")) ?? now.toISOString();
  }

  /** Leading: subsequent changes are written to Redis. */
  lead(leading: boolean): void {
    this.#leading = leading;
  }

  state(state: ConnectionState, error?: Error): void {
    this.#health.state = state;
    const fields: Record<string, string> = { state };
    if (error !== undefined) fields.lastError = this.#health.lastError = oneLine(error);
    this.#write(fields);
  }

  /** A poll succeeded: the server answered SELECT and the cursor is known. */
  polled(backlog: number, now: Date): void {
    this.#health.lastPollAt = now.toISOString();
    this.#health.backlog = backlog;
    this.#write({ lastPollAt: this.#health.lastPollAt, backlog: String(backlog) });
  }

  counted(queued: number, tooLarge: number): void {
    this.#health.fetched += queued;
    this.#health.tooLarge += tooLarge;
    if (!this.#leading || (queued === 0 && tooLarge === 0)) return;
    const key = this.keys.health(this.#health.mailboxId);
    this.redis.multi().hincrby(key, "fetched", queued).hincrby(key, "tooLarge", tooLarge).exec().catch(this.onError);
  }

  #write(fields: Record<string, string>): void {
    const memory = process.memoryUsage();
    this.#health.rssBytes = memory.rss;
    this.#health.heapUsedBytes = memory.heapUsed;
    this.#health.updatedAt = new Date().toISOString();
    if (!this.#leading) return;
    const all = { ...fields, instance: this.instance, updatedAt: this.#health.updatedAt, rssBytes: String(memory.rss), heapUsedBytes: String(memory.heapUsed) };
    this.redis.hset(this.keys.health(this.#health.mailboxId), all).catch(this.onError);
  }
}

/** Error text for health and logs: first line, capped (server responses can be long). */
function oneLine(error: Error): string {
  // imapflow's failed login is a bare "Command failed"; say what it means.
  if ((error as { authenticationFailed?: boolean }).authenticationFailed === true) return "authentication failed (check user and password or token)";
  const code = (error as NodeJS.ErrnoException).code;
  const text = (error.message.split("\n")[0] ?? "").slice(0, 300);
  return code !== undefined && !text.includes(code) ? `${text} (${code})` : text;
}
