import { ConcurrentUpdateError, InvalidCursorError } from "@mailtriage/store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { readTicketJson } from "../data/ticket-json";
import { ApiError, notFound } from "../http/api-error";
import { errorResponses } from "../schemas/common-schemas";
import { EventBodySchema, RecordedEventSchema, TicketPageSchema, TicketParamsSchema, TicketQuerySchema, TicketViewSchema } from "../schemas/ticket-schemas";

/** `GET /v1/tickets`, `GET /v1/tickets/:id`, `POST /v1/tickets/:id/events` (CONTRACT "REST API"). */
export const ticketRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    "/v1/tickets",
    {
      config: { scope: "read" },
      schema: {
        tags: ["tickets"],
        summary: "List tickets by filters, newest received first",
        description: "Filters combine with AND. A page may be short and still have a `nextCursor` when a very selective filter ran out of scan budget.",
        querystring: TicketQuerySchema,
        response: { 200: TicketPageSchema, ...errorResponses() },
      },
    },
    async (request) => {
      try {
        return await deps.tickets.listTickets(request.query);
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new ApiError(400, "invalid_request", `querystring.cursor: ${err.message}`);
        throw err;
      }
    },
  );

  app.get(
    "/v1/tickets/:id",
    {
      config: { scope: "read" },
      schema: {
        tags: ["tickets"],
        summary: "A ticket with its messages and events",
        params: TicketParamsSchema,
        response: { 200: TicketViewSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const json = await readTicketJson(deps.redis, deps.keys, request.params.id);
      if (json === null) throw notFound(`ticket "${request.params.id}"`);
      // Already JSON (the stored documents, as stored): Fastify sends a Buffer as it is.
      return reply.type("application/json; charset=utf-8").send(json as unknown as z.input<typeof TicketViewSchema>);
    },
  );

  app.post(
    "/v1/tickets/:id/events",
    {
      config: { scope: "write" },
      schema: {
        tags: ["tickets"],
        summary: "Record acknowledged / determined / resolved / consent_received",
        description: "Stops or starts SLA clocks (POLICY §5, §6); the answer says what it did (`effect`). Repeats are recorded with an empty effect.",
        params: TicketParamsSchema,
        body: EventBodySchema,
        response: { 201: RecordedEventSchema, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const { type, at, by } = request.body;
      try {
        const recorded = await deps.tickets.recordEvent(request.params.id, { type, at: at ?? deps.now().toISOString(), by: by ?? null });
        if (recorded === null) throw notFound(`ticket "${request.params.id}"`);
        return reply.code(201).send(recorded);
      } catch (err) {
        if (err instanceof ConcurrentUpdateError) throw new ApiError(409, "conflict", "the ticket kept changing while the event was recorded; send it again");
        throw err;
      }
    },
  );
};
