import type { Account, AttachmentInfo, Partner, Policy, Reason, TemplateFields, TriageResult } from "@mailtriage/contracts";
import { detectAutomatic } from "../automatic";
import { assessConsent, readDmarc, type ConsentEvidence } from "../consent";
import type { InboundMessage } from "../message";
import { extractNewText, type ReplyParts } from "../reply";
import { classifySender, domainOf } from "../sender";
import { assignSeverity } from "../severity";
import { chooseBand, stampSla } from "../sla";
import { extractTemplate, type TemplateExtraction } from "../template";
import { joinTokenized } from "../text/word-tokens";
import { ticketIdFor } from "../thread";
import { applyFollowup } from "./apply-followup";
import { findAccount, isLargeAccount } from "./find-account";
import { NO_CONSENT, NO_FLAGS, type TicketState } from "./ticket-state";

/** Everything besides the message that the rules need; the caller gathers it (STYLE.md). */
export interface TriageContext {
  /** When the inbox received the message (IMAP internal date, or the HTTP request time), ISO. */
  receivedAt: string;
  partners: readonly Partner[];
  accounts: readonly Account[];
  /** Generic free-mail domains (maintained list + operator additions − allow-list). */
  genericDomains: ReadonlySet<string>;
  /** The ticket this message follows up, found by the caller with threadKeys/matchThread. */
  parent: TicketState | null;
}

/** The decision: the contract's result, plus the ticket state to store (new or updated parent). */
export interface TriageDecision {
  result: TriageResult;
  ticket: TicketState | null;
}

/**
 * Triage one parsed message (POLICY §2-§7, in the order of §7: automatic mail, then sender
 * policy, then the template and the rest; the size check happens before parsing).
 */
export function triage(message: InboundMessage, context: TriageContext, policy: Policy): TriageDecision {
  const base = baseResult(message, context.receivedAt);

  const automatic = detectAutomatic(message);
  if (automatic) return notTicket(base, "ignored", automatic.reason, automatic.detail);

  const reply = extractNewText(message.text);
  const parent = context.parent;
  const sender = classifySender(message, context.genericDomains, context.partners);
  // A customer replying from free mail to give consent is no generic-domain request (POLICY §6).
  const customerReply = parent !== null && sender.kind === "rejected" && sender.reason === "generic_sender_domain" && sender.address === parent.customerEmail;
  if (sender.kind === "rejected" && !customerReply) return notTicket({ ...base, from: sender.address ?? base.from }, "rejected", sender.reason, sender.detail);

  const partner = sender.kind === "accepted" ? sender.partner : null;
  const template = readTemplate(reply, policy);
  const fields = withAttachments(template.fields, message);
  const language = template.language; // labels' language, else the prose's (extractTemplate)
  const dmarc = readDmarc(message.headers["authentication-results"] ?? [], policy.auth.trustedAuthservIds);
  const fromDomain = domainOf(sender.address ?? "");
  const authFailed = partner !== null && dmarc?.result === "fail" && (dmarc.headerFrom === null || dmarc.headerFrom === fromDomain);
  const evidence = consentEvidence(message, reply);

  const common = {
    ...base,
    language,
    partner: partner && { id: partner.id, tier: partner.tier, region: partner.region },
    fields,
    missingFields: template.missingFields,
  };

  if (parent !== null) {
    const update = applyFollowup(parent, { evidence, customerEmail: fields.customerEmail, authFailed, receivedAt: context.receivedAt, genericDomains: context.genericDomains, policy });
    const result: TriageResult = { ...common, outcome: "followup", ticketId: parent.ticketId, severity: null, severityReasons: [], statedSeverity: null, flags: { ...parent.flags }, consent: update.consent, status: update.status, sla: update.sla };
    return { result, ticket: update };
  }

  const severity = assignSeverity({ subject: message.subject, newText: reply.newText, requestType: fields.requestType, reproducible: fields.reproducible });
  const consent = assessConsent(evidence, fields.customerEmail, context.genericDomains, authFailed, context.receivedAt);
  const regionCode = partner?.region ?? policy.defaultRegion;
  const region = policy.regions[regionCode] ?? policy.regions[policy.defaultRegion];
  const largeAccount = isLargeAccount(findAccount(context.accounts, fields.customerEmail, reply.newText), regionCode, policy);
  const awaitingConsent = consent.required && !consent.present;
  const sla =
    severity.slaExempt || region === undefined
      ? null
      : stampSla({
          receivedAt: context.receivedAt,
          severity: severity.severity,
          critical: severity.critical,
          band: chooseBand(partner?.tier ?? null, largeAccount, policy.tierBands),
          region,
          targets: policy.severityTargets,
          awaitingConsent,
        });
  const flags = { basic: severity.basic, slaExempt: severity.slaExempt, critical: severity.critical, largeAccount, unregisteredDomain: partner === null, authFailed };
  const ticketId = ticketIdFor(message.messageId ?? message.contentSha256, policy.ticketRef.prefix);
  const status = awaitingConsent ? "awaiting_consent" : "open";
  const result: TriageResult = { ...common, outcome: "ticket", ticketId, severity: severity.severity, severityReasons: severity.reasons, statedSeverity: severity.statedSeverity, flags, consent, status, sla };
  return { result, ticket: { ticketId, region: regionCode, customerEmail: fields.customerEmail, consent, status, sla, flags } };
}

/** The result for a message that could not be parsed at all (POLICY §2 `failed`). */
export function failedResult(failure: { reason: Reason; detail: string; size: number; contentSha256: string }, receivedAt: string): TriageResult {
  const outcome = failure.reason === "too_large" ? "rejected" : "failed";
  return {
    ...emptyResult(receivedAt),
    outcome,
    status: outcome,
    reason: failure.reason,
    reasonDetail: failure.detail,
    size: failure.size,
    contentSha256: failure.contentSha256,
  };
}

function readTemplate(reply: ReplyParts, policy: Policy): TemplateExtraction {
  const options = { products: policy.products, shortBelowWords: policy.description.shortBelowWords, longAboveWords: policy.description.longAboveWords };
  const own = extractTemplate(reply.newText, options);
  // A partner forwarding a filled-in template with nothing above it: the forward is the request.
  if (own.labelsFound === 0 && reply.forwarded.trim() !== "") {
    const forwarded = extractTemplate(reply.forwarded, options);
    if (forwarded.labelsFound > 0) return forwarded;
  }
  return own;
}

function withAttachments(fields: TemplateFields, message: InboundMessage): TemplateFields {
  const attachments: AttachmentInfo[] = message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256, inline: a.inline }));
  const screenshots = attachments.some((a) => a.contentType.startsWith("image/") || a.contentType.startsWith("video/"));
  return { ...fields, attachments, screenshots };
}

function consentEvidence(message: InboundMessage, reply: ReplyParts): ConsentEvidence {
  const embedded = message.attachments.flatMap((a) => (a.embedded ? [a.embedded] : []));
  const forwardedSenders = [
    ...embedded.flatMap((e) => e.from.map((f) => f.address)),
    ...[...reply.forwardedHeader.slice(0, 20_000).matchAll(/^[ \t>]*(?:from|de|von|dari|da)\s*:[^\n]*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gim)].map((m) => (m[1] ?? "").toLowerCase()),
  ];
  return {
    text: joinTokenized(message.subject, "\n", reply.newText),
    forwardedText: [reply.forwarded, ...embedded.map((e) => `${e.subject}\n${e.text}`)].join("\n"),
    participants: [...message.from, ...message.to, ...message.cc].map((a) => a.address),
    forwardedSenders,
  };
}

function baseResult(message: InboundMessage, receivedAt: string): TriageResult {
  return { ...emptyResult(receivedAt), messageId: message.messageId, from: message.from[0]?.address ?? null, subject: message.subject, size: message.size, contentSha256: message.contentSha256 };
}

function emptyResult(receivedAt: string): TriageResult {
  return {
    outcome: "failed", reason: null, ticketId: null, messageId: null, from: null, receivedAt, language: null, partner: null, fields: null,
    missingFields: [], severity: null, severityReasons: [], statedSeverity: null, flags: { ...NO_FLAGS }, consent: { ...NO_CONSENT, reasons: [] }, status: "failed", sla: null,
  };
}

function notTicket(base: TriageResult, outcome: "ignored" | "rejected", reason: Reason, detail: string): TriageDecision {
  return { result: { ...base, outcome, status: outcome, reason, reasonDetail: detail }, ticket: null };
}
