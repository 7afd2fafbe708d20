import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, redisEnvShape, RedisEnvSchema, redisSettings, refineRedisEnv, type RedisEnv } from "../src";

/** A role's schema as the services build theirs: the shape spread, the cross-key rules refined. */
const RoleSchema = z.object({ ...redisEnvShape, PORT: z.coerce.number().default(3000) }).superRefine((env, ctx) => refineRedisEnv(env, ctx));

/** `KEY: message` lines of a failed parse (what a role's `parse*Env` turns into a ConfigError). */
function problems(input: Record<string, string>): string[] {
  const parsed = RoleSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const parse = (input: Record<string, string>): RedisEnv => RedisEnvSchema.parse(input);

describe("Redis topology settings", () => {
  it.each([
    ["only REDIS_URL", { REDIS_URL: "redis://:pw@cache:6380/2" }, { topology: "standalone", url: "redis://:pw@cache:6380/2" }],
    ["nothing (the default)", {}, { topology: "standalone", url: "redis://127.0.0.1:6379" }],
    [
      "three sentinels and a master name",
      { MAILTRIAGE_REDIS_SENTINELS: "s1:26379, s2:26379 ,[::1]:26380", MAILTRIAGE_REDIS_SENTINEL_NAME: "mymaster", REDIS_URL: "redis://:pw@ignored:1/3" },
      { topology: "sentinel", url: "redis://:pw@ignored:1/3", masterName: "mymaster", database: 3, sentinels: [{ host: "s1", port: 26379 }, { host: "s2", port: 26379 }, { host: "::1", port: 26380 }] },
    ],
    [
      "sentinels with their own password",
      { MAILTRIAGE_REDIS_SENTINELS: "127.0.0.1:26379", MAILTRIAGE_REDIS_SENTINEL_NAME: "m", MAILTRIAGE_REDIS_SENTINEL_PASSWORD: "s3cret" },
      { topology: "sentinel", url: "redis://127.0.0.1:6379", masterName: "m", database: 0, sentinelPassword: "s3cret", sentinels: [{ host: "127.0.0.1", port: 26379 }] },
    ],
    [
      "cluster seed nodes, credentials and TLS in REDIS_URL",
      { MAILTRIAGE_REDIS_CLUSTER_NODES: "10.0.0.1:7000,10.0.0.2:7000", REDIS_URL: "rediss://app:pw@ignored:6379" },
      { topology: "cluster", url: "rediss://app:pw@ignored:6379", nodes: [{ host: "10.0.0.1", port: 7000 }, { host: "10.0.0.2", port: 7000 }] },
    ],
  ])("when %s is set, then the settings say so", (_label, input, expected) => {
    expect(problems(input)).toEqual([]);
    expect(redisSettings(parse(input))).toEqual(expected);
  });

  it.each([
    ["both topologies", { MAILTRIAGE_REDIS_SENTINELS: "s:26379", MAILTRIAGE_REDIS_SENTINEL_NAME: "m", MAILTRIAGE_REDIS_CLUSTER_NODES: "c:7000" }, "MAILTRIAGE_REDIS_CLUSTER_NODES: set either MAILTRIAGE_REDIS_SENTINELS or MAILTRIAGE_REDIS_CLUSTER_NODES, not both"],
    ["sentinels without a master name", { MAILTRIAGE_REDIS_SENTINELS: "s:26379" }, "MAILTRIAGE_REDIS_SENTINEL_NAME: required with MAILTRIAGE_REDIS_SENTINELS (the name in `sentinel monitor <name> …`)"],
    ["a master name without sentinels", { MAILTRIAGE_REDIS_SENTINEL_NAME: "m" }, "MAILTRIAGE_REDIS_SENTINEL_NAME: only used with MAILTRIAGE_REDIS_SENTINELS"],
    ["a sentinel password without sentinels", { MAILTRIAGE_REDIS_SENTINEL_PASSWORD: "pw" }, "MAILTRIAGE_REDIS_SENTINEL_PASSWORD: only used with MAILTRIAGE_REDIS_SENTINELS"],
    ["a database other than 0 on a cluster", { MAILTRIAGE_REDIS_CLUSTER_NODES: "c:7000", REDIS_URL: "redis://x:6379/2" }, "REDIS_URL: a Redis Cluster has database 0 only: drop the /<number> from the URL (or use MAILTRIAGE_REDIS_PREFIX to share it)"],
    ["a URL path that is no database number", { REDIS_URL: "redis://x:6379/cache" }, "REDIS_URL: the path must be a database number (/0, /1 …) or nothing"],
  ])("when %s, then one problem names the key to fix", (_label, input, expected) => {
    expect(problems(input)).toEqual([expected]);
    // The same rules when the settings are built from an environment parsed without them.
    const unchecked = z.object(redisEnvShape).parse(input);
    expect(() => redisSettings(unchecked)).toThrow(ConfigError);
    expect(() => redisSettings(unchecked)).toThrow(expected);
  });

  it.each([
    ["a node without a port", { MAILTRIAGE_REDIS_CLUSTER_NODES: "c1:7000,c2" }, "MAILTRIAGE_REDIS_CLUSTER_NODES: entry 2 is not host:port with a port 1-65535"],
    ["a port out of range", { MAILTRIAGE_REDIS_SENTINELS: "s:70000", MAILTRIAGE_REDIS_SENTINEL_NAME: "m" }, "MAILTRIAGE_REDIS_SENTINELS: entry 1 is not host:port with a port 1-65535"],
    ["a URL instead of host:port", { MAILTRIAGE_REDIS_SENTINELS: "redis://:hunter2@s:26379", MAILTRIAGE_REDIS_SENTINEL_NAME: "m" }, "MAILTRIAGE_REDIS_SENTINELS: entry 1 is not host:port with a port 1-65535"],
    ["only commas", { MAILTRIAGE_REDIS_CLUSTER_NODES: " , " }, "MAILTRIAGE_REDIS_CLUSTER_NODES: expected host:port[,host:port…]"],
    ["a master name with a blank", { MAILTRIAGE_REDIS_SENTINELS: "s:26379", MAILTRIAGE_REDIS_SENTINEL_NAME: "my master" }, "MAILTRIAGE_REDIS_SENTINEL_NAME: use 1-100 letters, digits, _ . : -"],
  ])("when %s is given, then the key is named and the value not echoed", (_label, input, expected) => {
    expect(problems(input)).toEqual([expected]);
    expect(problems(input).join("\n")).not.toContain("hunter2");
  });
});
