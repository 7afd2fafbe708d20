// Severity rules of POLICY §5: signals in six languages, stated severity, the decision.
export { assignSeverity, type SeverityDecision, type SeverityInput } from "./assign-severity";
export { findSignals, type SignalMatch } from "./find-signals";
export { findStatedSeverity, type StatedSeverity } from "./find-stated-severity";
export type { SignalKind } from "./signal-kind";
