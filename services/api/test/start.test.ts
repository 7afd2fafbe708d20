import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { connectRedis } from "@mailtriage/store";
import { describe, expect, it } from "vitest";
import { deletePrefix, startTestRedis, uniquePrefix } from "../../../packages/store/test/support/redis";
import { waitFor } from "../../worker/test/support/wait-for";
import { ROOT } from "./support/test-api";

const START = join(ROOT, "services/api/src/start.ts");

/** Starts `start.ts` with `env`; resolves its exit code on exit and collects its stdout. */
function startService(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", START], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return { child, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))), output: () => output };
}

describe("start.ts", () => {
  it("when Redis cannot be reached, then it says so in one line and exits 1", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", START], { cwd: ROOT, env: { ...process.env, REDIS_URL: "redis://127.0.0.1:1", LOG_LEVEL: "silent" }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("mailtriage: cannot reach Redis at redis://127.0.0.1:1: ECONNREFUSED\n");
  });

  it("when every role runs in one process, then it becomes ready, and on SIGTERM it closes and exits 0", async () => {
    const server = await startTestRedis();
    const prefix = uniquePrefix("api-start");
    const all = startService({ REDIS_URL: server.url, MAILTRIAGE_REDIS_PREFIX: prefix, PORT: "0", LOG_LEVEL: "info" });
    try {
      const address = await waitFor("the API to listen", async () => /"address":"(http:\/\/[^"]+)"/.exec(all.output())?.[1], 20_000);
      const ready = await waitFor("/health/ready to answer 200", async () => ((await fetch(`${address}/health/ready`)).status === 200 ? true : undefined), 20_000);
      expect(ready).toBe(true);

      all.child.kill("SIGTERM");
      expect(await all.exited).toBe(0);
      expect(all.output()).toContain('"msg":"worker closed"');
    } finally {
      await cleanUp([all.child], server.url, prefix);
      await server.stop();
    }
  });

  it("when api, worker and scheduler run as three processes, then the API sees both kinds of worker and all exit 0 on SIGTERM", async () => {
    const server = await startTestRedis();
    const prefix = uniquePrefix("api-roles");
    const base = { REDIS_URL: server.url, MAILTRIAGE_REDIS_PREFIX: prefix, LOG_LEVEL: "info" };
    const worker = startService({ ...base, MAILTRIAGE_ROLES: "worker" });
    const scheduler = startService({ ...base, MAILTRIAGE_ROLES: "scheduler" });
    const api = startService({ ...base, MAILTRIAGE_ROLES: "api", PORT: "0" });
    const services = [worker, scheduler, api];
    try {
      const address = await waitFor("the API to listen", async () => /"address":"(http:\/\/[^"]+)"/.exec(api.output())?.[1], 20_000);
      const readiness = await waitFor("/health/ready to answer 200", async () => {
        const response = await fetch(`${address}/health/ready`);
        return response.status === 200 ? ((await response.json()) as { workers: Record<string, number> }) : undefined;
      }, 20_000);
      expect(readiness.workers).toMatchObject({ inbound: 1, maintenance: 1 });

      for (const s of services) s.child.kill("SIGTERM");
      expect(await Promise.all(services.map((s) => s.exited))).toEqual([0, 0, 0]);
    } finally {
      await cleanUp(services.map((s) => s.child), server.url, prefix);
      await server.stop();
    }
  });
});

async function cleanUp(children: ChildProcess[], url: string, prefix: string): Promise<void> {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  const redis = await connectRedis(url);
  await deletePrefix(redis, prefix);
  await redis.quit();
}
