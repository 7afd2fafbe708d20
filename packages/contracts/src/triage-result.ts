import { z } from "zod";

/** The six template languages of POLICY §1. */
export const LanguageSchema = z.enum(["en", "es", "pt", "fr", "id", "de"]);
export type Language = z.infer<typeof LanguageSchema>;

export const OutcomeSchema = z.enum(["ticket", "followup", "rejected", "ignored", "failed"]);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** Machine-readable reasons for rejected / ignored / failed outcomes (CONTRACT "Triage result"). */
export const ReasonSchema = z.enum([
  "generic_sender_domain",
  "too_large",
  "auto_submitted",
  "precedence_bulk",
  "bounce",
  "mailer_daemon",
  "out_of_office",
  "duplicate",
  "no_sender",
  "multiple_senders",
  "encoded_sender",
  "unparseable",
  "parse_timeout",
  "parse_memory",
  "parse_error",
]);
export type Reason = z.infer<typeof ReasonSchema>;

export const TierSchema = z.enum(["premium", "advanced", "authorized"]);
export type Tier = z.infer<typeof TierSchema>;

export const RequestTypeSchema = z.enum([
  "technical_support",
  "payment_renewal",
  "trial_extension",
  "store",
  "upgrades",
  "invoice_changes",
  "commission_payment",
  "product_management",
  "sales_discussion",
  "other",
]);
export type RequestType = z.infer<typeof RequestTypeSchema>;

export const ReproducibleSchema = z.enum(["yes", "no", "unknown"]);
export type Reproducible = z.infer<typeof ReproducibleSchema>;

export const AttachmentInfoSchema = z.object({
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  inline: z.boolean(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfoSchema>;

/** Details the seeds ask for when the partner can reproduce (POLICY §4). */
export const ReproductionDetailsSchema = z.object({
  userId: z.string().nullable(),
  superAdminEmail: z.string().nullable(),
  customization: z.string().nullable(),
  occurredAt: z.string().nullable(),
  supportAccessEnabled: z.enum(["yes", "no", "unknown"]),
});
export type ReproductionDetails = z.infer<typeof ReproductionDetailsSchema>;

export const TemplateFieldsSchema = z.object({
  customerEmail: z.string().nullable(),
  requestType: RequestTypeSchema.nullable(),
  requestTypeRaw: z.string().nullable(),
  reproducible: ReproducibleSchema.nullable(),
  reproducibleDetails: z.string().nullable(),
  reproduction: ReproductionDetailsSchema.nullable(),
  product: z.string().nullable(),
  productRaw: z.string().nullable(),
  description: z.string().nullable(),
  descriptionWords: z.number().int().nonnegative(),
  descriptionLength: z.enum(["short", "ok", "long"]).nullable(),
  troubleshooting: z.string().nullable(),
  screenshots: z.boolean(),
  attachments: z.array(AttachmentInfoSchema),
});
export type TemplateFields = z.infer<typeof TemplateFieldsSchema>;

/** The template fields a reply can ask for (POLICY §4 table). */
export const FieldNameSchema = z.enum([
  "customerEmail",
  "requestType",
  "reproducible",
  "product",
  "description",
  "troubleshooting",
  "screenshots",
]);
export type FieldName = z.infer<typeof FieldNameSchema>;

export const FlagsSchema = z.object({
  basic: z.boolean(),
  slaExempt: z.boolean(),
  critical: z.boolean(),
  largeAccount: z.boolean(),
  unregisteredDomain: z.boolean(),
  authFailed: z.boolean(),
});
export type Flags = z.infer<typeof FlagsSchema>;

export const ConsentSchema = z.object({
  required: z.boolean(),
  present: z.boolean(),
  reasons: z.array(z.string()),
  givenBy: z.string().nullable().optional(),
  givenAt: z.string().nullable().optional(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const StatusSchema = z.enum([
  "open",
  "awaiting_consent",
  "acknowledged",
  "determined",
  "resolved",
  "rejected",
  "ignored",
  "failed",
]);
export type Status = z.infer<typeof StatusSchema>;

export const SlaSchema = z.object({
  clock: z.enum(["24x5", "24x7"]),
  timezone: z.string(),
  acknowledgeBy: z.string(),
  determineBy: z.string().nullable(),
  acknowledgeRangeHours: z.tuple([z.number(), z.number()]),
  determineRangeHours: z.tuple([z.number(), z.number()]),
  acknowledgeHours: z.number(),
  determineHours: z.number(),
  band: z.enum(["lower", "midpoint", "upper"]),
  determinationStartedAt: z.string().nullable(),
});
export type Sla = z.infer<typeof SlaSchema>;

export const PartnerRefSchema = z.object({ id: z.string(), tier: TierSchema, region: z.string() });

/** One JSON object per message: CONTRACT.md "Triage result". */
export const TriageResultSchema = z.object({
  outcome: OutcomeSchema,
  reason: ReasonSchema.nullable(),
  reasonDetail: z.string().nullable().optional(),
  ticketId: z.string().nullable(),
  messageId: z.string().nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable().optional(),
  receivedAt: z.string(),
  language: LanguageSchema.nullable(),
  partner: PartnerRefSchema.nullable(),
  fields: TemplateFieldsSchema.nullable(),
  missingFields: z.array(FieldNameSchema),
  severity: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  severityReasons: z.array(z.string()),
  statedSeverity: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  flags: FlagsSchema,
  consent: ConsentSchema,
  status: StatusSchema,
  sla: SlaSchema.nullable(),
  contentSha256: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});
export type TriageResult = z.infer<typeof TriageResultSchema>;
