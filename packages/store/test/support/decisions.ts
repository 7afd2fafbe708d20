import { createHash } from "node:crypto";
import type { Language, Policy, TriageResult } from "@mailtriage/contracts";
import { applyFollowup, NO_CONSENT, NO_FLAGS, stampSla, ticketIdFor, type TicketState } from "@mailtriage/domain";
import type { Decision, TicketDocument } from "../../src";

/** What a test ticket is about; everything else has a sensible default. */
export interface TicketSpec {
  messageId: string;
  receivedAt?: string;
  severity?: 1 | 2 | 3;
  partner?: string | null;
  language?: Language | null;
  /** Consent required and not given: status awaiting_consent, no determination deadline. */
  awaitingConsent?: boolean;
  customerEmail?: string;
}

const RECEIVED = "2026-11-20T20:00:00.000Z";

export function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A new-ticket decision as `triage` would make it (SLA stamped by the domain, 24x7 EU clock). */
export function ticketDecision(spec: TicketSpec, policy: Policy): Decision {
  const receivedAt = spec.receivedAt ?? RECEIVED;
  const severity = spec.severity ?? 2;
  const region = "EU";
  const awaiting = spec.awaitingConsent ?? false;
  const sla = stampSla({ receivedAt, severity, critical: true, band: "lower", region: policy.regions[region]!, targets: policy.severityTargets, awaitingConsent: awaiting });
  const consent = awaiting ? { required: true, present: false, reasons: ["signal:change super admin"] } : { ...NO_CONSENT, reasons: [] };
  const ticketId = ticketIdFor(spec.messageId, policy.ticketRef.prefix);
  const status = awaiting ? "awaiting_consent" : "open";
  const flags = { ...NO_FLAGS, critical: true, unregisteredDomain: spec.partner === null };
  const partner = spec.partner === null ? null : { id: spec.partner ?? "acme", tier: "premium" as const, region };
  const result: TriageResult = {
    ...emptyResult(receivedAt),
    outcome: "ticket",
    ticketId,
    messageId: spec.messageId,
    from: "ana@acme-partner.example",
    language: spec.language === undefined ? "en" : spec.language,
    partner,
    severity,
    severityReasons: ["test"],
    flags,
    consent,
    status,
    sla,
    contentSha256: sha(spec.messageId),
  };
  const ticket: TicketState = { ticketId, region, customerEmail: spec.customerEmail ?? "it@customer.example", consent, status, sla, flags };
  return { result, ticket, rawSha256: sha(spec.messageId) };
}

/** A follow-up of `parent` (the domain's `applyFollowup`), giving consent when `fromCustomer`. */
export function followupDecision(parent: TicketDocument, messageId: string, receivedAt: string, policy: Policy, fromCustomer = false): Decision {
  const customer = parent.state.customerEmail ?? "it@customer.example";
  const evidence = { text: "", forwardedText: "", participants: fromCustomer ? [customer] : ["ana@acme-partner.example"], forwardedSenders: [] };
  const state = applyFollowup(parent.state, { evidence, customerEmail: null, authFailed: false, receivedAt, genericDomains: new Set(), policy });
  const result: TriageResult = {
    ...emptyResult(receivedAt),
    outcome: "followup",
    ticketId: parent.ticketId,
    messageId,
    from: fromCustomer ? customer : "ana@acme-partner.example",
    flags: { ...parent.state.flags },
    consent: state.consent,
    status: state.status,
    sla: state.sla,
    contentSha256: sha(messageId),
  };
  return { result, ticket: state, rawSha256: sha(messageId), parent };
}

/** A decision that made no ticket (rejected / ignored / failed). */
export function otherDecision(outcome: "rejected" | "ignored" | "failed", id: string, receivedAt = RECEIVED): Decision {
  const messageId = outcome === "failed" ? null : id;
  const reason = outcome === "failed" ? "unparseable" : outcome === "rejected" ? "generic_sender_domain" : "auto_submitted";
  return { result: { ...emptyResult(receivedAt), outcome, status: outcome, reason, messageId, contentSha256: sha(id) }, ticket: null, rawSha256: sha(id) };
}

function emptyResult(receivedAt: string): TriageResult {
  return {
    outcome: "failed", reason: null, ticketId: null, messageId: null, from: null, receivedAt, language: null, partner: null, fields: null,
    missingFields: [], severity: null, severityReasons: [], statedSeverity: null, flags: { ...NO_FLAGS }, consent: { ...NO_CONSENT, reasons: [] }, status: "failed", sla: null,
  };
}
