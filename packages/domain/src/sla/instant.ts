import { DateTime } from "luxon";

/**
 * Parses an ISO-8601 instant. A string without an offset is read as UTC, never as the host's
 * zone (the domain has no clock or locale of its own).
 * @throws Error naming `field` when the string is not ISO-8601.
 */
export function parseInstant(iso: string, field: string): DateTime {
  const parsed = DateTime.fromISO(iso, { zone: "utc" });
  if (!parsed.isValid) throw new Error(`${field} is not an ISO-8601 time: "${iso}"`);
  return parsed;
}
