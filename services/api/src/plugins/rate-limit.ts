import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type { RedisClient } from "@mailtriage/store";
import { ApiError } from "../http/api-error";
import { sharedRateStore } from "./shared-rate-store";

export interface RateLimitOptions {
  /** Requests per bucket per window. */
  max: number;
  windowMs: number;
  /** Where the counters live: every API process on this Redis and namespace shares one budget per bucket. */
  redis: RedisClient;
  /** Key namespace of the counters (`StoreKeys.rateLimit`, under the installation's prefix). */
  namespace: string;
}

/**
 * Rate limiting per API key (@fastify/rate-limit), counted in Redis: N API processes on one
 * prefix share one budget per key (a fixed window per bucket), mostly without a round trip per
 * request (`shared-rate-store.ts`). Runs after authentication (preHandler), so the key's id is
 * the bucket; requests without a key are counted by client address. Health and metrics routes
 * opt out (`config.rateLimit: false`). Register before the routes.
 */
export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    hook: "preHandler",
    store: sharedRateStore(options.redis, { namespace: options.namespace }),
    // Fail open when Redis does not answer: the route itself then reads Redis and fails with its
    // own error (or works, for the few that do not need it) instead of a 500 from the limiter.
    skipOnError: true,
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    errorResponseBuilder: (_request, context) => new ApiError(429, "rate_limited", `rate limit of ${context.max} requests per ${Math.round(options.windowMs / 1000)} s reached; retry in ${context.after}`),
  });
}
