import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-connection";

/**
 * A Lua script run by `EVALSHA`, loaded with `EVAL` the first time a server does not know it
 * (`NOSCRIPT`, e.g. after a Redis restart). Scripts run atomically: nothing else touches
 * Redis between their first and last command.
 */
export class LuaScript {
  readonly sha1: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha1 = createHash("sha1").update(source).digest("hex");
  }

  /** Runs the script; `keys` are every key it touches (Redis scripting rule). */
  async run(redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
