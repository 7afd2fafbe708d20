import { ReasonSchema } from "@mailtriage/contracts";
import { InvalidCursorError, type MessageRecord } from "@mailtriage/store";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ApiError, notFound } from "../http/api-error";
import { errorResponses, IsoSchema, PageQueryShape, pageOf } from "../schemas/common-schemas";

const FailedMessageSchema = z.object({
  identity: z.string().describe("re-drive it with POST /v1/failed/redrive"),
  rawSha256: z.string(),
  reason: ReasonSchema.nullable(),
  reasonDetail: z.string().nullable(),
  size: z.number().int().nullable(),
  receivedAt: IsoSchema,
  recordedAt: IsoSchema,
});

const FailedJobSchema = z.object({
  jobId: z.string().describe("retry it with POST /v1/failed/jobs/{jobId}/retry"),
  failedReason: z.string(),
  attemptsMade: z.number().int(),
  finishedOn: IsoSchema.nullable(),
  receivedAt: IsoSchema,
  rawSha256: z.string(),
});

const Queued = z.object({ jobId: z.string() });
const tags = ["failed"];

function failedMessage(record: MessageRecord): z.infer<typeof FailedMessageSchema> {
  const { result } = record;
  return { identity: record.identity, rawSha256: record.rawSha256, reason: result.reason, reasonDetail: result.reasonDetail ?? null, size: result.size ?? null, receivedAt: result.receivedAt, recordedAt: record.recordedAt };
}

/**
 * Two kinds of failure (README "Failed messages"): messages whose triage result is `failed`
 * (unparseable or hostile input; raw bytes kept; re-drive after a fix), and jobs that failed
 * for good after their retries (Redis or other trouble that did not go away; retry the job).
 */
export const failedRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    "/v1/failed",
    { config: { scope: "read" }, schema: { tags, summary: "Messages whose result is `failed`, newest first", querystring: z.strictObject(PageQueryShape), response: { 200: pageOf(FailedMessageSchema), ...errorResponses() } } },
    async (request) => {
      try {
        const page = await deps.tickets.listFailed(request.query);
        return { items: page.items.map(failedMessage), nextCursor: page.nextCursor };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new ApiError(400, "invalid_request", `querystring.cursor: ${err.message}`);
        throw err;
      }
    },
  );

  app.post(
    "/v1/failed/redrive",
    {
      config: { scope: "write" },
      schema: { tags, summary: "Triage a failed message again (e.g. after a parser fix)", body: z.strictObject({ identity: z.string().min(1).max(2_000) }), response: { 202: Queued, ...errorResponses(404) } },
    },
    async (request, reply) => {
      const queued = await deps.intake.redrive(request.body.identity);
      if (queued === null) throw notFound(`failed message "${request.body.identity.slice(0, 200)}"`);
      return reply.code(202).send(queued);
    },
  );

  app.get(
    "/v1/failed/jobs",
    {
      config: { scope: "read" },
      schema: {
        tags,
        summary: "Jobs that failed after every retry, newest first",
        querystring: z.strictObject({ offset: z.coerce.number().int().min(0).max(100_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ items: z.array(FailedJobSchema) }), ...errorResponses() },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      const jobs = await deps.intake.failedJobs(offset, offset + limit - 1);
      return {
        items: jobs.map((job) => ({ jobId: job.jobId, failedReason: job.failedReason, attemptsMade: job.attemptsMade, finishedOn: job.finishedOn === null ? null : new Date(job.finishedOn).toISOString(), receivedAt: job.data.receivedAt, rawSha256: job.data.rawSha256 })),
      };
    },
  );

  app.post(
    "/v1/failed/jobs/:jobId/retry",
    { config: { scope: "write" }, schema: { tags, summary: "Move a failed job back to waiting", params: z.object({ jobId: z.string().min(1).max(200) }), response: { 202: Queued, ...errorResponses(404) } } },
    async (request, reply) => {
      if (!(await deps.intake.retryFailedJob(request.params.jobId))) throw notFound(`failed job "${request.params.jobId}"`);
      return reply.code(202).send({ jobId: request.params.jobId });
    },
  );
};
