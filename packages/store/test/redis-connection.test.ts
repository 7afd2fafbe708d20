import { describe, expect, it } from "vitest";
import { connectRedis, redactUrl, RedisUnreachableError } from "../src";

describe("connectRedis", () => {
  it("when nothing listens at the URL, then it fails at once with one line naming the address and the cause", async () => {
    const error = await connectRedis("redis://127.0.0.1:1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect((error as Error).message).toBe("cannot reach Redis at redis://127.0.0.1:1: ECONNREFUSED");
  });

  it.each([
    ["redis://:s3cret@cache.internal:6380/2", "redis://:***@cache.internal:6380/2"],
    ["redis://user:pw@h:1", "redis://user:***@h:1"],
    ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379"],
  ])("when the URL is %s, then messages show %s", (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
