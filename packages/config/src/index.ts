export * from "./config-error";
export * from "./deep-merge";
export * from "./load-policy";
export * from "./load-registries";
export * from "./generic-domains";
export * from "./redis-env";
