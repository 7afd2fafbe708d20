import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { protectRoutes } from "./auth";

/** Where Swagger UI is served; the document itself is at `${DOCS_PATH}/json`. */
export const DOCS_PATH = "/docs";

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (fastify-type-provider-zod),
 * and Swagger UI at `/docs` (read scope; a browser can open `/docs?key=mt_…` once, see auth.ts).
 * Register before the routes: @fastify/swagger collects them as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "mailtriage API",
        version: "1",
        description: "Partner-support mail triaged into SLA-stamped tickets (CONTRACT.md). Every route but health and metrics needs an API key (`Authorization: Bearer mt_…`) with the scope it names. Errors are `{ error: { code, message } }`.",
      },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key `mt_…` (scopes: read, write, admin; admin includes the others)" } } },
      tags: [
        { name: "messages", description: "Raw messages in, results out" },
        { name: "tickets", description: "Tickets, their messages and events" },
        { name: "registries", description: "Partners and accounts (CONTRACT “Registries”)" },
        { name: "failed", description: "Failed messages and jobs, re-drive" },
        { name: "ops", description: "Queues, metrics, health" },
        { name: "api keys", description: "Key management (admin)" },
      ],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const scope = input.route.config?.scope;
      // Which key a route needs, in the document: `security` and a line in the description.
      if (scope === "public") return { ...out, schema: { ...out.schema, security: [] } };
      const needs = `Needs an API key with the \`${scope ?? "any"}\` scope.`;
      const description = typeof out.schema.description === "string" ? `${out.schema.description}\n\n${needs}` : needs;
      return { ...out, schema: { ...out.schema, description, security: [{ apiKey: [] }] } };
    },
  });
  await app.register(async (docs) => {
    protectRoutes(docs, { scope: "read", browser: true });
    await docs.register(swaggerUi, { routePrefix: DOCS_PATH });
  });
}
