/**
 * Bounds on parsing one message; the same keys as the policy file's `limits` (POLICY §7), so
 * callers pass `policy.limits` straight through.
 */
export interface ParseLimits {
  /** Larger raw messages are `too_large` without being parsed, bytes (POLICY §7). */
  maxMessageBytes: number;
  /** Wall-clock budget of one parse in the worker pool, ms; the worker is terminated past it. */
  parseTimeoutMs: number;
  /** Old-generation heap limit of each parser worker thread, MiB. */
  parseHeapMb: number;
  /** Characters kept of each header value (unfolded) before any address parsing or matching. */
  maxHeaderChars: number;
  /** Characters kept of the body text (and of an embedded message's text). */
  maxTextChars: number;
  /** Characters of HTML converted to text; the rest is cut before conversion. */
  maxHtmlChars: number;
}
