/** The kinds of severity signal POLICY §5 names (the lexicon holds their words). */
export type SignalKind =
  | "outage"
  | "login"
  | "data_integrity"
  | "all_users"
  | "slowness"
  | "incorrect_results"
  | "performance"
  | "howto"
  | "customization"
  | "feature_request"
  | "limitation";

/** What a signal of one kind means for the decision (POLICY §5 "Severity", "Special classes"). */
export interface SignalRule {
  /** Severity the signal stands for; null for the SLA-exempt classes, which carry none. */
  severity: 1 | 2 | 3 | null;
  /** Downtime/outage and login problems are worked at weekends too (24x7 clock). */
  critical: boolean;
  /** How-to and customization questions: severity 3, flagged `basic`. */
  basic: boolean;
  /** Feature requests and product limitations are exempt from the commitment. */
  slaExempt: boolean;
  /** A negation just before the words ("no outage", "not all users") cancels the signal. */
  negatable: boolean;
}

/** The rule of every kind. Severity 1 before 2 before 3 is "the strongest signal wins". */
export const SIGNAL_RULES: Readonly<Record<SignalKind, SignalRule>> = {
  outage: { severity: 1, critical: true, basic: false, slaExempt: false, negatable: true },
  login: { severity: 1, critical: true, basic: false, slaExempt: false, negatable: true },
  data_integrity: { severity: 1, critical: false, basic: false, slaExempt: false, negatable: true },
  all_users: { severity: 1, critical: false, basic: false, slaExempt: false, negatable: true },
  slowness: { severity: 1, critical: false, basic: false, slaExempt: false, negatable: true },
  incorrect_results: { severity: 2, critical: false, basic: false, slaExempt: false, negatable: true },
  performance: { severity: 2, critical: false, basic: false, slaExempt: false, negatable: true },
  howto: { severity: 3, critical: false, basic: true, slaExempt: false, negatable: false },
  customization: { severity: 3, critical: false, basic: true, slaExempt: false, negatable: false },
  feature_request: { severity: null, critical: false, basic: false, slaExempt: true, negatable: true },
  limitation: { severity: null, critical: false, basic: false, slaExempt: true, negatable: true },
};
