export * from "./detect-automatic";
