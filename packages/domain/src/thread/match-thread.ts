import type { InboundMessage } from "../message";

/** Where to look for the ticket a message belongs to (the caller does the lookups). */
export interface ThreadKeys {
  /** `In-Reply-To` then `References` newest first, deduplicated. */
  messageIds: string[];
  /** Ticket ids written in the subject as `[MT-XXXXXXXXXX]` (or bare `MT-XXXXXXXXXX`). */
  ticketIds: string[];
}

/** What the caller found for the keys. */
export interface ThreadLookup {
  /** Stored Message-ID → ticket id. */
  byMessageId: ReadonlyMap<string, string>;
  /** Ticket ids that exist. */
  existingTickets: ReadonlySet<string>;
}

export interface ThreadMatch {
  ticketId: string;
  via: "in_reply_to" | "references" | "subject_reference";
}

/** The keys to look up for a message (POLICY §2 `followup`). */
export function threadKeys(message: Pick<InboundMessage, "inReplyTo" | "references" | "subject">, prefix: string): ThreadKeys {
  const ids = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string => id !== null && id !== "");
  const tag = new RegExp(`\\b${prefix}-[0-9A-HJKMNP-TV-Z]{10}\\b`, "g");
  const ticketIds = message.subject.slice(0, 1000).toUpperCase().match(tag) ?? [];
  return { messageIds: [...new Set(ids)], ticketIds: [...new Set(ticketIds)] };
}

/**
 * The ticket a message follows up, or null for a new conversation: `In-Reply-To` first, then
 * `References` (newest first), then a ticket reference in the subject.
 */
export function matchThread(keys: ThreadKeys, found: ThreadLookup, inReplyTo: string | null): ThreadMatch | null {
  for (const id of keys.messageIds) {
    const ticketId = found.byMessageId.get(id);
    if (ticketId !== undefined) return { ticketId, via: id === inReplyTo ? "in_reply_to" : "references" };
  }
  const ref = keys.ticketIds.find((t) => found.existingTickets.has(t));
  return ref === undefined ? null : { ticketId: ref, via: "subject_reference" };
}
