import type { Consent } from "@mailtriage/contracts";
import given from "../lexicon/consent-given.json" with { type: "json" };
import required from "../lexicon/consent-required.json" with { type: "json" };
import { domainOf, isGenericDomain } from "../sender";
import { PhraseMatcher } from "../text/phrase-matcher";

const { $comment: _r, ...requiredPhrases } = required;
const { $comment: _g, ...givenPhrases } = given;
const requiredMatcher = new PhraseMatcher(requiredPhrases);
const givenMatcher = new PhraseMatcher(givenPhrases);

/** What a message offers as evidence of consent (POLICY §6). */
export interface ConsentEvidence {
  /** Subject and new text of the message (never quoted history). */
  text: string;
  /** Text the message forwards (inline forward or an attached message/rfc822). */
  forwardedText: string;
  /** Addresses on the message: From, To and Cc. */
  participants: readonly string[];
  /** Senders of forwarded or attached messages. */
  forwardedSenders: readonly string[];
}

/**
 * Reasons why a request needs the customer's consent: account disputes and admin-level
 * changes (POLICY §6), as `consent:<kind> — '<words>'`. Empty when none.
 */
export function findConsentReasons(text: string): string[] {
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const hit of requiredMatcher.findAll(text)) {
    if (seen.has(hit.key)) continue;
    seen.add(hit.key);
    reasons.push(`consent:${hit.key} — '${hit.words}'`);
  }
  return reasons;
}

/**
 * Who gave consent, or null: the customer (exact address; or the customer's domain unless it
 * is generic free mail) as a participant or as the sender of a forwarded message, else consent
 * written in the message ("I authorize", "autorizo" …). Callers must not count it when the
 * message failed DMARC (`authFailed`).
 */
export function findConsentGiver(evidence: ConsentEvidence, customerEmail: string | null, generic: ReadonlySet<string>): string | null {
  if (customerEmail !== null) {
    const customer = customerEmail.toLowerCase();
    const domain = domainOf(customer);
    const domainCounts = domain !== "" && !isGenericDomain(domain, generic);
    const isCustomer = (a: string): boolean => a === customer || (domainCounts && domainOf(a) === domain);
    const participant = evidence.participants.find(isCustomer);
    if (participant !== undefined) return participant;
    const forwarder = evidence.forwardedSenders.find(isCustomer);
    if (forwarder !== undefined) return forwarder;
  }
  const written = givenMatcher.find(evidence.text) ?? givenMatcher.find(evidence.forwardedText);
  return written === null ? null : `written: '${written.words}'`;
}

/** The consent state of a new ticket (POLICY §6). `authFailed` tickets never carry consent. */
export function assessConsent(evidence: ConsentEvidence, customerEmail: string | null, generic: ReadonlySet<string>, authFailed: boolean, at: string): Consent {
  const reasons = findConsentReasons(evidence.text);
  if (reasons.length === 0) return { required: false, present: false, reasons: [] };
  const giver = authFailed ? null : findConsentGiver(evidence, customerEmail, generic);
  return giver === null
    ? { required: true, present: false, reasons, givenBy: null, givenAt: null }
    : { required: true, present: true, reasons, givenBy: giver, givenAt: at };
}
