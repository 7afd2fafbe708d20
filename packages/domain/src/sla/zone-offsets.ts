import { IANAZone } from "luxon";

const MINUTE = 60_000;
const DAY = 86_400_000;
// Real zones change offset only on quarter-hour UTC boundaries, so one lookup per quarter hour
// is exact. Asking Intl for an offset costs microseconds; the 24x5 walk needs dozens.
const BUCKET = 15 * MINUTE;
const MAX_CACHED = 50_000;

/**
 * UTC offsets of one IANA zone, memoised per quarter hour. Pure: the same zone and instant
 * always give the same answer, the cache only saves recomputing it.
 */
export class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly cache = new Map<number, number>();

  constructor(zoneName: string) {
    this.zone = IANAZone.create(zoneName);
    if (!this.zone.isValid) throw new Error(`clock zone "${zoneName}" is not a valid IANA time zone`);
  }

  /** Offset in ms at the UTC instant `ms` (local = ms + offset). */
  offsetAt(ms: number): number {
    const bucket = Math.floor(ms / BUCKET);
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      offset = this.zone.offset(bucket * BUCKET) * MINUTE;
      this.cache.set(bucket, offset);
    }
    return offset;
  }

  /** Local calendar day (days since 1970-01-01 local) of a UTC instant. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY);
  }

  /**
   * The UTC instant of local midnight starting `day`. Where DST skips midnight, the first
   * instant of that local day (the clocks jump forward past the gap), as luxon does.
   */
  midnight(day: number): number {
    const local = day * DAY;
    const first = local - this.offsetAt(local);
    const second = local - this.offsetAt(first);
    if (second + this.offsetAt(second) === local) return second;
    if (first + this.offsetAt(first) === local) return first;
    // Midnight does not exist: the day starts at the transition, the later of the two guesses.
    return Math.max(first, second);
  }
}

// A memo, not state: entries are pure functions of the zone name.
const zones = new Map<string, ZoneOffsets>();

/** The shared, memoised offsets of a zone. @throws Error for an unknown zone. */
export function zoneOffsets(zoneName: string): ZoneOffsets {
  let z = zones.get(zoneName);
  if (z === undefined) {
    z = new ZoneOffsets(zoneName);
    zones.set(zoneName, z);
  }
  return z;
}

/** Weekday of a local day index: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** `YYYY-MM-DD` of a local day index. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
