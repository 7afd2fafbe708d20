// @mailtriage/worker: the inbound worker and SLA scheduler (composition root: start-worker.ts,
// entry point: main.ts). Exported for `pnpm start` running several services in one process.
export * from "./env";
export * from "./process-message";
export * from "./inbound-job-schema";
export * from "./start-worker";
