import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { describeError } from "./error-handler";
import { protectRoutes } from "./auth";

/** Where the queue dashboard (bull-board) is mounted. */
export const DASHBOARD_PATH = "/admin/queues";

/**
 * The bull-board queue dashboard at `/admin/queues`, admin scope. Its routes take the key as a
 * header, or (for a browser) once as `?key=mt_…`, which becomes an HttpOnly cookie (auth.ts).
 * Register it in its own context: bull-board sets an error handler there, replaced here by
 * ours so its errors too are `{ error: { code, message } }` without a stack.
 */
export async function dashboardPlugin(app: FastifyInstance, options: { queues: readonly Queue[] }): Promise<void> {
  protectRoutes(app, { scope: "admin", browser: true });
  const adapter = new FastifyAdapter();
  createBullBoard({ queues: options.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter, options: { uiConfig: { boardTitle: "mailtriage queues" } } });
  adapter.setBasePath(DASHBOARD_PATH);
  adapter.setErrorHandler((error) => {
    const { status, body } = describeError(error, { id: "dashboard" });
    if (status >= 500) app.log.error({ err: error }, "dashboard request failed");
    return { status, body } as ReturnType<Parameters<FastifyAdapter["setErrorHandler"]>[0]>;
  });
  await app.register(adapter.registerPlugin(), { prefix: DASHBOARD_PATH });
}
