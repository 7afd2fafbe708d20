import { z } from "zod";
import { ErrorBodySchema } from "../http/api-error";

/** An ISO-8601 date-time in a response. */
export const IsoSchema = z.string().describe("ISO-8601 date-time");

/** An ISO-8601 date-time with offset in a request (`2026-11-20T20:00:00Z`). */
export const IsoInputSchema = z.iso.datetime({ offset: true });

/**
 * A response object that may gain fields (CONTRACT: "add fields freely"): documented with
 * `additionalProperties: true`, typed without an index signature so stored interfaces fit it.
 */
export function openObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).meta({ additionalProperties: true });
}

/** One page of a cursor-paginated list: pass `nextCursor` as `cursor` for the next; null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** `limit` (1-500, default 50) and `cursor` query parameters. */
export const PageQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe("page size, 1-500"),
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` of the previous page"),
};

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad input; the message names the field (`body.tier: …`, `querystring.severity: …`)",
  401: "No API key, or an unknown one",
  403: "The key lacks the scope this route needs",
  404: "Unknown id",
  409: "Already exists",
  413: "Body over the limit",
  415: "Wrong Content-Type",
  429: "Rate limit reached (per key)",
  500: "Internal error (no details; see the logs by request id)",
};

/** Error responses for the OpenAPI document: 400, 401, 403, 429 and 500 always, plus `extra`. */
export function errorResponses(...extra: (404 | 409 | 413 | 415)[]): Record<number, z.ZodType> {
  const statuses = [400, 401, 403, ...extra, 429, 500];
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema.describe(DESCRIPTIONS[status] ?? "error")]));
}
