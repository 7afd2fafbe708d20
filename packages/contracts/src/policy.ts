import { z } from "zod";
import { TierSchema } from "./triage-result";

const hours = z.number().positive();
const range = z.tuple([hours, hours]).refine(([lo, hi]) => lo <= hi, "lower bound must not exceed upper bound");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const domain = z
  .string()
  .min(1)
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(s), "expected a domain such as example.com");

export const BandSchema = z.enum(["lower", "midpoint", "upper"]);
export type Band = z.infer<typeof BandSchema>;

export const ContactSchema = z.object({ name: z.string(), email: z.string() });

export const RegionPolicySchema = z.strictObject({
  /** Human name, e.g. "Europe & UK". */
  name: z.string(),
  /** Licence count at which a customer account is large (POLICY §5). */
  largeAccountLicenses: z.number().int().positive(),
  /** IANA zone of the region's 24x5 clock. */
  timezone: z.string().min(1),
  /** Local dates (YYYY-MM-DD) on which the 24x5 clock stops all day. */
  holidays: z.array(isoDate),
  /** Escalation contacts attached to breach events, levels 1-4 (POLICY §5). */
  escalation: z.strictObject({
    level1: z.array(ContactSchema),
    level2: z.array(ContactSchema),
    level3: z.array(ContactSchema),
    level4: z.array(ContactSchema),
  }),
});
export type RegionPolicy = z.infer<typeof RegionPolicySchema>;

export const SeverityTargetSchema = z.strictObject({
  /** First response, hours of support time: [lower, upper]. */
  acknowledgeHours: range,
  /** Problem determination, hours of support time: [lower, upper]. */
  determineHours: range,
});

export const ProductSchema = z.strictObject({
  /** Canonical catalogue name, e.g. "Zoho CRM". */
  name: z.string().min(1),
  /** Other ways partners write it ("crm", "zoho crm plus" is its own entry). */
  aliases: z.array(z.string()),
});
export type Product = z.infer<typeof ProductSchema>;

/**
 * The operator-editable policy file. Defaults are `policy/default-policy.json` (= POLICY.md);
 * an operator file is merged over them key by key, then validated here.
 */
export const PolicySchema = z
  .strictObject({
    limits: z.strictObject({
      /** Larger messages are rejected `too_large` without parsing (POLICY §7). */
      maxMessageBytes: z.number().int().positive(),
      /** Wall-clock budget for parsing one message, ms. */
      parseTimeoutMs: z.number().int().positive(),
      /** Heap limit of the parser's worker thread, MiB. */
      parseHeapMb: z.number().int().min(32),
      /** Characters of a header kept before address parsing or matching. */
      maxHeaderChars: z.number().int().positive(),
      /** Characters of body text the rules look at. */
      maxTextChars: z.number().int().positive(),
      /** Characters of HTML converted to text; the rest is cut. */
      maxHtmlChars: z.number().int().positive(),
    }),
    senders: z.strictObject({
      /** Domains treated as generic free mail on top of the maintained list. */
      genericDomainsAdd: z.array(domain),
      /** Domains never treated as generic, even when the list has them. */
      genericDomainsAllow: z.array(domain),
    }),
    auth: z.strictObject({
      /** When non-empty, only Authentication-Results headers from these authserv-ids count. */
      trustedAuthservIds: z.array(z.string()),
    }),
    defaultRegion: z.string(),
    regions: z.record(z.string().regex(/^[A-Z]{2,6}$/, "region codes are 2-6 capital letters"), RegionPolicySchema),
    severityTargets: z.strictObject({ "1": SeverityTargetSchema, "2": SeverityTargetSchema, "3": SeverityTargetSchema }),
    /** Where in a target range each tier falls (POLICY §5). */
    tierBands: z.strictObject({
      premium: BandSchema,
      advanced: BandSchema,
      authorized: BandSchema,
      unregistered: BandSchema,
      largeAccount: BandSchema,
    }),
    description: z.strictObject({
      shortBelowWords: z.number().int().nonnegative(),
      longAboveWords: z.number().int().positive(),
    }),
    basicFlood: z.strictObject({
      max: z.number().int().positive(),
      windowDays: z.number().positive(),
    }),
    ticketRef: z.strictObject({
      /** Prefix of ticket ids and of the subject reference, e.g. "MT" → "[MT-7KQ2M9XW4A]". */
      prefix: z.string().regex(/^[A-Z]{2,6}$/),
    }),
    products: z.array(ProductSchema).min(1),
  })
  .superRefine((p, ctx) => {
    if (!(p.defaultRegion in p.regions)) {
      ctx.addIssue({ code: "custom", path: ["defaultRegion"], message: `defaultRegion "${p.defaultRegion}" is not a key of regions` });
    }
    if (p.description.shortBelowWords >= p.description.longAboveWords) {
      ctx.addIssue({
        code: "custom",
        path: ["description", "shortBelowWords"],
        message: "description.shortBelowWords must be below description.longAboveWords",
      });
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

export const PartnerSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  domains: z.array(domain).min(1),
  tier: TierSchema,
  region: z.string(),
  accountManager: z.string(),
});
export type Partner = z.infer<typeof PartnerSchema>;

export const AccountSchema = z.strictObject({
  domain: domain,
  superAdminEmail: z.string().email().optional(),
  licenses: z.number().int().nonnegative(),
  region: z.string().optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export const PartnersFileSchema = z.array(PartnerSchema);
export const AccountsFileSchema = z.array(AccountSchema);
