/** Exponential backoff settings, ms. */
export interface BackoffOptions {
  /** The first wait's upper bound. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/**
 * The wait before reconnect attempt `attempt` (0 = the first retry): the exponential bound
 * `min(maxMs, baseMs·2^attempt)`, then "equal jitter" — half of it fixed, half random — so many
 * replicas that lost the same server do not reconnect in lockstep, yet none retries at once.
 * `random` returns a number in [0, 1) (injected: `Math.random` in production, a fixed value in tests).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  // 2^31 is far beyond any max; capping the exponent keeps the number finite.
  const bound = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt), 31));
  const half = bound / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
