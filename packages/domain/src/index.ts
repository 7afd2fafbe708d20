export * from "./message";
export * from "./text/fold";
