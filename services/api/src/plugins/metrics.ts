import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { Histogram, Registry } from "prom-client";
import { z } from "zod";
import { globalPlugin } from "../http/global-plugin";
import { createClusterMetrics, type ClusterMetricsSource } from "../ops/cluster-metrics";
import { registerProcessMetrics } from "../ops/process-metrics";

/**
 * `GET /metrics` (Prometheus text, no key): this process's HTTP request durations, Node
 * runtime figures and build info (ops/process-metrics.ts), plus the pipeline metrics derived
 * from Redis (ops/cluster-metrics.ts). One registry per app, so several apps in one process
 * (tests) do not collide.
 */
export const metricsPlugin = globalPlugin("metrics", async (app: FastifyInstance, options: { source: ClusterMetricsSource }) => {
  const registry = new Registry();
  registerProcessMetrics(registry);
  const cluster = createClusterMetrics(options.source, registry);
  const http = new Histogram({
    name: "mailtriage_http_request_duration_seconds",
    help: "HTTP request durations of this API process, by method, route pattern and status.",
    labelNames: ["method", "route", "status_code"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook("onResponse", (request, reply, done) => {
    // The route pattern, never the raw URL: ids would make a label value per ticket.
    http.observe({ method: request.method, route: request.routeOptions.url ?? "unmatched", status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    "/metrics",
    {
      config: { scope: "public", rateLimit: false },
      schema: {
        tags: ["ops"],
        summary: "Prometheus metrics (no key needed)",
        description: "Queue depths and workers, tickets and message records, outcomes by reason, SLA breaches and phases due soon, events-stream consumer lag, job processing time, HTTP request durations, build info.",
        response: { 200: z.string().describe("Prometheus text exposition format") },
      },
    },
    async (_request, reply) => {
      await cluster.refresh();
      return reply.header("content-type", registry.contentType).send(await registry.metrics());
    },
  );
});
