// @mailtriage/store: raw bytes, intake queue, tickets, registries, the SLA scan, flood
// notifications and webhook plumbing (events stream reader, jobs, delivery log) on Redis.
// Key layout and API: ../README.md.
export * from "./keys";
export * from "./redis-connection";
export { LuaScript } from "./lua-script";
export * from "./raw-store";
export * from "./message-record";
export * from "./inbound-job";
export * from "./intake";
export { peekMessageId } from "./raw-message-id";
export { QUEUED_MESSAGE_TTL_S } from "./queued-messages";
export * from "./ticket-document";
export * from "./store-event";
export * from "./operator-event";
export { ConcurrentUpdateError, isTicketId } from "./store-context";
export type { Decision, ApplyOutcome } from "./apply-decision";
export type { TicketView } from "./ticket-reader";
export { InvalidCursorError, type Page, type TicketQuery } from "./ticket-list";
export type { RecordedEvent } from "./record-event";
export type { BreachFound, SlaScanReport } from "./sla-scan";
export * from "./ticket-store";
export * from "./registry-store";
export * from "./registry-cache";
export { EVENT_STREAM_MAX_LEN } from "./write-plan";
export type { BasicFloodCheck, BasicTicket, FloodNotification } from "./basic-flood";
export * from "./event-stream-reader";
export * from "./event-stream-consumer";
export * from "./webhook-job";
export * from "./webhook-log";
export * from "./retention";
