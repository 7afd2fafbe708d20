export * from "./domain-of";
export * from "./classify-sender";
