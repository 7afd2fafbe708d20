import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ticketLines } from "../data/ticket-export";
import { errorResponses } from "../schemas/common-schemas";
import { TicketExportQuerySchema } from "../schemas/export-schemas";

/** Media type of JSON Lines (one JSON document per line). */
export const NDJSON = "application/x-ndjson";

const ExportBodySchema = z.string().describe("JSON Lines: one `GET /v1/tickets/{id}` document per line, newest received first");

/**
 * `GET /v1/export/tickets` (admin): every ticket matching the list's filters as JSON Lines, for
 * archiving (README "Retention and export"). Streamed: the first page is read before the
 * answer starts, so a bad filter or an unreachable Redis is an ordinary error response; after
 * that the body is written page by page at the client's pace, never held whole in memory.
 */
export const exportRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    "/v1/export/tickets",
    {
      config: { scope: "admin" },
      schema: {
        tags: ["export"],
        summary: "Export tickets as JSON Lines (streamed)",
        description:
          "Filters as `GET /v1/tickets` (AND), no paging: every match, one ticket per line, each line the body of `GET /v1/tickets/{id}`. A connection that breaks mid-way leaves a last line without its newline. The same export offline: `pnpm export`.",
        querystring: TicketExportQuerySchema,
        produces: [NDJSON],
        response: { 200: ExportBodySchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const lines = ticketLines(deps, request.query);
      const first = await lines.next();
      const body = Readable.from(startingWith(first, lines));
      return reply.type(`${NDJSON}; charset=utf-8`).header("content-disposition", 'attachment; filename="tickets.jsonl"').send(body as unknown as string);
    },
  );
};

/** The rest of a generator whose first result was already taken. */
async function* startingWith<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done === true) return;
  yield first.value;
  yield* rest;
}
