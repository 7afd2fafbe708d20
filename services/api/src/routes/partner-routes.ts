import { PartnerSchema } from "@mailtriage/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ApiError, notFound } from "../http/api-error";
import { withRegistryErrors } from "../http/registry-error";
import { errorResponses } from "../schemas/common-schemas";

const Params = z.object({ id: z.string().min(1).max(100) });
/** PUT body: the partner; `id` may be left out (the path names it) or must match. */
const PutBody = PartnerSchema.omit({ id: true }).extend({ id: z.string().optional() });
const tags = ["registries"];

/** The partner registry (CONTRACT "Registries"): read scope to read, admin to change. Workers see changes within their cache time. */
export const partnerRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { registries } = deps;
  app.get("/v1/partners", { config: { scope: "read" }, schema: { tags, summary: "List partners", response: { 200: z.object({ items: z.array(PartnerSchema) }), ...errorResponses() } } }, async () => ({
    items: await registries.listPartners(),
  }));

  app.get("/v1/partners/:id", { config: { scope: "read" }, schema: { tags, summary: "One partner", params: Params, response: { 200: PartnerSchema, ...errorResponses(404) } } }, async (request) => {
    const partner = await registries.getPartner(request.params.id);
    if (partner === null) throw notFound(`partner "${request.params.id}"`);
    return partner;
  });

  app.post(
    "/v1/partners",
    { config: { scope: "admin" }, schema: { tags, summary: "Create a partner", body: PartnerSchema, response: { 201: PartnerSchema, ...errorResponses(409) } } },
    async (request, reply) => {
      if ((await registries.getPartner(request.body.id)) !== null) throw new ApiError(409, "conflict", `partner "${request.body.id}" exists; PUT /v1/partners/${request.body.id} replaces it`);
      return reply.code(201).send(await withRegistryErrors(() => registries.putPartner(request.body)));
    },
  );

  app.put(
    "/v1/partners/:id",
    { config: { scope: "admin" }, schema: { tags, summary: "Create or replace a partner", params: Params, body: PutBody, response: { 200: PartnerSchema, ...errorResponses() } } },
    async (request) => {
      const { id } = request.params;
      if (request.body.id !== undefined && request.body.id !== id) throw new ApiError(400, "invalid_request", `body.id: "${request.body.id}" differs from the id in the path ("${id}")`);
      return withRegistryErrors(() => registries.putPartner({ ...request.body, id }));
    },
  );

  app.delete("/v1/partners/:id", { config: { scope: "admin" }, schema: { tags, summary: "Delete a partner", params: Params, response: { 204: z.null(), ...errorResponses(404) } } }, async (request, reply) => {
    if (!(await registries.deletePartner(request.params.id))) throw notFound(`partner "${request.params.id}"`);
    return reply.code(204).send(null);
  });
};
