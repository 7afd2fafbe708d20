import type { Policy } from "@mailtriage/contracts";
import type { ThreadKeys, ThreadLookup } from "@mailtriage/domain";
import type { RedisClient } from "./redis-connection";
import { applyDecision, type ApplyOutcome, type Decision } from "./apply-decision";
import { checkBasicFlood, listNotifications, type BasicFloodCheck, type BasicTicket, type FloodNotification } from "./basic-flood";
import type { MessageOutcome, StoreKeys } from "./keys";
import type { MessageRecord } from "./message-record";
import type { OperatorEvent } from "./operator-event";
import { findQueuedParents } from "./queued-messages";
import { recordEvent, type RecordedEvent } from "./record-event";
import { scanSla, type SlaScanReport } from "./sla-scan";
import type { StoreContext } from "./store-context";
import type { TicketDocument } from "./ticket-document";
import { listMessages, listTickets, type Page, type TicketQuery } from "./ticket-list";
import { getMessage, getTicket, getTicketDocument, lookupThread, type TicketView } from "./ticket-reader";

/**
 * Tickets, their messages and events in Redis (README "Key layout"). Every write is one
 * atomic Lua script; concurrent writers to one ticket meet at its version (compare-and-set).
 */
export interface TicketStore {
  /**
   * Stores a triage decision: idempotent by message identity (`duplicate` returns the earlier
   * record), compare-and-set on the parent ticket (`conflict`: re-read, re-triage, retry).
   */
  applyDecision(decision: Decision): Promise<ApplyOutcome>;
  /** A ticket with its messages and events (for `GET /v1/tickets/:id`); null when unknown or malformed. */
  getTicket(ticketId: string): Promise<TicketView | null>;
  /** Only the ticket document (what a worker needs to triage a follow-up); null when unknown. */
  getTicketDocument(ticketId: string): Promise<TicketDocument | null>;
  /** Tickets by filters, newest received first, 50 per page by default. @throws InvalidCursorError, RangeError (limit). */
  listTickets(query?: TicketQuery): Promise<Page<TicketDocument>>;
  /** The record of a message identity (`messageIdentity(messageId, rawSha256)`): the earlier result of a repeat. */
  getMessageResult(identity: string): Promise<MessageRecord | null>;
  /** Message records of one outcome, newest first. */
  listMessages(query: { outcome: MessageOutcome; limit?: number; cursor?: string | null }): Promise<Page<MessageRecord>>;
  /** `failed` message records (kept with their raw bytes; re-drive with `Intake.redrive`). */
  listFailed(query?: { limit?: number; cursor?: string | null }): Promise<Page<MessageRecord>>;
  /** Thread lookups for the domain's `matchThread`. */
  lookupThread(keys: ThreadKeys): Promise<ThreadLookup>;
  /** Of the Message-IDs a reply refers to, those still queued or being triaged, or stored with a ticket since `lookupThread`: its parent is on the way. */
  findQueuedParents(messageIds: readonly string[]): Promise<string[]>;
  /** Records an operator event and what it did to the SLA; null when the ticket is unknown. */
  recordEvent(ticketId: string, event: OperatorEvent): Promise<RecordedEvent | null>;
  /** Marks phases past due as breached, once (POLICY §5). */
  scanSla(now: Date, options?: { batch?: number }): Promise<SlaScanReport>;
  /** Counts a stored basic ticket towards its partner's flood window; notifies once per window (POLICY §5). */
  checkBasicFlood(ticket: BasicTicket): Promise<BasicFloodCheck>;
  /** Basic-request flood notifications, newest first (all partners or one). @throws RangeError (limit). */
  listNotifications(query?: { partnerId?: string; limit?: number }): Promise<FloodNotification[]>;
}

export interface TicketStoreOptions {
  keys: StoreKeys;
  /** Holidays (consent restarts a clock), escalation contacts (breach events) and `basicFlood` come from here. */
  policy: Policy;
  /** The store's clock for `updatedAt`/`recordedAt` (default: the wall clock). */
  now?: () => Date;
}

/** A ticket store on `redis`; it does not own the connection (the caller closes it). */
export function createTicketStore(redis: RedisClient, options: TicketStoreOptions): TicketStore {
  const clock = options.now ?? (() => new Date());
  const ctx: StoreContext = { redis, keys: options.keys, policy: options.policy, now: () => clock().toISOString() };
  return {
    applyDecision: (decision) => applyDecision(ctx, decision),
    getTicket: (id) => getTicket(ctx, id),
    getTicketDocument: (id) => getTicketDocument(ctx, id),
    listTickets: (query = {}) => listTickets(ctx, query),
    getMessageResult: (identity) => getMessage(ctx, identity),
    listMessages: (query) => listMessages(ctx, query),
    listFailed: (query = {}) => listMessages(ctx, { ...query, outcome: "failed" }),
    lookupThread: (keys) => lookupThread(ctx, keys),
    findQueuedParents: (messageIds) => findQueuedParents(ctx, messageIds),
    recordEvent: (id, event) => recordEvent(ctx, id, event),
    scanSla: (now, scanOptions) => scanSla(ctx, now, scanOptions),
    checkBasicFlood: (ticket) => checkBasicFlood(ctx, ticket),
    listNotifications: (query = {}) => listNotifications(ctx, query),
  };
}
