import { z } from "zod";

/** The closed set of error codes the API answers with (CONTRACT "REST API": `{ error: { code, message } }`). */
export const ErrorCodeSchema = z.enum([
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal_error",
  "service_unavailable",
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** Body of every error response. 4xx messages name the field (`body.tier: …`); 5xx messages say nothing internal. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An error a route or hook throws on purpose: its status, code and message go to the client as they are. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The status an error code answers with when a framework error carries none of its own. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "service_unavailable",
};

/** The error code of an HTTP status (4xx without a code of their own count as `invalid_request`). */
export function codeForStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? (status < 500 ? "invalid_request" : "internal_error");
}

/** `{ error: { code, message } }`. */
export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** A 404 naming what was not found: `ticket "MT-…" not found`. */
export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}
