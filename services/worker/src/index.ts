// @mailtriage/worker: the inbound worker, SLA scheduler, flood check and webhooks (composition
// root: start-worker.ts, entry point: main.ts). Exported for `pnpm start` running several services in one process.
export * from "./env";
export * from "./process-message";
export * from "./inbound-job-schema";
export * from "./start-worker";
export * from "./start-sla-scheduler";
export * from "./run-service";
export * from "./webhook-signature";
export * from "./post-webhook";
export * from "./handle-webhook-job";
export * from "./webhook-dispatcher";
export * from "./start-webhooks";
export * from "./notify-basic-flood";
