export * from "./assess-consent";
export * from "./dmarc";
