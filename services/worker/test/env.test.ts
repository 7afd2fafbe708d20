import { ConfigError } from "@mailtriage/config";
import { describe, expect, it } from "vitest";
import { parseWorkerEnv } from "../src";

describe("parseWorkerEnv", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    expect(parseWorkerEnv({})).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      MAILTRIAGE_REDIS_PREFIX: "mailtriage",
      MAILTRIAGE_WORKER_CONCURRENCY: 10,
      MAILTRIAGE_PARSER_THREADS: 1,
      MAILTRIAGE_WORKER_LOCK_MS: 30_000,
      MAILTRIAGE_WORKER_STALLED_INTERVAL_MS: 30_000,
      MAILTRIAGE_SLA_SCAN_EVERY_MS: 30_000,
      MAILTRIAGE_REGISTRY_CACHE_MS: 5_000,
      LOG_LEVEL: "info",
    });
  });

  it("when values are given as strings, then numbers are read and empty values count as unset", () => {
    expect(parseWorkerEnv({ MAILTRIAGE_WORKER_CONCURRENCY: "4", MAILTRIAGE_POLICY_FILE: "", LOG_LEVEL: "debug" })).toMatchObject({ MAILTRIAGE_WORKER_CONCURRENCY: 4, LOG_LEVEL: "debug" });
  });

  it.each([
    ["REDIS_URL", "localhost:6379"],
    ["MAILTRIAGE_REDIS_PREFIX", "mail triage"],
    ["MAILTRIAGE_WORKER_CONCURRENCY", "0"],
    ["MAILTRIAGE_WORKER_CONCURRENCY", "ten"],
    ["MAILTRIAGE_PARSER_THREADS", "1.5"],
    ["MAILTRIAGE_SLA_SCAN_EVERY_MS", "120000"],
    ["LOG_LEVEL", "loud"],
  ])("when %s is %j, then the error names that key", (key, value) => {
    const error = (() => {
      try {
        parseWorkerEnv({ [key]: value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${key}: `)).toBe(true);
  });
});
