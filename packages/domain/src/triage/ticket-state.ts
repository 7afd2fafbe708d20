import type { Consent, Flags, Sla, Status } from "@mailtriage/contracts";

/** What the rules need to know of an existing ticket to apply a follow-up to it. */
export interface TicketState {
  ticketId: string;
  /** Region code whose clock the ticket runs on (for holidays when a clock restarts). */
  region: string;
  customerEmail: string | null;
  consent: Consent;
  status: Status;
  sla: Sla | null;
  flags: Flags;
}

/** All flags false: the starting point for outcomes that are not tickets. */
export const NO_FLAGS: Flags = Object.freeze({
  basic: false,
  slaExempt: false,
  critical: false,
  largeAccount: false,
  unregisteredDomain: false,
  authFailed: false,
});

export const NO_CONSENT: Consent = Object.freeze({ required: false, present: false, reasons: [] });
