import { ConfigError } from "@mailtriage/config";
import { describe, expect, it } from "vitest";
import { parseApiEnv, parseServiceEnv } from "../src/env";

describe("parseApiEnv", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    expect(parseApiEnv({})).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      MAILTRIAGE_REDIS_PREFIX: "mailtriage",
      LOG_LEVEL: "info",
      PORT: 3000,
      HOST: "127.0.0.1",
      MAILTRIAGE_API_KEY_CACHE_MS: 5_000,
      MAILTRIAGE_RATE_LIMIT_MAX: 1_200,
      MAILTRIAGE_RATE_LIMIT_WINDOW_MS: 60_000,
      MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS: 300_000,
    });
  });

  it.each([
    ["PORT", "70000"],
    ["PORT", "http"],
    ["REDIS_URL", "localhost:6379"],
    ["MAILTRIAGE_REDIS_PREFIX", "mail triage"],
    ["MAILTRIAGE_BOOTSTRAP_API_KEY", "letmein"],
    ["MAILTRIAGE_RATE_LIMIT_MAX", "0"],
  ])("when %s is %j, then the error names the key", (key, value) => {
    expect(() => parseApiEnv({ [key]: value })).toThrow(ConfigError);
    expect(() => parseApiEnv({ [key]: value })).toThrow(new RegExp(`^${key}: `));
  });
});

describe("parseServiceEnv", () => {
  it.each([
    [undefined, ["api", "worker", "scheduler", "mailer", "poller"]],
    ["worker", ["worker"]],
    [" api , scheduler ", ["api", "scheduler"]],
  ])("when MAILTRIAGE_ROLES is %j, then the roles are %j", (roles, expected) => {
    expect(parseServiceEnv({ MAILTRIAGE_ROLES: roles }).MAILTRIAGE_ROLES).toEqual(expected);
  });

  it.each([["api,imap", 'unknown role "imap"'], ["api,api", "named twice"], [",", "at least one role"]])("when MAILTRIAGE_ROLES is %j, then the error says %j", (roles, message) => {
    expect(() => parseServiceEnv({ MAILTRIAGE_ROLES: roles })).toThrow(message);
  });
});
