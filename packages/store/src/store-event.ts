import type { RegionPolicy, Sla } from "@mailtriage/contracts";
import type { SlaPhase } from "./keys";

/** Operator events that stop or start clocks (CONTRACT `POST /v1/tickets/:id/events`). */
export type OperatorEventType = "acknowledged" | "determined" | "resolved" | "consent_received";

/** What an event did to a ticket's SLA. */
export interface SlaEffect {
  /** Phases whose clock the event stopped. */
  stopped: SlaPhase[];
  /** Phases whose clock the event started (consent starts problem determination, POLICY §6). */
  started: SlaPhase[];
  /** Stopped phases that were already past their due time. */
  late: SlaPhase[];
  /** The ticket's SLA after the event (null when none applies). */
  sla: Sla | null;
}

/** Escalation contacts of a region, levels 1-4 (POLICY §5; policy file `regions.<code>.escalation`). */
export type Escalation = RegionPolicy["escalation"];

interface EventBase {
  /** When it happened, ISO-8601: the inbox receive time for message events, the given time for operator events. */
  at: string;
}

/** An event in a ticket's history (`TicketStore.getTicket`) and in the global stream. */
export type TicketEvent =
  | (EventBase & { type: "created"; ticketId: string; message: string })
  | (EventBase & { type: "followup"; ticketId: string; message: string })
  | (EventBase & { type: "reopened"; ticketId: string; message: string })
  /** Consent arrived: in a follow-up (`message` set) or by an operator (`by`). */
  | (EventBase & { type: "consent_received"; ticketId: string; message?: string; by: string | null; effect: SlaEffect })
  | (EventBase & { type: "acknowledged" | "determined" | "resolved"; ticketId: string; by: string | null; effect: SlaEffect })
  /** `at` is the due time that passed; `escalation` the region's contacts (POLICY §5). */
  | (EventBase & { type: "breached"; ticketId: string; phase: SlaPhase; detectedAt: string; region: string; escalation: Escalation | null });

/** A message that made no ticket change: only in the global stream (for webhooks). */
export interface MessageEvent extends EventBase {
  type: "rejected" | "ignored" | "failed";
  message: string;
  reason: string | null;
}

/**
 * A partner sent more than `basicFlood.max` basic requests within `basicFlood.windowDays`
 * (POLICY §5): its account manager is to be told, once per window. Only in the global stream
 * (and the notification list). `at` = `windowEnd` = the receive time of the ticket that tipped it.
 */
export interface BasicFloodEvent extends EventBase {
  type: "basic_flood";
  notificationId: string;
  partnerId: string;
  accountManager: string;
  /** Basic tickets in the window, and their ids. */
  count: number;
  ticketIds: string[];
  /** The window `(windowStart, windowEnd]`, ISO-8601. */
  windowStart: string;
  windowEnd: string;
}

/** Anything in the global event stream (`StoreKeys.events`, field `event` = this JSON). */
export type StoreEvent = TicketEvent | MessageEvent | BasicFloodEvent;
