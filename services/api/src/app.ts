import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import type { ApiDeps } from "./api-deps";
import { createKeyResolver } from "./auth/key-resolver";
import { serializeRequest } from "./http/log-serializers";
import { authPlugin } from "./plugins/auth";
import { dashboardPlugin } from "./plugins/dashboard";
import { errorHandlerPlugin } from "./plugins/error-handler";
import { metricsPlugin } from "./plugins/metrics";
import { registerOpenApi } from "./plugins/openapi";
import { registerRateLimit } from "./plugins/rate-limit";
import { requestIdOf, requestIdPlugin } from "./plugins/request-id";
import { accountRoutes } from "./routes/account-routes";
import { apiKeyRoutes } from "./routes/api-key-routes";
import { exportRoutes } from "./routes/export-routes";
import { failedRoutes } from "./routes/failed-routes";
import { jobRoutes } from "./routes/job-routes";
import { messageRoutes } from "./routes/message-routes";
import { opsRoutes } from "./routes/ops-routes";
import { partnerRoutes } from "./routes/partner-routes";
import { ticketRoutes } from "./routes/ticket-routes";

/**
 * Builds the HTTP API from injected deps; never listens, connects or reads env (main.ts does).
 * Tests call `inject()` on it. Order matters: the error handler, request ids, auth, rate limit
 * and the OpenAPI collector come before the routes they apply to (`/metrics` included).
 */
export async function buildApp(deps: ApiDeps, options: { logger: Logger }): Promise<FastifyInstance> {
  // Our request serializer: no headers (API keys), `?key=` redacted, never a body.
  const loggerInstance: FastifyBaseLogger = options.logger.child({}, { serializers: { req: serializeRequest } });
  // Routes use the zod type provider themselves (FastifyPluginAsyncZod).
  const app = Fastify({ loggerInstance, genReqId: requestIdOf });
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; output is serialized as is (no second validation per response).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(errorHandlerPlugin);
  await app.register(requestIdPlugin);
  await app.register(authPlugin, { resolver: createKeyResolver(deps.apiKeys, { bootstrapKeyHash: deps.settings.bootstrapKeyHash, cacheMs: deps.settings.keyCacheMs }) });
  await registerRateLimit(app, { ...deps.settings.rateLimit, redis: deps.redis, namespace: deps.keys.rateLimit });
  await registerOpenApi(app);
  await app.register(metricsPlugin, { source: deps });

  for (const routes of [messageRoutes, jobRoutes, ticketRoutes, exportRoutes, partnerRoutes, accountRoutes, failedRoutes, opsRoutes, apiKeyRoutes]) {
    await app.register(routes, { deps });
  }
  await app.register(dashboardPlugin, { queues: deps.queues });
  return app;
}
