import type { Partner } from "@mailtriage/contracts";
import type { InboundMessage } from "../message";
import { domainAndParents, domainOf } from "./domain-of";

/** What the sender policy (POLICY §3) decided about a message's `From`. */
export type SenderVerdict =
  | { kind: "accepted"; address: string; domain: string; partner: Partner | null }
  | { kind: "rejected"; reason: "generic_sender_domain" | "no_sender" | "multiple_senders" | "encoded_sender"; address: string | null; detail: string };

/** True when the domain, or a parent of it, is in the generic (free-mail) set. */
export function isGenericDomain(domain: string, generic: ReadonlySet<string>): boolean {
  return domainAndParents(domain).some((d) => generic.has(d));
}

/** The registered partner owning the domain or a parent of it (`eu.acme.example` → acme), or null. */
export function findPartner(domain: string, partners: readonly Partner[]): Partner | null {
  for (const d of domainAndParents(domain)) {
    const hit = partners.find((p) => p.domains.includes(d));
    if (hit) return hit;
  }
  return null;
}

/**
 * Applies the sender policy to the parsed `From` (never the display name, POLICY §3):
 * no usable address → `no_sender`; an address that only came out of an encoded-word →
 * `encoded_sender` (a spoof, HOSTILE-MAIL.md); several addresses in different domains →
 * `multiple_senders`; a generic free-mail domain (subdomains count) → `generic_sender_domain`.
 */
export function classifySender(message: Pick<InboundMessage, "from" | "fromProblem">, generic: ReadonlySet<string>, partners: readonly Partner[]): SenderVerdict {
  if (message.fromProblem === "encoded_word") {
    return { kind: "rejected", reason: "encoded_sender", address: null, detail: "the From address was hidden in an encoded-word" };
  }
  const addresses = message.from.map((a) => a.address).filter((a) => domainOf(a) !== "");
  const first = addresses[0];
  if (first === undefined) {
    return { kind: "rejected", reason: "no_sender", address: null, detail: message.fromProblem === "oversized" ? "the From header is oversized" : "no From address" };
  }
  const domains = new Set(addresses.map(domainOf));
  if (domains.size > 1) {
    return { kind: "rejected", reason: "multiple_senders", address: first, detail: `From names ${addresses.length} addresses in ${domains.size} domains` };
  }
  const domain = domainOf(first);
  if (isGenericDomain(domain, generic)) {
    return { kind: "rejected", reason: "generic_sender_domain", address: first, detail: `${domain} is a generic mail domain` };
  }
  return { kind: "accepted", address: first, domain, partner: findPartner(domain, partners) };
}
