import type { Band, Policy, RegionPolicy, Sla } from "@mailtriage/contracts";
import { addClockMillis, type ClockSpec } from "./add-clock-hours";
import { parseInstant } from "./instant";
import { pickHours } from "./pick-hours";

/** What a new ticket's deadlines depend on (POLICY §5). */
export interface SlaInput {
  /** When the inbox received the message (IMAP internal date or HTTP request time), ISO-8601. */
  receivedAt: string;
  severity: 1 | 2 | 3;
  /** Outage or login problem: the 24x7 clock; otherwise 24x5. */
  critical: boolean;
  band: Band;
  /** The partner's region (or the default region): its zone and holidays drive the 24x5 clock. */
  region: RegionPolicy;
  targets: Policy["severityTargets"];
  /** Consent required but not yet given (POLICY §6): problem determination has not started. */
  awaitingConsent: boolean;
}

/**
 * The deadlines of a new ticket (POLICY §5): acknowledgement and problem determination, each
 * `pickHours(range, band)` clock hours after `receivedAt` on the ticket's clock, with the
 * ranges they came from. While awaiting consent (POLICY §6) `determineBy` and
 * `determinationStartedAt` are null; `startDetermination` fills them when consent arrives.
 * Times are UTC ISO-8601 with milliseconds.
 * @throws Error when `receivedAt` is not ISO-8601 or the region's zone is invalid.
 */
export function stampSla(input: SlaInput): Sla {
  const target = input.targets[`${input.severity}`];
  const clock: ClockSpec = { kind: input.critical ? "24x7" : "24x5", zone: input.region.timezone, holidays: input.region.holidays };
  const received = parseInstant(input.receivedAt, "receivedAt").toMillis();
  const acknowledgeHours = pickHours(target.acknowledgeHours, input.band);
  const determineHours = pickHours(target.determineHours, input.band);
  return {
    clock: clock.kind,
    timezone: clock.zone,
    acknowledgeBy: iso(addClockMillis(received, acknowledgeHours, clock)),
    determineBy: input.awaitingConsent ? null : iso(addClockMillis(received, determineHours, clock)),
    acknowledgeRangeHours: [...target.acknowledgeHours],
    determineRangeHours: [...target.determineHours],
    acknowledgeHours,
    determineHours,
    band: input.band,
    determinationStartedAt: input.awaitingConsent ? null : iso(received),
  };
}

/**
 * The SLA once consent arrives (POLICY §6): problem determination counts `determineHours`
 * from `at`, on the ticket's own clock and zone, with the region's current `holidays`.
 * Everything else, the acknowledgement deadline included, is kept.
 * @throws Error when `at` is not ISO-8601.
 */
export function startDetermination(sla: Sla, at: string, holidays: readonly string[]): Sla {
  const started = parseInstant(at, "at").toMillis();
  const clock: ClockSpec = { kind: sla.clock, zone: sla.timezone, holidays };
  return {
    ...sla,
    determineBy: iso(addClockMillis(started, sla.determineHours, clock)),
    determinationStartedAt: iso(started),
  };
}

/** UTC ISO-8601 with milliseconds, e.g. "2026-11-20T21:00:00.000Z" (CONTRACT "Triage result"). */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}
