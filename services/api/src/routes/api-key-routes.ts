import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ScopeSchema } from "../auth/api-key";
import { notFound } from "../http/api-error";
import { errorResponses, IsoSchema } from "../schemas/common-schemas";

const KeyRecordSchema = z.object({ id: z.string(), name: z.string(), scopes: z.array(ScopeSchema), createdAt: IsoSchema });
const tags = ["api keys"];

/** API keys over HTTP (admin scope); the same as `api-key-command.ts`. The key is shown once, at creation. */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get("/v1/api-keys", { config: { scope: "admin" }, schema: { tags, summary: "List API keys (never the keys themselves)", response: { 200: z.object({ items: z.array(KeyRecordSchema) }), ...errorResponses() } } }, async () => ({
    items: await deps.apiKeys.list(),
  }));

  app.post(
    "/v1/api-keys",
    {
      config: { scope: "admin" },
      schema: {
        tags,
        summary: "Create an API key",
        body: z.strictObject({ name: z.string().min(1).max(100), scopes: z.array(ScopeSchema).min(1) }),
        response: { 201: KeyRecordSchema.extend({ key: z.string().describe("the key: shown this once, stored only as its SHA-256") }), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { key, record } = await deps.apiKeys.create({ ...request.body, now: deps.now() });
      return reply.code(201).send({ ...record, key });
    },
  );

  app.delete("/v1/api-keys/:id", { config: { scope: "admin" }, schema: { tags, summary: "Revoke an API key", params: z.object({ id: z.string().min(1).max(100) }), response: { 204: z.null(), ...errorResponses(404) } } }, async (request, reply) => {
    if (!(await deps.apiKeys.revoke(request.params.id))) throw notFound(`API key "${request.params.id}"`);
    return reply.code(204).send(null);
  });
};
