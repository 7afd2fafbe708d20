import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RedisSettings } from "@mailtriage/config";
import { connectRedis, type RedisClient } from "@mailtriage/store";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import { z } from "zod";
import { parseEnv } from "../env";
import { registerProcessMetrics } from "../ops/process-metrics";
import { within } from "../ops/readiness";
import type { RunningRole } from "./running-role";

/**
 * The health listener's setting, read by `start.ts` for every process. (Declared beside its
 * only reader rather than in env.ts; `parseEnv` reads it the same way.)
 */
export const HealthEnvSchema = z.object({
  /**
   * Port of this process's own health listener on `HOST`: `GET /health/live` (the process
   * answers) and `GET /health/ready` (Redis answers and every role it runs can work: workers
   * running, IMAP mailboxes reachable), so a container of any role can be health-checked (the
   * image's HEALTHCHECK asks it), and `GET /metrics`: this process's own Prometheus metrics
   * (CPU, memory, event-loop lag, build info). Unset: no listener. The API's own `/health/*`
   * routes and `/metrics` on `PORT` answer for the whole installation instead.
   */
  MAILTRIAGE_HEALTH_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
});
export type HealthEnv = z.output<typeof HealthEnvSchema>;

/** The health listener's settings. @throws ConfigError naming the bad key. */
export function parseHealthEnv(env: Record<string, string | undefined>): HealthEnv {
  return parseEnv(HealthEnvSchema, env);
}

/** What `GET /health/ready` answers (200 when `ready`, else 503). */
export interface ProcessReadiness {
  ready: boolean;
  /** The roles of this process, as started (`worker+scheduler`, `poller` …). */
  roles: string[];
  /** One line per problem, sorted; empty when ready. */
  reasons: string[];
}

/** Longest the Redis probe waits, ms: well inside a container HEALTHCHECK's timeout. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Redis PING (within PROBE_TIMEOUT_MS) and every role's problems, at once. */
export async function checkProcess(redis: RedisClient, roles: readonly RunningRole[]): Promise<ProcessReadiness> {
  const ping = within(redis.ping(), PROBE_TIMEOUT_MS, `no answer within ${PROBE_TIMEOUT_MS} ms`).then(
    () => [],
    (err: unknown) => [`redis: ${(err as Error).message}`],
  );
  const reasons = (await Promise.all([ping, ...roles.map((role) => role.problems())])).flat().sort();
  return { ready: reasons.length === 0, roles: roles.map((role) => role.name), reasons };
}

/** The running listener: a role of its own (closed first, so a draining process stops answering ready). */
export interface HealthListener extends RunningRole {
  /** `http://host:port`. */
  address: string;
}

/**
 * Connects its own Redis connection (failing fast, so a PING never queues while Redis is away)
 * and serves `/health/live` and `/health/ready` for `roles` on `host:port` with plain node:http
 * (a worker-only process carries no Fastify app), and `/metrics`: the process's own figures
 * (ops/process-metrics.ts) in a registry of the listener's own, so a process that also runs the
 * API (whose `/metrics` has a registry per app) registers no metric twice. Nothing else: other
 * paths are 404, other methods 405; no key needed and nothing secret in the answers (role
 * names, problem lines, process figures).
 * @throws RedisUnreachableError, or the listen error (port in use).
 */
export async function startHealthListener(roles: readonly RunningRole[], options: { host: string; port: number; redis: RedisSettings; logger: Logger }): Promise<HealthListener> {
  const redis = await connectRedis(options.redis, { connectionName: "mailtriage-health", maxRetriesPerRequest: 1, onError: () => undefined });
  const registry = new Registry();
  registerProcessMetrics(registry);
  const server = createServer((request, response) => void answer(request, response, { check: () => checkProcess(redis, roles), roles, registry }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const { address: host, port } = server.address() as AddressInfo;
  const address = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  options.logger.info({ address, roles: roles.map((role) => role.name) }, "health listener on /health/live, /health/ready and /metrics");
  return {
    name: "health",
    address,
    problems: async () => [],
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await redis.quit();
    },
  };
}

/** What the listener answers from. */
interface Answers {
  check: () => Promise<ProcessReadiness>;
  roles: readonly RunningRole[];
  /** This process's metrics (`/metrics`). */
  registry: Registry;
}

const PATHS = ["/health/live", "/health/ready", "/metrics"];

async function answer(request: IncomingMessage, response: ServerResponse, { check, roles, registry }: Answers): Promise<void> {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  if (!PATHS.includes(path)) return send(response, 404, { error: { code: "not_found", message: `${path}: only ${PATHS.join(", ")} here` } });
  if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, { error: { code: "invalid_request", message: "use GET" } });
  if (path === "/health/live") return send(response, 200, { live: true, roles: roles.map((role) => role.name) });
  if (path === "/metrics") return sendMetrics(response, registry);
  try {
    const readiness = await check();
    send(response, readiness.ready ? 200 : 503, readiness);
  } catch (err) {
    // A probe that throws must not take the process down: it is simply not ready.
    send(response, 503, { ready: false, roles: roles.map((role) => role.name), reasons: [`health check: ${(err as Error).message}`] });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  write(response, status, "application/json; charset=utf-8", JSON.stringify(body));
}

/** The registry in Prometheus text format; a collector that throws is a 500, never a crash. */
async function sendMetrics(response: ServerResponse, registry: Registry): Promise<void> {
  try {
    write(response, 200, registry.contentType, await registry.metrics());
  } catch {
    send(response, 500, { error: { code: "internal_error", message: "metrics collection failed" } });
  }
}

function write(response: ServerResponse, status: number, contentType: string, text: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  response.end(response.req.method === "HEAD" ? undefined : text);
}
