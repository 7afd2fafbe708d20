import type { Consent, Policy, Sla, Status } from "@mailtriage/contracts";
import { findConsentGiver, type ConsentEvidence } from "../consent";
import { startDetermination } from "../sla";
import type { TicketState } from "./ticket-state";

export interface FollowupInput {
  evidence: ConsentEvidence;
  /** The follow-up's own customer email, when it restates the template. */
  customerEmail: string | null;
  authFailed: boolean;
  receivedAt: string;
  genericDomains: ReadonlySet<string>;
  policy: Policy;
}

/**
 * The parent ticket after a follow-up (POLICY §2, §6): a follow-up that carries the awaited
 * consent records who gave it and when, and starts the problem-determination clock from then;
 * a follow-up on a resolved ticket reopens it.
 */
export function applyFollowup(parent: TicketState, input: FollowupInput): TicketState {
  let consent: Consent = parent.consent;
  let status: Status = parent.status;
  let sla: Sla | null = parent.sla;
  if (parent.consent.required && !parent.consent.present && !input.authFailed && !parent.flags.authFailed) {
    const giver = findConsentGiver(input.evidence, parent.customerEmail ?? input.customerEmail, input.genericDomains);
    if (giver !== null) {
      consent = { ...parent.consent, present: true, givenBy: giver, givenAt: input.receivedAt };
      status = "open";
      const holidays = input.policy.regions[parent.region]?.holidays ?? [];
      sla = sla && startDetermination(sla, input.receivedAt, holidays);
    }
  }
  if (status === "resolved") status = "open";
  return { ...parent, consent, status, sla };
}
