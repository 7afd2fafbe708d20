import type { Language } from "@mailtriage/contracts";
import { DateTime } from "luxon";

/**
 * A due time as a partner reads it: in their region's timezone (POLICY §5 regions), localised
 * for the language, with the zone's name so nobody has to guess:
 * `Monday, 23 November 2026 at 12:00 GMT (Europe/London)`, `lunes, 23 de noviembre de 2026, 6:00 GMT-6 (America/Mexico_City)`.
 * @param iso an ISO-8601 instant; returned as given when it is not one.
 * @param zone an IANA zone; UTC when unknown to the runtime.
 */
export function formatInstant(iso: string, zone: string, language: Language): string {
  const instant = DateTime.fromISO(iso, { zone: "utc" });
  if (!instant.isValid) return iso;
  const local = instant.setZone(zone);
  const shown = local.isValid ? local : instant;
  const text = shown.setLocale(language).toLocaleString({ weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  return `${text} (${local.isValid ? zone : "UTC"})`;
}
