import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import { globalPlugin } from "../http/global-plugin";

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * Fastify's `genReqId`: a caller's `X-Request-Id` is kept when it is a plain token (so ids
 * follow a request across services), anything else is replaced by a random UUID.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response (`X-Request-Id`), errors included. */
export const requestIdPlugin = globalPlugin("request-id", async (app: FastifyInstance) => {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
});
