import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../http/api-error";

/**
 * Rate limiting per API key (@fastify/rate-limit, in this process's memory: with N API
 * processes a key gets up to N × `max`). Runs after authentication (preHandler), so the key's id
 * is the bucket; requests without a key are counted by client address. Health and metrics
 * routes opt out (`config.rateLimit: false`). Register before the routes.
 */
export async function registerRateLimit(app: FastifyInstance, options: { max: number; windowMs: number }): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    hook: "preHandler",
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    errorResponseBuilder: (_request, context) => new ApiError(429, "rate_limited", `rate limit of ${context.max} requests per ${Math.round(options.windowMs / 1000)} s reached; retry in ${context.after}`),
  });
}
