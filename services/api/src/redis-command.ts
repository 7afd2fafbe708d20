/**
 * The plumbing of the operator commands that work on the service's Redis (`pnpm api-key`,
 * `pnpm export`): the command line is read before anything connects, then the environment
 * (`REDIS_URL`, `MAILTRIAGE_REDIS_PREFIX` … and whatever else the command reads), then one
 * Redis connection that fails fast, closed when the command is done. Exit status: what `run`
 * returns; 2 bad usage (with the usage line); 1 bad settings, Redis unreachable, a file or
 * pipe that cannot be written, or an internal error (with its stack). Every line on stderr
 * starts with the command's name.
 */
import { ConfigError, redisSettings, type RedisEnv } from "@mailtriage/config";
import { connectRedis, RedisUnreachableError, type RedisClient } from "@mailtriage/store";
import type { z } from "zod";
import { parseEnv } from "./env";

/** A mistake on the command line: exit 2 with the usage. */
export class UsageError extends Error {}

/** One command: how it reads its command line and settings, and what it does with a connection. */
export interface RedisCommand<Action, Env extends RedisEnv> {
  /** Starts every stderr line; the Redis connection is named `mailtriage-<name>`. */
  name: string;
  /** Printed after a usage error. */
  usage: string;
  /** The command line (without node and the script) as an action. @throws UsageError */
  parseAction(argv: string[]): Action;
  /** Its settings: the Redis keys (`redisEnvShape`) plus any of its own. */
  envSchema: z.ZodObject & z.ZodType<Env>;
  /** Does the work; the exit status. The connection is closed afterwards. */
  run(action: Action, context: { env: Env; redis: RedisClient }): Promise<number>;
}

/** Runs `command` as the process's program and sets `process.exitCode` (never calls `exit`: output drains first). */
export function runRedisCommand<Action, Env extends RedisEnv>(command: RedisCommand<Action, Env>, argv = process.argv.slice(2)): void {
  execute(command, argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = report(command, err);
    },
  );
}

async function execute<Action, Env extends RedisEnv>(command: RedisCommand<Action, Env>, argv: string[]): Promise<number> {
  const action = command.parseAction(argv);
  const env: Env = parseEnv(command.envSchema, process.env);
  const redis = await connectRedis(redisSettings(env), { connectionName: `mailtriage-${command.name}`, maxRetriesPerRequest: 1 });
  try {
    return await command.run(action, { env, redis });
  } finally {
    await redis.quit();
  }
}

/** Writes what went wrong for an operator; the exit status. */
function report(command: { name: string; usage: string }, err: unknown): number {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
  if (usage) process.stderr.write(`${command.name}: ${(err as Error).message}\n${command.usage}\n`);
  else if (err instanceof ConfigError || err instanceof RedisUnreachableError) process.stderr.write(`${command.name}: ${err.message}\n`);
  // A file or pipe that cannot be written (ENOSPC, EACCES, EPIPE) is named; anything else is ours.
  else if (typeof (err as NodeJS.ErrnoException).code === "string") process.stderr.write(`${command.name}: ${(err as Error).message}\n`);
  else process.stderr.write(`${command.name}: internal error: ${(err as Error).stack ?? String(err)}\n`);
  return usage ? 2 : 1;
}
