import { DateTime } from "luxon";
import { isoDateOf, weekdayOf, zoneOffsets, type ZoneOffsets } from "./zone-offsets";

/** The clock a deadline runs on (POLICY §5). */
export interface ClockSpec {
  /** `24x5`: Monday 00:00 to Saturday 00:00 local time; `24x7`: elapsed real time (critical cases). */
  kind: "24x5" | "24x7";
  /** IANA zone whose local days, weekends and holidays the 24x5 clock follows. */
  zone: string;
  /** Local dates (YYYY-MM-DD) on which the 24x5 clock stops all day; ignored by 24x7. */
  holidays: readonly string[];
}

/** Largest budget accepted, in hours: a year of clock time (the policy's targets are ≤ 72 h). */
export const MAX_CLOCK_HOURS = 24 * 366;
/** Calendar days a 24x5 walk may visit before concluding the clock never opens (all holidays). */
const MAX_DAYS = 4000;
const MS_PER_HOUR = 3_600_000;

/**
 * The earliest instant at which `hours` of clock time have elapsed after `start` (POLICY §5).
 *
 * - 24x7: `start` plus `hours` of real elapsed time, across DST changes.
 * - 24x5: the clock is open in the real-time intervals [Monday 00:00, Saturday 00:00) of the
 *   zone, minus holiday dates; hours are real hours inside those intervals, so a weekday made
 *   23 or 25 hours long by DST counts as such. Time before an open interval (a weekend arrival)
 *   does not count: counting starts Monday 00:00. A budget that ends exactly at Friday 24:00 is
 *   due Saturday 00:00, not Monday.
 *
 * Fractional hours work (1.5 h, 108 h); the budget is rounded to the millisecond. A zero budget
 * is due at `start` itself. The result is in the clock's zone; walks day by day, bounded.
 *
 * @throws Error when `hours` is not a finite number in [0, MAX_CLOCK_HOURS], `start` is invalid,
 *   the zone is not a valid IANA zone, or the holidays leave no open time within ~10 years.
 */
export function addClockHours(start: DateTime, hours: number, clock: ClockSpec): DateTime {
  if (!start.isValid) throw new Error(`clock start is not a valid time (${start.invalidReason ?? "invalid"})`);
  return DateTime.fromMillis(addClockMillis(start.toMillis(), hours, clock), { zone: clock.zone });
}

/**
 * {@link addClockHours} on epoch milliseconds: the same rules, without building luxon objects
 * on the way (the SLA of every ticket goes through here).
 */
export function addClockMillis(startMs: number, hours: number, clock: ClockSpec): number {
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_CLOCK_HOURS) {
    throw new Error(`clock hours must be a number from 0 to ${MAX_CLOCK_HOURS}, got ${hours}`);
  }
  if (!Number.isFinite(startMs)) throw new Error("clock start is not a valid time");
  const zone = zoneOffsets(clock.zone); // throws for an unknown zone
  const budget = Math.round(hours * MS_PER_HOUR);
  switch (clock.kind) {
    case "24x7":
      return startMs + budget;
    case "24x5":
      return addOpenTime(zone, clock.zone, startMs, budget, new Set(clock.holidays));
    default:
      throw new Error(`unknown clock kind "${String(clock.kind)}"`);
  }
}

function addOpenTime(zone: ZoneOffsets, zoneName: string, startMs: number, budget: number, holidays: ReadonlySet<string>): number {
  if (budget === 0) return startMs;
  let at = startMs;
  let remaining = budget;
  for (let n = 0; n < MAX_DAYS; n++) {
    const day = zone.localDay(at);
    // Start of the next local date (a midnight that DST skips is moved forward).
    const next = zone.midnight(day + 1);
    if (next <= at) throw new Error(`clock zone "${zoneName}" did not advance past ${new Date(at).toISOString()}`);
    if (isOpenDay(day, holidays)) {
      const available = next - at;
      // `<=`: a budget used up exactly at midnight is due at that midnight (POLICY §5).
      if (remaining <= available) return at + remaining;
      remaining -= available;
    }
    at = next;
  }
  throw new Error(`24x5 clock found no open time within ${MAX_DAYS} days (does the holiday list close every weekday?)`);
}

function isOpenDay(day: number, holidays: ReadonlySet<string>): boolean {
  // Weekdays: 1 = Monday … 6 = Saturday, 7 = Sunday.
  return weekdayOf(day) <= 5 && (holidays.size === 0 || !holidays.has(isoDateOf(day)));
}
