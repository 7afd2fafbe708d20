/** One recorded reason split into its code and the partner's words (when it quotes any). */
export interface ReasonParts {
  /** `outage`, `howto`, `technical_reproducible`, `super_admin_change`, `stated` … */
  code: string;
  /** The quoted words, without quotes; null when the reason quotes nothing. */
  words: string | null;
}

const MAX_WORDS = 80;

/**
 * Splits a recorded reason (`signal:login — 'cannot sign in'`, `rule:technical_reproducible`,
 * `stated:1 — 'Priority: urgent'`, `consent:account_merge — 'merge the old org'`) into code and
 * words. `stated:<n>` becomes code `stated`. Null when it does not have that shape.
 */
export function splitReason(reason: string): ReasonParts | null {
  const colon = reason.indexOf(":");
  if (colon <= 0) return null;
  const family = reason.slice(0, colon);
  const dash = reason.indexOf(" — ", colon);
  const code = family === "stated" ? "stated" : reason.slice(colon + 1, dash === -1 ? undefined : dash).trim();
  if (!/^[a-z_0-9]{1,40}$/.test(code)) return null;
  const rest = dash === -1 ? "" : reason.slice(dash + 3).trim();
  // Only quoted text is the partner's words; `non_technical_request — payment_renewal` names a preset.
  const quoted = rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'") ? rest.slice(1, -1).trim() : null;
  return { code, words: quoted === null || quoted === "" ? null : quoted.slice(0, MAX_WORDS) };
}

/**
 * The reason a reply names for the severity (POLICY §5): the first recorded reason that is a
 * signal or rule, since that is what decided the severity; the partner's stated severity only
 * when nothing else was recorded (it never raises severity on its own).
 */
export function mainSeverityReason(reasons: readonly string[]): ReasonParts | null {
  const parts = reasons.map(splitReason).filter((p): p is ReasonParts => p !== null);
  return parts.find((p) => p.code !== "stated") ?? parts[0] ?? null;
}
