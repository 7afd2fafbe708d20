import type { Policy } from "@mailtriage/contracts";
import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";

/** What every store function needs: the connection, the key builder, the policy and a clock. */
export interface StoreContext {
  redis: RedisClient;
  keys: StoreKeys;
  policy: Policy;
  /** The current time, ISO-8601 (injected so tests control it). */
  now(): string;
}

/** Several writers changed the same ticket at once, again and again: retry later. */
export class ConcurrentUpdateError extends Error {
  override readonly name = "ConcurrentUpdateError";
}

/** How often a compare-and-set write is retried after a version conflict. */
export const MAX_WRITE_ATTEMPTS = 8;

/** Ticket ids as minted by the domain (`ticketIdFor`): `<PREFIX>-<10 base32>`. */
export function isTicketId(value: string): boolean {
  return /^[A-Z]{2,6}-[0-9A-Z]{10}$/.test(value);
}
