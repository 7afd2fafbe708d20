import type { FastifyInstance, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ApiError, codeForStatus, errorBody, type ErrorBody } from "../http/api-error";
import { globalPlugin } from "../http/global-plugin";

/** What framework errors may carry (Fastify, fastify-type-provider-zod, @fastify/rate-limit). */
interface FrameworkError {
  statusCode?: number;
  message?: string;
  validation?: { instancePath?: string; message?: string }[];
  validationContext?: string;
}

/**
 * Turns anything thrown into `{ error: { code, message } }` with a status. Validation errors
 * name the request part and field (`body.tier: Invalid option…`, `querystring.severity: …`);
 * 5xx say only that something failed and the request id (the log has the rest). Never a stack.
 */
export function describeError(error: unknown, request: { id: string; bodyLimit?: number; contentType?: string }): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.statusCode, body: errorBody(error.code, error.message) };
  const e = (typeof error === "object" && error !== null ? error : {}) as FrameworkError;
  if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(e.validation)) {
    const part = e.validationContext ?? "request";
    const fields = (e.validation ?? []).map((v) => `${fieldPath(part, v.instancePath)}: ${v.message ?? "invalid"}`);
    return { status: 400, body: errorBody("invalid_request", fields.join("; ")) };
  }
  const status = typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status === 413) return { status, body: errorBody("payload_too_large", `body: larger than the ${request.bodyLimit ?? "configured"}-byte limit of this route`) };
  if (status === 415) return { status, body: errorBody("unsupported_media_type", `content-type: "${(request.contentType ?? "").slice(0, 100)}" is not accepted by this route`) };
  if (status < 500) return { status, body: errorBody(codeForStatus(status), e.message ?? "bad request") };
  return { status, body: errorBody(codeForStatus(status), `internal error (request id ${request.id})`) };
}

/** `/domains/1` in `body` → `body.domains.1`; the root → `body`. */
function fieldPath(part: string, instancePath: string | undefined): string {
  const segments = (instancePath ?? "").split("/").filter((s) => s !== "");
  return [part, ...segments].join(".");
}

function logFailure(request: FastifyRequest, error: unknown, status: number, body: ErrorBody): void {
  if (status >= 500) request.log.error({ err: error, code: body.error.code }, "request failed");
  else request.log.info({ status, code: body.error.code }, body.error.message);
}

/** The one error handler and the JSON 404 of unknown routes. */
export const errorHandlerPlugin = globalPlugin("error-handler", async (app: FastifyInstance) => {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = describeError(error, { id: request.id, bodyLimit: request.routeOptions.bodyLimit, contentType: request.headers["content-type"] });
    logFailure(request, error, status, body);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody("not_found", `no route ${request.method} ${(request.url.split("?")[0] ?? "").slice(0, 200)}`)));
});
