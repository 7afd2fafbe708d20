import { createHash } from "node:crypto";

/** The two SLA phases whose clocks a ticket runs (POLICY §5). */
export type SlaPhase = "acknowledge" | "determine";

/** Outcomes a message record can have (CONTRACT "Triage result"). */
export type MessageOutcome = "ticket" | "followup" | "rejected" | "ignored" | "failed";

/** Filters that have a ticket index of their own (see README "Key layout"). */
export type TicketIndexName = "all" | "status" | "severity" | "partner" | "language" | "breached";

/**
 * Every Redis key of the store, built from one prefix (README "Key layout"). Every key starts
 * with `root`, the prefix in braces: a Redis Cluster hash tag, so all keys of one installation
 * hash to one slot and each Lua script, MULTI and BullMQ script touches one node (README
 * "Redis topologies"). The same layout on every topology: a standalone Redis ignores the braces.
 */
export interface StoreKeys {
  /** The configured prefix (`MAILTRIAGE_REDIS_PREFIX`), without braces: for logs and `keyRoot`. */
  readonly prefix: string;
  /** `{<prefix>}`: the start of every key; keys kept outside the store (API keys, poller, mailer) start with it too. */
  readonly root: string;
  /** BullMQ's own `prefix` option: queues live under `{<prefix>}:bull:<queue>:…`, in the store's slot. */
  readonly bullPrefix: string;
  /** Raw message bytes, stored once under their hex SHA-256. */
  raw(sha256: string): string;
  /** Message record (JSON) of one identity (`id:<Message-ID>` or `sha:<hex>`), keyed by its hash. */
  message(identity: string): string;
  /** The same key from the identity's hash (as found in a message index member). */
  messageByHash(identityHash: string): string;
  /** Lex index (score 0, member `<ms>|<identity hash>`) of message records by outcome. */
  messageIndex(outcome: MessageOutcome): string;
  /** Message-ID → id of the ticket that message belongs to (threading). */
  thread(messageId: string): string;
  /** Ticket document (JSON). */
  ticket(ticketId: string): string;
  /** Ticket version counter, the optimistic-concurrency token. */
  ticketVersion(ticketId: string): string;
  /** List of the identities of the ticket's messages, in the order they were applied. */
  ticketMessages(ticketId: string): string;
  /** List of the ticket's events (JSON), oldest first. */
  ticketEvents(ticketId: string): string;
  /** List of the automatic replies sent (or given up) for the ticket (the mailer's `ReplyRecord` JSON), oldest first. */
  ticketReplies(ticketId: string): string;
  /** Lex index of tickets (score 0, member `<ms>|<ticket id>`), all tickets or by one filter value. */
  ticketIndex(name: TicketIndexName, value?: string): string;
  /** Sorted set of tickets by due time (ms) of a running phase, scanned for breaches. */
  due(phase: SlaPhase): string;
  /** Sorted set of resolved tickets: ticket id, score = `resolvedAt` ms (the retention sweep's candidates). */
  readonly resolvedTickets: string;
  /** Last `status:resolved` index member the retention backfill reached, or `done` (`retention.ts`). */
  readonly retentionBackfill: string;
  /** Hash kind → count of what the retention sweep removed (`tickets`, `records`, `raws`), for metrics. */
  readonly retentionRemoved: string;
  /** Stream of every event (ticket and message), the source for webhooks. */
  readonly events: string;
  /** Hash partner id → partner JSON. */
  readonly partners: string;
  /** Hash domain → partner id (uniqueness of partner domains). */
  readonly partnerDomains: string;
  /** Hash account domain → account JSON. */
  readonly accounts: string;
  /** Counter bumped on every registry change; caches compare it. */
  readonly registryVersion: string;
  /** Set once the registries were seeded from files (never re-seeded after that). */
  readonly registrySeeded: string;
  /** Counter of re-drives of one raw message (gives each re-drive job a fresh id). */
  redrive(sha256: string): string;
  /** Sorted set of a partner's basic tickets: ticket id, score = receive time ms (POLICY §5 flood). */
  basicTickets(partnerId: string): string;
  /** Window end (ms) of a partner's last flood notification: the flood's compare-and-set token. */
  floodNotifiedAt(partnerId: string): string;
  /** List of flood notifications (JSON), oldest first: all partners, or one partner's. */
  floodNotifications(partnerId?: string): string;
  /** Webhook delivery record (JSON) of one delivery id. */
  webhookDelivery(deliveryId: string): string;
  /** Sorted set of webhook delivery ids by first attempt (ms): the capped delivery log. */
  readonly webhookDeliveries: string;
  /**
   * Message-ID of a message taken in (queued) → its job id: lets a reply whose parent is still
   * in the queue wait for it instead of opening a ticket of its own (`queued-messages.ts`).
   */
  queuedMessage(messageId: string): string;
  /** Namespace of the API's rate-limit counters: `<namespace><API key id or client address>` (@fastify/rate-limit). */
  readonly rateLimit: string;
}

/** Hex SHA-256 of a string: keeps arbitrary Message-IDs out of key names (length, bytes). */
export function hashIdentity(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The start of every key of the installation using `prefix`: `{<prefix>}`, a Redis Cluster hash
 * tag (only the part in braces is hashed, so every key lands in one slot). The prefix may not
 * contain glob characters or braces, and the closing brace ends it, so `SCAN MATCH {<prefix>}:*`
 * finds exactly this installation's keys (prefixes `a` and `a:b` no longer overlap).
 * @throws RangeError on an unusable prefix.
 */
export function keyRoot(prefix: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(prefix)) throw new RangeError(`invalid Redis key prefix "${prefix}": use letters, digits, _ . : -`);
  return `{${prefix}}`;
}

/**
 * Builds every key from `prefix` (e.g. `"mailtriage"`): `{mailtriage}:ticket:<id>` … (`keyRoot`).
 * @throws RangeError on an unusable prefix.
 */
export function storeKeys(prefix: string): StoreKeys {
  const p = keyRoot(prefix);
  return {
    prefix,
    root: p,
    bullPrefix: `${p}:bull`,
    raw: (sha256) => `${p}:raw:${sha256}`,
    message: (identity) => `${p}:msg:${hashIdentity(identity)}`,
    messageByHash: (hash) => `${p}:msg:${hash}`,
    messageIndex: (outcome) => `${p}:idx:message:${outcome}`,
    thread: (messageId) => `${p}:thread:${hashIdentity(messageId)}`,
    ticket: (id) => `${p}:ticket:${id}`,
    ticketVersion: (id) => `${p}:ticket:${id}:version`,
    ticketMessages: (id) => `${p}:ticket:${id}:messages`,
    ticketEvents: (id) => `${p}:ticket:${id}:events`,
    ticketReplies: (id) => `${p}:ticket:${id}:replies`,
    ticketIndex: (name, value) => (name === "all" ? `${p}:idx:ticket:all` : `${p}:idx:ticket:${name}:${value ?? ""}`),
    due: (phase) => `${p}:due:${phase}`,
    resolvedTickets: `${p}:idx:ticket:resolved-at`,
    retentionBackfill: `${p}:retention:backfill`,
    retentionRemoved: `${p}:retention:removed`,
    events: `${p}:events`,
    partners: `${p}:registry:partners`,
    partnerDomains: `${p}:registry:partner-domains`,
    accounts: `${p}:registry:accounts`,
    registryVersion: `${p}:registry:version`,
    registrySeeded: `${p}:registry:seeded`,
    redrive: (sha256) => `${p}:redrive:${sha256}`,
    // Partner ids are free text (registry): hashed like Message-IDs to keep key names tame.
    basicTickets: (partnerId) => `${p}:flood:${hashIdentity(partnerId)}:basic`,
    floodNotifiedAt: (partnerId) => `${p}:flood:${hashIdentity(partnerId)}:notified-at`,
    floodNotifications: (partnerId) => (partnerId === undefined ? `${p}:flood:notifications` : `${p}:flood:${hashIdentity(partnerId)}:notifications`),
    webhookDelivery: (deliveryId) => `${p}:webhook:delivery:${deliveryId}`,
    webhookDeliveries: `${p}:webhook:deliveries`,
    queuedMessage: (messageId) => `${p}:queued:${hashIdentity(messageId)}`,
    rateLimit: `${p}:rate-limit:`,
  };
}

/**
 * Member of a lex index: zero-padded epoch milliseconds, `|`, the id. Lexical order is then
 * time order with the id as tie-breaker, which makes cursors exact even when many tickets share
 * one receive instant.
 */
export function lexMember(receivedAt: string, id: string): string {
  return `${lexTime(receivedAt)}|${id}`;
}

/** The zero-padded time part of a lex member (for range bounds). */
export function lexTime(iso: string): string {
  const ms = Date.parse(iso);
  return String(Number.isFinite(ms) && ms > 0 ? ms : 0).padStart(15, "0");
}
