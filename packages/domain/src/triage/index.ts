export * from "./ticket-state";
export * from "./find-account";
export * from "./apply-followup";
export * from "./triage";
