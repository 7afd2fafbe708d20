import type { RedisClient, StoreKeys, TicketQuery, TicketStore } from "@mailtriage/store";
import { readTicketJson } from "./ticket-json";

/** The ticket list's filters, without paging: what an export selects. */
export type TicketExportQuery = Omit<TicketQuery, "limit" | "cursor">;

/** What an export reads: the list (for ids, page by page) and the ticket documents. */
export interface TicketExportSource {
  redis: RedisClient;
  keys: StoreKeys;
  tickets: Pick<TicketStore, "listTickets">;
}

/** Tickets listed, then read, per round: what memory holds at most. */
const PAGE_SIZE = 200;
const NEWLINE = Buffer.from("\n");

/**
 * Every ticket matching `query` as JSON Lines, newest received first: one line per ticket, each
 * exactly the body of `GET /v1/tickets/:id` (`readTicketJson`) and a newline. It walks the
 * list's cursor one page at a time and yields as the consumer pulls, so memory holds one page
 * however many tickets match (an HTTP response or a file is written at the consumer's pace).
 * A ticket removed between its page and its read (retention) is left out.
 * @throws RangeError on a bad filter (as `listTickets`); Redis errors as they come.
 */
export async function* ticketLines(source: TicketExportSource, query: TicketExportQuery): AsyncGenerator<Buffer> {
  let cursor: string | null = null;
  do {
    const page = await source.tickets.listTickets({ ...query, limit: PAGE_SIZE, cursor });
    // One page's reads at once: they share the connection's pipeline.
    const documents = await Promise.all(page.items.map((ticket) => readTicketJson(source.redis, source.keys, ticket.ticketId)));
    for (const json of documents) if (json !== null) yield Buffer.concat([json, NEWLINE]);
    cursor = page.nextCursor;
  } while (cursor !== null);
}
