import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { QUEUE_STATES } from "../ops/cluster-metrics";
import { readQueueStats } from "../ops/queue-stats";
import { checkReadiness } from "../ops/readiness";
import { errorResponses } from "../schemas/common-schemas";

const QueueStatsSchema = z.object({
  name: z.string(),
  counts: z.object(Object.fromEntries(QUEUE_STATES.map((state) => [state, z.number().int()])) as Record<(typeof QUEUE_STATES)[number], z.ZodNumber>),
  workers: z.number().int(),
  perMinute: z.object({ completed: z.number().int(), failed: z.number().int(), windowSeconds: z.number().int().describe("seconds of events the rate is based on (60 unless the stream was trimmed)") }),
});

const ReadinessSchema = z.object({ ready: z.boolean(), reasons: z.array(z.string()), workers: z.record(z.string(), z.number().int()) });
const publicRoute = { scope: "public", rateLimit: false } as const;

/** `GET /v1/queues` (read scope), `GET /health/live` and `GET /health/ready` (no key). */
export const opsRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    "/v1/queues",
    { config: { scope: "read" }, schema: { tags: ["ops"], summary: "Counts, workers and completed/failed per minute of each queue", response: { 200: z.object({ queues: z.array(QueueStatsSchema) }), ...errorResponses() } } },
    async () => ({ queues: await Promise.all(deps.queues.map((queue) => readQueueStats(deps.redis, queue))) }),
  );

  app.get("/health/live", { config: publicRoute, schema: { tags: ["ops"], summary: "The process answers (no key needed)", response: { 200: z.object({ live: z.literal(true) }) } } }, async () => ({ live: true as const }));

  app.get(
    "/health/ready",
    {
      config: publicRoute,
      schema: {
        tags: ["ops"],
        summary: "Redis answers and workers are alive (no key needed)",
        description: "503 with `reasons` when Redis does not answer, no worker takes messages, or no SLA scheduler runs.",
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(deps.redis, deps.queues, { prefix: deps.keys.prefix, unreachableAfterMs: deps.settings.imapUnreachableAfterMs ?? 300_000 });
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    },
  );
};
