import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasScope, type ApiKeyIdentity, type Scope } from "../auth/api-key";
import type { KeyResolver } from "../auth/key-resolver";
import { ApiError } from "../http/api-error";
import { globalPlugin } from "../http/global-plugin";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call: `public` needs no key; a scope needs a key that has it; absent: any valid key (unknown routes). */
    scope?: Scope | "public";
    /** A page for browsers (docs, dashboard): the key may also come from the `mt_key` cookie, or once from `?key=`. */
    browser?: boolean;
  }
  interface FastifyRequest {
    /** The caller, once authenticated (null on public routes). */
    apiKey: ApiKeyIdentity | null;
  }
}

/** Cookie that carries the key for browser pages (set from `?key=`, HttpOnly, SameSite=Strict). */
export const KEY_COOKIE = "mt_key";
const COOKIE_MAX_AGE_S = 12 * 3600;

type Presented = { key: string; from: "header" | "cookie" | "query" };

/**
 * API keys with scopes on every route but `public` ones: `Authorization: Bearer mt_…` or
 * `X-API-Key: mt_…`; 401 when missing or unknown, 403 when the scope is missing (both JSON,
 * via the error handler). Browser pages also take the key from `?key=` once: it is moved into a
 * cookie and the browser is redirected to the same URL without it (so it leaves the address bar).
 */
export const authPlugin = globalPlugin("auth", async (app: FastifyInstance, options: { resolver: KeyResolver }) => {
  const { resolver } = options;
  app.decorateRequest("apiKey", null);
  // Callback style with a synchronous path for cached keys: an async hook costs every request a
  // good share of its time (bench/api.bench.ts).
  app.addHook("onRequest", (request, reply, done) => {
    const config = request.routeOptions.config ?? {};
    const needed = config.scope;
    if (needed === "public") return done();
    const presented = presentedKey(request, config.browser === true);
    if (presented === null) return done(new ApiError(401, "unauthorized", "an API key is required: send `Authorization: Bearer mt_…` or `X-API-Key: mt_…`"));
    const admit = (identity: ApiKeyIdentity | null): void => {
      const problem = refusal(identity, needed);
      if (problem !== null) return done(problem);
      request.apiKey = identity;
      // A response sent from a callback-style hook ends the request: `done` is not called.
      if (presented.from === "query") return void redirectWithCookie(request, reply, presented.key);
      done();
    };
    const known = resolver.peek(presented.key);
    if (known !== undefined) return admit(known);
    resolver.resolve(presented.key).then(admit, done);
  });
});

/** Why `identity` may not call a route needing `needed` (undefined: any valid key), or null. */
function refusal(identity: ApiKeyIdentity | null, needed: Scope | undefined): ApiError | null {
  if (identity === null) return new ApiError(401, "unauthorized", "unknown or revoked API key");
  if (needed !== undefined && !hasScope(identity.scopes, needed)) return new ApiError(403, "forbidden", `this route needs the "${needed}" scope; the key has: ${identity.scopes.join(", ")}`);
  return null;
}

function presentedKey(request: FastifyRequest, browser: boolean): Presented | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === "string" && authorization.slice(0, 7).toLowerCase() === "bearer ") return { key: authorization.slice(7).trim(), from: "header" };
  const header = request.headers["x-api-key"];
  if (typeof header === "string" && header !== "") return { key: header.trim(), from: "header" };
  if (!browser) return null;
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (typeof query.key === "string" && query.key !== "") return { key: query.key, from: "query" };
  const cookie = cookieValue(request.headers.cookie, KEY_COOKIE);
  return cookie === null ? null : { key: cookie, from: "cookie" };
}

/** One cookie's value from a `Cookie` header (split, no regular expression over client input). */
function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function redirectWithCookie(request: FastifyRequest, reply: FastifyReply, key: string): FastifyReply {
  const url = new URL(request.url, "http://localhost");
  url.searchParams.delete("key");
  const secure = request.protocol === "https" ? "; Secure" : "";
  return reply
    .code(303)
    .header("set-cookie", `${KEY_COOKIE}=${key}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}${secure}`)
    .header("location", `${url.pathname}${url.search}`)
    .send();
}

/**
 * Sets the auth config of every route registered inside `app` (for routes that plugins such as
 * Swagger UI and bull-board register themselves).
 */
export function protectRoutes(app: FastifyInstance, config: { scope: Scope; browser: boolean }): void {
  app.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), ...config };
  });
}
