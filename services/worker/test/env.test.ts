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
      MAILTRIAGE_WEBHOOK_URLS: [],
      MAILTRIAGE_WEBHOOK_ATTEMPTS: 12,
      MAILTRIAGE_WEBHOOK_BACKOFF_MS: 5_000,
      MAILTRIAGE_WEBHOOK_TIMEOUT_MS: 10_000,
      MAILTRIAGE_WEBHOOK_CONCURRENCY: 10,
      MAILTRIAGE_WEBHOOK_LOG_MAX: 10_000,
      MAILTRIAGE_RETENTION_RESOLVED_TICKET_DAYS: 0,
      MAILTRIAGE_RETENTION_RAW_DAYS: 0,
      MAILTRIAGE_RETENTION_RECORD_DAYS: 0,
      MAILTRIAGE_RETENTION_FAILED_DAYS: 0,
      MAILTRIAGE_RETENTION_SWEEP_EVERY_MS: 3_600_000,
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
    ["MAILTRIAGE_WEBHOOK_URLS", "https://hooks.example/a,ftp://hooks.example/b"],
    ["MAILTRIAGE_WEBHOOK_URLS", "hooks.example/a"],
    ["MAILTRIAGE_WEBHOOK_SECRET", "too-short"],
    ["MAILTRIAGE_WEBHOOK_ATTEMPTS", "0"],
    ["MAILTRIAGE_WEBHOOK_TIMEOUT_MS", "5"],
  ])("when %s is %j, then the error names that key", (key, value) => {
    const error = (() => {
      try {
        parseWorkerEnv({ MAILTRIAGE_WEBHOOK_SECRET: "s3cret-s3cret-s3cret", [key]: value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${key}: `)).toBe(true);
  });

  it("when webhook URLs are set, then they are read as a list and a secret is required, the error naming both keys", () => {
    const env = parseWorkerEnv({ MAILTRIAGE_WEBHOOK_URLS: " https://a.example/hook , http://127.0.0.1:9000/in ,", MAILTRIAGE_WEBHOOK_SECRET: "s3cret-s3cret-s3cret" });
    expect(env.MAILTRIAGE_WEBHOOK_URLS).toEqual(["https://a.example/hook", "http://127.0.0.1:9000/in"]);
    expect(() => parseWorkerEnv({ MAILTRIAGE_WEBHOOK_URLS: "https://a.example/hook" })).toThrow(/^MAILTRIAGE_WEBHOOK_SECRET: required when MAILTRIAGE_WEBHOOK_URLS is set/);
  });

  it("when a webhook URL is bad, then the error names its position, not the URL (it may hold a token)", () => {
    expect(() => parseWorkerEnv({ MAILTRIAGE_WEBHOOK_URLS: "https://a.example/?token=abc,mailto:x@y.example", MAILTRIAGE_WEBHOOK_SECRET: "s3cret-s3cret-s3cret" })).toThrow(
      /^MAILTRIAGE_WEBHOOK_URLS: entry 2 is not an http:\/\/ or https:\/\/ URL$/,
    );
  });
});
