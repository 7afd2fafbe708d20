import type { Band, Policy, Tier } from "@mailtriage/contracts";

const RANK: Readonly<Record<Band, number>> = { lower: 0, midpoint: 1, upper: 2 };

/**
 * The band of a ticket's targets (POLICY §5): the tier's band (`unregistered` when the sender
 * has no registered partner); for a large account, the better (lower) of that and the
 * `largeAccount` band, so a large account never makes a premium partner slower.
 */
export function chooseBand(tier: Tier | null, largeAccount: boolean, bands: Policy["tierBands"]): Band {
  const base = tier === null ? bands.unregistered : bands[tier];
  if (!largeAccount) return base;
  return RANK[bands.largeAccount] < RANK[base] ? bands.largeAccount : base;
}
