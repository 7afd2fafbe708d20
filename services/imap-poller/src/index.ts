// @mailtriage/imap-poller: IMAP mailboxes → the store's intake (composition root:
// start-poller.ts, entry point: main.ts). Exported for the API's `poller` role and its health routes.
export * from "./plan-fetch";
export * from "./uid-ranges";
export * from "./backoff";
export * from "./message-id";
export * from "./mailbox-config";
export * from "./poller-env";
export * from "./poller-keys";
export * from "./leader-lock";
export * from "./cursor-store";
export * from "./mailbox-health";
export * from "./poller-health";
export * from "./record-too-large";
export * from "./ingest-batch";
export * from "./mailbox-poller";
export * from "./start-poller";
