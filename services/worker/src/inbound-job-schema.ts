import type { InboundJobData } from "@mailtriage/store";
import { z } from "zod";

/**
 * Validates an `inbound` job's payload before use: a job is data from Redis, written by
 * another process (possibly an older or newer version). A payload that does not match is
 * unrecoverable, not retried.
 */
export const InboundJobSchema = z.object({
  rawSha256: z.string().regex(/^[0-9a-f]{64}$/, "expected a hex SHA-256"),
  size: z.number().int().nonnegative(),
  receivedAt: z.iso.datetime({ offset: true }),
  source: z.enum(["http", "imap"]),
  mailbox: z.string().optional(),
  uid: z.number().int().nonnegative().optional(),
  redriveOf: z.string().min(1).optional(),
}) satisfies z.ZodType<InboundJobData>;
