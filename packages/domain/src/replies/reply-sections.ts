import type { FieldName, Language, TriageResult } from "@mailtriage/contracts";
import labels from "../lexicon/template-labels.json" with { type: "json" };
import { formatInstant } from "./format-instant";
import { mainSeverityReason, splitReason } from "./main-reason";
import { fillText, type ReplyTextSet } from "./reply-texts";

// The template a partner copies, in POLICY §4 order: the first label of each field, which is the POLICY table's.
const TEMPLATE_FIELDS: readonly FieldName[] = ["customerEmail", "requestType", "reproducible", "product", "description", "troubleshooting", "screenshots"];
const LABELS = labels.fields as Record<FieldName, Record<Language, string[]>>;

/** The POLICY §4 label of a template field in a language. */
export function fieldLabel(field: FieldName, language: Language): string {
  return LABELS[field][language][0] ?? LABELS[field].en[0] ?? field;
}

/** `Severity: 1 – critical business impact. Main reason: users cannot sign in (“no pueden iniciar sesión”).` or null without a severity. */
export function severitySection(result: TriageResult, t: ReplyTextSet): string | null {
  if (result.severity === null) return null;
  const main = mainSeverityReason(result.severityReasons);
  const label = main === null ? null : (t.reasons as Record<string, string | undefined>)[main.code];
  const reason = label === undefined || label === null ? "—" : main?.words ? fillText(t.severity.quoted, { reason: label, words: main.words }) : label;
  return fillText(t.severity.line, { severity: String(result.severity), severityName: t.severity.names[String(result.severity) as "1" | "2" | "3"], reason });
}

/** The due-time lines: both phases in the region's zone; problem determination waits for consent; none for SLA-exempt requests. */
export function dueSection(result: TriageResult, t: ReplyTextSet, language: Language): string[] {
  const sla = result.sla;
  if (sla === null || result.flags.slaExempt) return [t.due.none];
  const lines = [`- ${fillText(t.due.acknowledge, { time: formatInstant(sla.acknowledgeBy, sla.timezone, language) })}`];
  if (sla.determineBy !== null) lines.push(`- ${fillText(t.due.determine, { time: formatInstant(sla.determineBy, sla.timezone, language) })}`);
  else if (result.status === "awaiting_consent") lines.push(`- ${t.due.afterConsent}`);
  return lines;
}

/** The missing fields by label, then the whole template to copy; empty when nothing is missing. */
export function missingSection(result: TriageResult, t: ReplyTextSet, language: Language): string[] {
  if (result.missingFields.length === 0) return [];
  const missing = result.missingFields.map((f) => `- ${fieldLabel(f, language)}`);
  // A label that is a question ("Can you reproduce the issue?") takes its answer after a space, as in the seeds.
  const template = TEMPLATE_FIELDS.map((f) => fieldLabel(f, language)).map((label) => (label.endsWith("?") ? `${label} ` : `${label}: `));
  return [t.missing.intro, ...missing, "", t.missing.copy, "", ...template];
}

/** Consent needed (POLICY §6): why, from whom, and the two ways to give it. */
export function consentSection(result: TriageResult, t: ReplyTextSet): string[] {
  const names = t.consentReasons as Record<string, string | undefined>;
  const reasons = [...new Set(result.consent.reasons.map((r) => splitReason(r)?.code ?? "").map((code) => names[code]).filter((n): n is string => n !== undefined))];
  const customer = result.fields?.customerEmail ?? t.consent.customerUnknown;
  return [
    fillText(t.consent.intro, { reasons: reasons.length > 0 ? reasons.join(", ") : "—" }),
    fillText(t.consent.from, { customer }),
    "",
    t.consent.how,
    `- ${fillText(t.consent.replyWithCc, { customer })}`,
    `- ${t.consent.forward}`,
    "",
    t.consent.meanwhile,
  ];
}
