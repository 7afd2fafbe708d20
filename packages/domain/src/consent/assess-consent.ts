import type { Consent } from "@mailtriage/contracts";
import given from "../lexicon/consent-given.json" with { type: "json" };
import required from "../lexicon/consent-required.json" with { type: "json" };
import negations from "../lexicon/negations.json" with { type: "json" };
import { domainOf, isGenericDomain } from "../sender";
import { PhraseMatcher } from "../text/phrase-matcher";

/** Why a request needs consent (POLICY §6): the keys of `kinds` in consent-required.json. */
export type ConsentKind = keyof typeof required.kinds;

// Negations only stop gaps here ("Der Super-Admin kann das nicht ändern" is no request to change
// it); a request stays one when negated ("we cannot delete the account"), so no window.
const requiredMatcher = new PhraseMatcher<ConsentKind>(required, { negations: negations.words });
// "no autorizo", "I do not authorize", "ich stimme nicht zu" are refusals, not consent.
const givenMatcher = new PhraseMatcher<"written_consent">(given, { negations: negations.words, negationWindow: given.negationWindow });

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
 * changes (POLICY §6), in any of the six languages, as `consent:<kind> — '<words>'` with the
 * words as written: one reason per kind, the first in text order. Empty when none.
 */
export function findConsentReasons(text: string): string[] {
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const match of requiredMatcher.findAll(text)) {
    if (seen.has(match.kind)) continue;
    seen.add(match.kind);
    reasons.push(`consent:${match.kind} — '${match.words}'`);
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
