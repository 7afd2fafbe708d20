import type { TriageResult } from "@mailtriage/contracts";
import { matchThread, threadKeys, type InboundMessage, type TicketState } from "@mailtriage/domain";

/**
 * What one offline run remembers so that its messages thread with each other and a repeat
 * makes nothing new, as the service does with Redis (POLICY §7, CONTRACT "Offline command").
 */
export class RunState {
  private readonly ticketByMessageId = new Map<string, string>();
  private readonly tickets = new Map<string, TicketState>();
  private readonly firstByIdentity = new Map<string, TriageResult>();

  constructor(private readonly ticketPrefix: string) {}

  /** The earlier result for the same Message-ID or the same bytes, if any. */
  seenBefore(messageId: string | null, contentSha256: string): TriageResult | undefined {
    return (messageId !== null ? this.firstByIdentity.get(`id:${messageId}`) : undefined) ?? this.firstByIdentity.get(`sha:${contentSha256}`);
  }

  /** The ticket this message follows up, if any. */
  parentOf(message: InboundMessage): TicketState | null {
    const keys = threadKeys(message, this.ticketPrefix);
    const match = matchThread(keys, { byMessageId: this.ticketByMessageId, existingTickets: new Set(this.tickets.keys()) }, message.inReplyTo);
    return match === null ? null : (this.tickets.get(match.ticketId) ?? null);
  }

  /** Records a result (and the ticket state it produced). */
  record(result: TriageResult, ticket: TicketState | null): void {
    if (result.messageId !== null && !this.firstByIdentity.has(`id:${result.messageId}`)) this.firstByIdentity.set(`id:${result.messageId}`, result);
    if (result.contentSha256 !== undefined && !this.firstByIdentity.has(`sha:${result.contentSha256}`)) this.firstByIdentity.set(`sha:${result.contentSha256}`, result);
    if (ticket !== null) {
      this.tickets.set(ticket.ticketId, ticket);
      if (result.messageId !== null) this.ticketByMessageId.set(result.messageId, ticket.ticketId);
    }
  }
}
