import type { FastifyRequest } from "fastify";

/**
 * What a request looks like in the logs: method, path and query with `key=` redacted (the
 * dashboard's `?key=`), client address. No headers (they carry API keys) and never a body
 * (messages carry addresses and text).
 */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactKey(request.url), remoteAddress: request.ip };
}

/** The URL with the value of a `key` query parameter replaced. */
export function redactKey(url: string): string {
  const at = url.indexOf("?");
  if (at < 0 || !url.includes("key=", at)) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  if (params.has("key")) params.set("key", "[redacted]");
  return `${url.slice(0, at)}?${params.toString()}`;
}
