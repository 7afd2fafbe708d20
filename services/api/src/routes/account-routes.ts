import { AccountSchema } from "@mailtriage/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ApiError, notFound } from "../http/api-error";
import { withRegistryErrors } from "../http/registry-error";
import { errorResponses } from "../schemas/common-schemas";

const Params = z.object({ domain: z.string().min(1).max(253) });
/** PUT body: the account; `domain` may be left out (the path names it) or must match. */
const PutBody = AccountSchema.omit({ domain: true }).extend({ domain: z.string().optional() });
const tags = ["registries"];
const normal = (domain: string) => domain.trim().toLowerCase();

/** The account registry (CONTRACT "Registries"), keyed by domain: read scope to read, admin to change. */
export const accountRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { registries } = deps;
  app.get("/v1/accounts", { config: { scope: "read" }, schema: { tags, summary: "List accounts", response: { 200: z.object({ items: z.array(AccountSchema) }), ...errorResponses() } } }, async () => ({
    items: await registries.listAccounts(),
  }));

  app.get("/v1/accounts/:domain", { config: { scope: "read" }, schema: { tags, summary: "One account", params: Params, response: { 200: AccountSchema, ...errorResponses(404) } } }, async (request) => {
    const account = await registries.getAccount(request.params.domain);
    if (account === null) throw notFound(`account "${request.params.domain}"`);
    return account;
  });

  app.post(
    "/v1/accounts",
    { config: { scope: "admin" }, schema: { tags, summary: "Create an account", body: AccountSchema, response: { 201: AccountSchema, ...errorResponses(409) } } },
    async (request, reply) => {
      const { domain } = request.body;
      if ((await registries.getAccount(domain)) !== null) throw new ApiError(409, "conflict", `account "${domain}" exists; PUT /v1/accounts/${domain} replaces it`);
      return reply.code(201).send(await withRegistryErrors(() => registries.putAccount(request.body)));
    },
  );

  app.put(
    "/v1/accounts/:domain",
    { config: { scope: "admin" }, schema: { tags, summary: "Create or replace an account", params: Params, body: PutBody, response: { 200: AccountSchema, ...errorResponses() } } },
    async (request) => {
      const domain = normal(request.params.domain);
      if (request.body.domain !== undefined && normal(request.body.domain) !== domain) throw new ApiError(400, "invalid_request", `body.domain: "${request.body.domain}" differs from the domain in the path ("${domain}")`);
      return withRegistryErrors(() => registries.putAccount({ ...request.body, domain }));
    },
  );

  app.delete("/v1/accounts/:domain", { config: { scope: "admin" }, schema: { tags, summary: "Delete an account", params: Params, response: { 204: z.null(), ...errorResponses(404) } } }, async (request, reply) => {
    if (!(await registries.deleteAccount(request.params.domain))) throw notFound(`account "${request.params.domain}"`);
    return reply.code(204).send(null);
  });
};
