import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { notFound } from "../http/api-error";
import { errorResponses, IsoSchema } from "../schemas/common-schemas";
import { OpenTriageResultSchema } from "../schemas/ticket-schemas";

const JobStateSchema = z.enum(["waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed", "unknown"]);

const JobViewSchema = z.object({
  jobId: z.string(),
  state: JobStateSchema.describe("`completed` once the message has its result"),
  attemptsMade: z.number().int(),
  failedReason: z.string().nullable().describe("why the job failed for good (transient trouble that did not go away)"),
  receivedAt: IsoSchema.nullable(),
  identity: z.string().nullable().describe("the message's identity (`id:<Message-ID>` or `sha:<sha256>`)"),
  duplicate: z.boolean().nullable().describe("true when the message was recorded before and the earlier result stands (POLICY §7)"),
  ticketId: z.string().nullable(),
  result: OpenTriageResultSchema.nullable().describe("the triage result (CONTRACT), once completed"),
});

/** What a completed inbound job returns (services/worker `ProcessedMessage`). */
interface Processed {
  identity?: string;
  duplicate?: boolean;
}

const JOB_ID = /^[0-9a-f]{64}(?:-redrive-\d{1,9})?$/;

/**
 * `GET /v1/jobs/:jobId`: where a posted message is (queue state) and, once done, its result.
 * Finished jobs stay a day in the queue (store `INBOUND_JOB_OPTIONS`); after that a message
 * without Message-ID is still found by its bytes' hash, others by their ticket.
 */
export const jobRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    "/v1/jobs/:jobId",
    {
      config: { scope: "read" },
      schema: {
        tags: ["messages"],
        summary: "State and result of a posted message's job",
        params: z.object({ jobId: z.string().min(1).max(200) }),
        response: { 200: JobViewSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { jobId } = request.params;
      if (!JOB_ID.test(jobId)) throw notFound(`job "${jobId.slice(0, 100)}"`);
      // State first, then the job: read the other way round, a job finishing in between would be
      // `completed` without its return value.
      const state = await deps.intake.queue.getJobState(jobId);
      const job = await deps.intake.queue.getJob(jobId);
      const processed = state === "completed" ? ((job?.returnvalue ?? null) as Processed | null) : null;
      const identity = processed?.identity ?? (job === undefined ? `sha:${jobId.slice(0, 64)}` : null);
      const record = identity === null ? null : await deps.tickets.getMessageResult(identity);
      if (job === undefined && record === null) throw notFound(`job "${jobId}" (finished jobs are kept a day)`);
      return {
        jobId,
        state: job === undefined ? "completed" : JobStateSchema.catch("unknown").parse(state),
        attemptsMade: job?.attemptsMade ?? 0,
        failedReason: state === "failed" ? (job?.failedReason ?? null) : null,
        receivedAt: record?.result.receivedAt ?? job?.data.receivedAt ?? null,
        identity: record?.identity ?? identity,
        duplicate: processed?.duplicate ?? null,
        ticketId: record?.ticketId ?? null,
        result: record?.result ?? null,
      };
    },
  );
};
