import type { FastifyInstance, FastifyPluginAsync } from "fastify";

/**
 * Marks a plugin as not encapsulated, so the hooks, decorators and handlers it adds apply to
 * the whole app (what `fastify-plugin` does, via the symbols Fastify reads; that package is not
 * a dependency here).
 */
export function globalPlugin<Options extends object>(name: string, plugin: (app: FastifyInstance, options: Options) => Promise<void>): FastifyPluginAsync<Options> {
  const wrapped = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  wrapped[Symbol.for("skip-override")] = true;
  wrapped[Symbol.for("fastify.display-name")] = name;
  return wrapped;
}
