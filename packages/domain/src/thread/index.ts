export * from "./ticket-id";
export * from "./match-thread";
