import type { Band } from "@mailtriage/contracts";

/**
 * Where in a target range a ticket falls (POLICY §5): `lower` bound, `midpoint` (may be
 * fractional: [1, 2] → 1.5) or `upper` bound, in hours.
 */
export function pickHours(range: readonly [number, number], band: Band): number {
  const [lower, upper] = range;
  switch (band) {
    case "lower":
      return lower;
    case "midpoint":
      return (lower + upper) / 2;
    case "upper":
      return upper;
  }
}
