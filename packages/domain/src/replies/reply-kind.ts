/**
 * The automatic replies a partner can get (issue 5): an acknowledgement of a new ticket, a
 * request for the customer's consent (POLICY §6), and the generic-sender rejection (POLICY §3).
 */
export type ReplyKind = "acknowledgement" | "consent_request" | "generic_sender_rejection";

/** A reply sent (or queued) earlier to the same recipient: what the rate limits count. */
export interface SentReply {
  /** The reply's id (`replyIdFor`). */
  replyId: string;
  kind: ReplyKind;
  /** When it was queued, ISO-8601. */
  at: string;
}

/**
 * The id of a reply, also its outbound job id: one reply of a kind per ticket (`ack-MT-…`,
 * `consent-MT-…`) and one rejection per events-stream entry (`reject-<entry id>`), so an event
 * read twice plans the same reply, never a second one. Only `[A-Za-z0-9-]` (BullMQ ids may not
 * hold `:`).
 */
export function replyIdFor(kind: ReplyKind, subject: { ticketId: string | null; eventId: string }): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9-]/g, "-");
  switch (kind) {
    case "acknowledgement":
      return `ack-${clean(subject.ticketId ?? subject.eventId)}`;
    case "consent_request":
      return `consent-${clean(subject.ticketId ?? subject.eventId)}`;
    case "generic_sender_rejection":
      return `reject-${clean(subject.eventId)}`;
  }
}
