import type { RedisSettings } from "@mailtriage/config";
import { describe, expect, it } from "vitest";
import { connectRedis, redactUrl, RedisUnreachableError } from "../src";

describe("connectRedis", () => {
  it("when nothing listens at the URL, then it fails at once with one line naming the address and the cause", async () => {
    const error = await connectRedis("redis://127.0.0.1:1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect((error as Error).message).toBe("cannot reach Redis at redis://127.0.0.1:1: ECONNREFUSED");
  });

  const rows: [string, RedisSettings, string][] = [
    [
      "no sentinel listens",
      { topology: "sentinel", url: "redis://:pw@ignored:6379", sentinels: [{ host: "127.0.0.1", port: 1 }, { host: "::1", port: 1 }], masterName: "main", database: 0 },
      'cannot reach Redis master "main" through Sentinel 127.0.0.1:1,[::1]:1: no sentinel named a master (Connection is closed.)',
    ],
    ["no cluster node listens", { topology: "cluster", url: "redis://:pw@ignored:6379", nodes: [{ host: "127.0.0.1", port: 1 }] }, "cannot reach Redis Cluster at 127.0.0.1:1: no node answered (Connection is closed.)"],
  ];
  it.each(rows)("when %s, then it fails at once with one line naming where it looked", async (_label, settings, message) => {
    const error = await connectRedis(settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect((error as Error).message).toBe(message);
  });

  it.each([
    ["redis://:s3cret@cache.internal:6380/2", "redis://:***@cache.internal:6380/2"],
    ["redis://user:pw@h:1", "redis://user:***@h:1"],
    ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379"],
  ])("when the URL is %s, then messages show %s", (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
