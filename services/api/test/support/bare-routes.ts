// The yardstick of bench/api.bench.ts: a bare Fastify app reading the same Redis keys the same
// way as the API (no auth, schemas, hooks, logging or JSON parsing).
import type { StoreKeys } from "@mailtriage/store";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { readTicketJson } from "../../src/data/ticket-json";

/**
 * `GET /bare/tickets/:id`: GET of the ticket's JSON document, sent as is.
 * `GET /bare/tickets/:id/view`: the same keys as `GET /v1/tickets/:id` (document, messages, events), read the same way.
 * `GET /bare/tickets?partner=ID&limit=N`: ZREVRANGEBYLEX of the partner index + MGET of the documents.
 */
export function buildBareApp(redis: Redis, keys: StoreKeys): FastifyInstance {
  const app = Fastify();
  app.get<{ Params: { id: string } }>("/bare/tickets/:id", async (request, reply) => {
    const doc = await redis.get(keys.ticket(request.params.id));
    if (doc === null) return reply.code(404).send();
    return reply.header("content-type", "application/json").send(doc);
  });
  app.get<{ Params: { id: string } }>("/bare/tickets/:id/view", async (request, reply) => {
    const json = await readTicketJson(redis, keys, request.params.id);
    if (json === null) return reply.code(404).send();
    return reply.header("content-type", "application/json").send(json);
  });
  app.get<{ Querystring: { partner: string; limit?: string } }>("/bare/tickets", async (request, reply) => {
    const members = await redis.zrevrangebylex(keys.ticketIndex("partner", request.query.partner), "+", "-", "LIMIT", 0, Number(request.query.limit ?? 50));
    const docs = members.length === 0 ? [] : await redis.mget(members.map((m) => keys.ticket(m.slice(m.indexOf("|") + 1))));
    return reply.header("content-type", "application/json").send(`{"items":[${docs.filter((d) => d !== null).join(",")}],"nextCursor":null}`);
  });
  return app;
}
