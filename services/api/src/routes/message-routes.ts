import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../api-deps";
import { ApiError } from "../http/api-error";
import { errorResponses } from "../schemas/common-schemas";

/**
 * Bytes accepted over `limits.maxMessageBytes`: a message a little over the limit still gets its
 * `rejected` / `too_large` record (POLICY §7) instead of a 413 the sender never sees.
 */
export const MESSAGE_BODY_SLACK_BYTES = 64 * 1024;

const RawMessageSchema = z
  .instanceof(Buffer, { message: "expected the raw message as the body, with Content-Type: message/rfc822" })
  .meta({ type: "string", format: "binary", description: "The raw message (RFC 5322 bytes)" });

const ReceiptSchema = z.object({
  jobId: z.string().describe("the job's id: the SHA-256 of the bytes (read it back at /v1/jobs/{jobId})"),
  duplicate: z.boolean().describe("true when these exact bytes were taken in before (same job)"),
});

/**
 * `POST /v1/messages`: takes a raw message (Content-Type `message/rfc822`) into the pipeline
 * (`Intake.intake`: bytes stored once, job queued) and answers 202 with the job. The request
 * time is the receive time that starts the SLA (POLICY §5).
 */
export const messageRoutes: FastifyPluginAsyncZod<{ deps: ApiDeps }> = async (app, { deps }) => {
  const bodyLimit = deps.policy.limits.maxMessageBytes + MESSAGE_BODY_SLACK_BYTES;
  // Only raw messages here: JSON and anything else answer 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("message/rfc822", { parseAs: "buffer", bodyLimit }, (_request, body, done) => done(null, body));

  app.post(
    "/v1/messages",
    {
      bodyLimit,
      config: { scope: "write" },
      schema: {
        tags: ["messages"],
        summary: "Queue a raw message for triage",
        description: `Body: the raw message, \`Content-Type: message/rfc822\`, at most ${bodyLimit} bytes (413 above). The same bytes twice give the same job.`,
        consumes: ["message/rfc822"],
        body: RawMessageSchema,
        response: { 202: ReceiptSchema, ...errorResponses(413, 415) },
      },
    },
    async (request, reply) => {
      if (request.body.byteLength === 0) throw new ApiError(400, "invalid_request", "body: empty message");
      const receipt = await deps.intake.intake(request.body, { receivedAt: deps.now().toISOString(), source: "http" });
      return reply.code(202).header("location", `/v1/jobs/${receipt.jobId}`).send({ jobId: receipt.jobId, duplicate: receipt.duplicate });
    },
  );
};
