import { keyRoot } from "@mailtriage/store";

/**
 * The poller's Redis keys, beside the store's under the same key root `{P}`
 * (`MAILTRIAGE_REDIS_PREFIX` in braces: the installation's Cluster slot, so the cursor script
 * may touch the lock and the cursor at once). README "Redis keys".
 */
export interface PollerKeys {
  /** Set of configured mailbox ids (what a health reader in another process walks). */
  mailboxes: string;
  /** `"<uidValidity>:<nextUid>"`: the mailbox's cursor. */
  cursor(mailboxId: string): string;
  /** The leader lock: holder token, with a TTL. */
  leader(mailboxId: string): string;
  /** Hash: the mailbox's health and counters (`MailboxHealth`). */
  health(mailboxId: string): string;
}

/** Keys of the installation using `prefix` (the store's configured prefix, e.g. `mailtriage`). */
export function pollerKeys(prefix: string): PollerKeys {
  const base = `${keyRoot(prefix)}:imap`;
  return {
    mailboxes: `${base}:mailboxes`,
    cursor: (id) => `${base}:${id}:cursor`,
    leader: (id) => `${base}:${id}:leader`,
    health: (id) => `${base}:${id}:health`,
  };
}
