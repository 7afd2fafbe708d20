import type { RequestType, Reproducible } from "@mailtriage/contracts";
import { findSignals, type SignalMatch } from "./find-signals";
import { findStatedSeverity } from "./find-stated-severity";
import { joinTokenized } from "../text/word-tokens";
import { SIGNAL_RULES } from "./signal-kind";

/** What the severity rules look at: never quoted history or signatures (POLICY §5). */
export interface SeverityInput {
  subject: string;
  /** The new part of the message only (the caller strips quotes and signatures). */
  newText: string;
  /** Normalised template request type; null when the template has none. */
  requestType: RequestType | null;
  reproducible: Reproducible | null;
}

/** The severity of a ticket and why (POLICY §5). */
export interface SeverityDecision {
  severity: 1 | 2 | 3;
  /**
   * Deciding rule first, then any flag rules, then the stated severity, e.g.
   * `signal:login — 'no pueden iniciar sesión'`, `rule:technical_reproducible`,
   * `rule:howto — 'how do I'`, `stated:1 — 'Priority: urgent'`.
   */
  reasons: string[];
  /** What the partner wrote ("Severity: 1", "Prioridad: alta"); recorded, not obeyed. */
  statedSeverity: 1 | 2 | 3 | null;
  /** A how-to or customization question with no severity 1 or 2 signal. */
  basic: boolean;
  /** A feature request or product limitation with no severity 1 or 2 signal: no deadlines. */
  slaExempt: boolean;
  /** Outage/downtime or login signals: the 24x7 clock (POLICY §5 "critical cases"). */
  critical: boolean;
  /** Every signal found, in text order. */
  signals: SignalMatch[];
}

/** Reasons quoting signals, at most this many (hostile mail can repeat words thousands of times). */
const MAX_SIGNAL_REASONS = 5;
const TECHNICAL: ReadonlySet<RequestType | null> = new Set<RequestType | null>(["technical_support", "other", null]);

/**
 * Assigns severity 1-3 by POLICY §5. The strongest signal (1 over 2) in the subject or new text
 * decides; without one, a non-technical request type is 3, and a technical one (technical
 * support, other, or no template) is 2 when the partner can reproduce it, else 3 — but a how-to
 * or customization question is 3 and `basic`, and a feature request or product limitation is 3
 * and `slaExempt`, whatever the reproducibility. A severity 1 or 2 signal outranks both flags:
 * a real outage is never deadline-free because the mail also says "not supported".
 */
export function assignSeverity(input: SeverityInput): SeverityDecision {
  // A blank line keeps subject and text apart: no phrase spans both.
  const signals = findSignals(joinTokenized(input.subject, "\n\n", input.newText));
  const stated = findStatedSeverity(input.subject) ?? findStatedSeverity(input.newText);
  const statedReason = stated === null ? [] : [`stated:${stated.severity} — '${stated.words}'`];
  const statedSeverity = stated?.severity ?? null;

  const strongest = signals.reduce((best, s) => Math.min(best, s.severity ?? 3), 3);
  if (strongest === 1 || strongest === 2) {
    const deciding = signals.filter((s) => s.severity === strongest).slice(0, MAX_SIGNAL_REASONS);
    return {
      severity: strongest,
      reasons: [...deciding.map((s) => `signal:${s.kind} — '${s.words}'`), ...statedReason],
      statedSeverity,
      basic: false,
      slaExempt: false,
      critical: signals.some((s) => SIGNAL_RULES[s.kind].critical),
      signals,
    };
  }

  const basicSignal = signals.find((s) => SIGNAL_RULES[s.kind].basic);
  const exemptSignal = signals.find((s) => SIGNAL_RULES[s.kind].slaExempt);
  const flagReasons = [basicSignal, exemptSignal].flatMap((s) => (s ? [`rule:${s.kind} — '${s.words}'`] : []));
  const technical = TECHNICAL.has(input.requestType);
  let severity: 2 | 3 = 3;
  let baseReason: string[] = [];
  if (!technical) baseReason = [`rule:non_technical_request — ${input.requestType}`];
  else if (basicSignal === undefined && exemptSignal === undefined) {
    severity = input.reproducible === "yes" ? 2 : 3;
    baseReason = [severity === 2 ? "rule:technical_reproducible" : "rule:technical_not_reproducible"];
  }
  return {
    severity,
    reasons: [...baseReason, ...flagReasons, ...statedReason],
    statedSeverity,
    basic: basicSignal !== undefined,
    slaExempt: exemptSignal !== undefined,
    critical: false,
    signals,
  };
}
