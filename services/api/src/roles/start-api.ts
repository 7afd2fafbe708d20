import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { openApiDeps } from "../api-deps";
import { buildApp } from "../app";
import type { ApiEnv } from "../env";
import type { RunningRole } from "./running-role";

/** The API role: deps, app, listening. */
export interface RunningApi extends RunningRole {
  app: FastifyInstance;
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  address: string;
}

/**
 * Connects Redis, builds the app and listens on `HOST:PORT`. `close()` stops accepting,
 * lets requests in flight finish, then closes the queues and Redis.
 * @throws ConfigError, RedisUnreachableError, or the listen error (port in use).
 */
export async function startApi(env: ApiEnv, logger: Logger): Promise<RunningApi> {
  const opened = await openApiDeps(env, { logger });
  try {
    const app = await buildApp(opened.deps, { logger });
    const address = await app.listen({ port: env.PORT, host: env.HOST });
    logger.info({ address, docs: `${address}/docs`, dashboard: `${address}/admin/queues` }, "api listening");
    return {
      name: "api",
      app,
      address,
      problems: async () => (app.server.listening ? [] : ["api: not listening"]),
      async close() {
        await app.close();
        await opened.close();
      },
    };
  } catch (err) {
    await opened.close();
    throw err;
  }
}
