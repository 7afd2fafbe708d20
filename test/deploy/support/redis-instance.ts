// A private redis-server with persistence on, for backup and restore drills: its own data
// folder and loopback port, so snapshots and AOF files are real and nothing touches the shared
// Redis. Commands go through the store's own client.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectRedis } from "@mailtriage/store";
import { freePort } from "../../support/free-port";
import { redisBinary } from "../../support/redis-topology";

type Client = Awaited<ReturnType<typeof connectRedis>>;

/** One running redis-server of a test. */
export interface RedisInstance {
  readonly url: string;
  readonly dir: string;
  /** A connection to it (closed by `stop`). */
  readonly client: Client;
  /** `INFO persistence` field. */
  persistence(field: string): Promise<string | undefined>;
  /** SIGKILL (nothing more is written: the data folder stays as it was), then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` with `settings` (`appendonly`, …) in `dir` on a free loopback port and
 * waits until it answers. Before anything is written, it checks that the server answering is
 * this one (its `dir`), not another test's server that took the port in between.
 */
export async function startRedisInstance(dir: string, settings: Record<string, string>): Promise<RedisInstance> {
  const port = await freePort();
  const log = join(dir, "redis.log");
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--logfile", log, "--save", "", ...Object.entries(settings).flatMap(([key, value]) => [`--${key}`, value])];
  const child = spawn(redisBinary("redis-server") ?? "redis-server", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  process.once("exit", () => child.kill("SIGKILL"));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  let client: Client | null = null;
  while (client === null) {
    if (child.exitCode !== null) throw new Error(`redis-server in ${dir} exited: ${tail(log)}`);
    client = await connectRedis(url, { maxRetriesPerRequest: 0 }).catch(() => null);
    if (client === null) {
      if (Date.now() > deadline) throw new Error(`redis-server in ${dir} did not answer: ${tail(log)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const [, servedDir] = (await client.config("GET", "dir")) as string[];
  if (servedDir !== dir) {
    client.disconnect();
    await kill();
    throw new Error(`port ${port} is answered by another Redis (dir ${servedDir}); not ours`);
  }
  const connected = client;
  return {
    url,
    dir,
    client: connected,
    async persistence(field) {
      return new RegExp(`^${field}:(\\S*)`, "m").exec(await connected.info("persistence"))?.[1];
    },
    async stop() {
      connected.disconnect();
      await kill();
    },
  };
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").trim().split("\n").slice(-3).join(" | ");
  } catch {
    return "(no log)";
  }
}
