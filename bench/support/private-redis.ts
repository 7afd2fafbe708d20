// A redis-server of the bench's own, so the CPU Redis spends on the pipeline can be read
// exactly (INFO cpu covers the whole server: a shared Redis would count other work too).
import { spawn, type ChildProcess } from "node:child_process";
import { connectRedis } from "@mailtriage/store";
import { freePort } from "../../test/support/free-port";
import { redisBinary } from "../../test/support/redis-topology";

/** A Redis the bench uses, and whether its CPU is the bench's alone. */
export interface BenchRedis {
  url: string;
  /** True for a server this bench started (its CPU is the pipeline's); false for `REDIS_URL`. */
  private: boolean;
  /** Seconds of CPU the server has used since it started (user + system), from `INFO cpu`. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free loopback port, nothing persisted, when it is installed;
 * otherwise falls back to `REDIS_URL` (default redis://127.0.0.1:6379), whose CPU figures then
 * include whatever else uses that server.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const binary = redisBinary("redis-server");
  if (binary === null) return openRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", null);
  const port = await freePort();
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], { stdio: "ignore" });
  return openRedis(`redis://127.0.0.1:${port}`, child);
}

async function openRedis(url: string, child: ChildProcess | null): Promise<BenchRedis> {
  const deadline = Date.now() + 10_000;
  let redis: Awaited<ReturnType<typeof connectRedis>>;
  for (;;) {
    try {
      redis = await connectRedis(url, { connectionName: "bench-cpu", maxRetriesPerRequest: 1 });
      break;
    } catch (error) {
      // A server just spawned takes a moment to listen.
      if (child === null || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    private: child !== null,
    async cpuSeconds() {
      const info = await redis.info("cpu");
      const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
      return field("used_cpu_user") + field("used_cpu_sys");
    },
    async stop() {
      redis.disconnect();
      if (child === null || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
