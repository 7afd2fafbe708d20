// @mailtriage/api: the REST API (app.ts, built from injected deps), its composition roots
// (main.ts: the api role; start.ts: every role in one process) and the key command. README.md.
export * from "./env";
export * from "./api-deps";
export * from "./app";
export * from "./auth/api-key";
export * from "./auth/api-key-store";
export * from "./http/api-error";
export * from "./roles/running-role";
export * from "./roles/start-api";
export * from "./roles/start-workers";
