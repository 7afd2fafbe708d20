import { ConsentSchema, FlagsSchema, LanguageSchema, SlaSchema, StatusSchema, TriageResultSchema } from "@mailtriage/contracts";
import { z } from "zod";
import { IsoInputSchema, IsoSchema, openObject, PageQueryShape, pageOf } from "./common-schemas";

// Response schemas document the shapes in OpenAPI; fields may be added (CONTRACT.md).

/** CONTRACT "Triage result" (fields may be added). */
export const OpenTriageResultSchema = TriageResultSchema.meta({ additionalProperties: true });

const PhaseSchema = z.enum(["acknowledge", "determine"]);
const BreachSchema = z.object({ dueBy: IsoSchema, detectedAt: IsoSchema }).nullable();

/** The live state that follow-ups and events change. */
export const TicketStateSchema = openObject({
  ticketId: z.string(),
  region: z.string(),
  customerEmail: z.string().nullable(),
  consent: ConsentSchema,
  status: StatusSchema,
  sla: SlaSchema.nullable(),
  flags: FlagsSchema,
});

/** A ticket: the triage result of the message that created it, and its live state. */
export const TicketSchema = openObject({
  ticketId: z.string(),
  version: z.number().int(),
  receivedAt: IsoSchema,
  updatedAt: IsoSchema,
  result: OpenTriageResultSchema,
  state: TicketStateSchema,
  acknowledgedAt: IsoSchema.nullable(),
  determinedAt: IsoSchema.nullable(),
  resolvedAt: IsoSchema.nullable(),
  clocksStoppedAt: z.object({ acknowledge: IsoSchema.nullable(), determine: IsoSchema.nullable() }),
  breaches: z.object({ acknowledge: BreachSchema, determine: BreachSchema }),
  messageCount: z.number().int(),
});

/** What an event did to the SLA. */
export const SlaEffectSchema = z.object({
  stopped: z.array(PhaseSchema),
  started: z.array(PhaseSchema),
  late: z.array(PhaseSchema).describe("stopped phases that were already past due"),
  sla: SlaSchema.nullable(),
});

/** One entry of a ticket's history (operator events carry `by` and `effect`; breaches `phase` and `escalation`). */
export const TicketEventSchema = openObject({
  type: z.enum(["created", "followup", "reopened", "consent_received", "acknowledged", "determined", "resolved", "breached"]),
  at: IsoSchema,
  ticketId: z.string(),
});

/** The stored result of one message. */
export const MessageRecordSchema = openObject({
  identity: z.string().describe("`id:<Message-ID>`, or `sha:<sha256>` without one"),
  rawSha256: z.string(),
  ticketId: z.string().nullable(),
  result: OpenTriageResultSchema,
  recordedAt: IsoSchema,
});

/** An automatic reply to the partner about this ticket, as the mailer recorded it (no body). */
export const TicketReplySchema = openObject({
  replyId: z.string(),
  kind: z.enum(["acknowledgement", "consent_request", "generic_sender_rejection"]),
  status: z.enum(["sent", "failed"]).describe("`sent`: the SMTP server accepted it; `failed`: given up"),
  to: z.string().describe("recipient address"),
  language: z.string().describe("language the reply was written in"),
  subject: z.string(),
  messageId: z.string().describe("Message-ID of the reply (a partner's answer to it carries it in In-Reply-To)"),
  sentAt: IsoSchema.nullable().describe("when the SMTP server accepted it; null when it failed"),
});

export const TicketViewSchema = z.object({
  ticket: TicketSchema,
  messages: z.array(MessageRecordSchema),
  events: z.array(TicketEventSchema),
  replies: z.array(TicketReplySchema).describe("replies sent to the partner about this ticket, oldest first (empty when replies are off)"),
});
export const TicketPageSchema = pageOf(TicketSchema);

/** Filters of `GET /v1/tickets` (combined with AND), newest received first. */
export const TicketQuerySchema = z.strictObject({
  status: StatusSchema.optional(),
  severity: z.enum(["1", "2", "3"]).transform((value) => Number(value) as 1 | 2 | 3).optional(),
  partner: z.string().min(1).max(100).optional().describe("partner id"),
  breached: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  language: LanguageSchema.optional(),
  receivedFrom: IsoInputSchema.optional().describe("received at or after (inclusive)"),
  receivedTo: IsoInputSchema.optional().describe("received before (exclusive)"),
  dueBefore: IsoInputSchema.optional().describe("a running SLA phase is due at or before this instant"),
  ...PageQueryShape,
});

export const TicketParamsSchema = z.object({ id: z.string().min(1).max(100).describe("ticket id, e.g. MT-7KQ2M9XW4A") });

/** `POST /v1/tickets/:id/events`. */
export const EventBodySchema = z.strictObject({
  type: z.enum(["acknowledged", "determined", "resolved", "consent_received"]),
  at: IsoInputSchema.optional().describe("when it happened; default: now"),
  by: z.string().min(1).max(320).nullable().optional().describe("who did it (for consent: who gave it)"),
});

export const RecordedEventSchema = z.object({ ticket: TicketSchema, event: TicketEventSchema, effect: SlaEffectSchema });
