// @mailtriage/mailer: automatic replies to partners over SMTP (issue 5). Composition root:
// start-mailer.ts; entry point: main.ts. Exported for `pnpm start` running it as a role.
export * from "./env";
export * from "./mailer-keys";
export * from "./outbound-job";
export * from "./reply-log";
export * from "./reply-templates";
export * from "./plan-reply";
export * from "./reply-dispatcher";
export * from "./send-reply";
export * from "./smtp-transport";
export * from "./start-mailer";
