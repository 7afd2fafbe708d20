export * from "./triage-result";
export * from "./policy";
