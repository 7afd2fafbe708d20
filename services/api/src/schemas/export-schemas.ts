import { TicketQuerySchema } from "./ticket-schemas";

/**
 * Filters of `GET /v1/export/tickets` and `pnpm export`: the ticket list's (`GET /v1/tickets`),
 * combined with AND, without paging (the export walks every page itself).
 */
export const TicketExportQuerySchema = TicketQuerySchema.omit({ limit: true, cursor: true });
