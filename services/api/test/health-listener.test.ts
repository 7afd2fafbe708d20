// The health listener of `start.ts` (MAILTRIAGE_HEALTH_PORT, src/roles/health-listener.ts) and the
// image's HEALTHCHECK (deploy/healthcheck.mjs) against real `start.ts` processes of each role.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "@mailtriage/config";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../../packages/store/test/support/redis";
import { freePort } from "../../../test/support/free-port";
import { redisBinary } from "../../../test/support/redis-topology";
import { spawnRoles, type RoleProcess } from "../../../test/support/role-process";
import { parseHealthEnv } from "../src/roles/health-listener";

const HEALTHCHECK = fileURLToPath(new URL("../../../deploy/healthcheck.mjs", import.meta.url));

/** GET on the listener: status and JSON body, or null while nothing answers. */
async function get(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** GET of a Prometheus page: status, content type and text. */
async function scrape(port: number): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

/** Metric families a page declares (`# TYPE name …`), in order, repeats included. */
function declaredFamilies(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string);
}

/** Polls `probe` until it returns something other than undefined (the process must stay up meanwhile). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, proc?: RoleProcess, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (proc !== undefined && (proc.child.exitCode !== null || proc.child.signalCode !== null)) throw new Error(`${what}: the ${proc.roles} process exited (${proc.child.exitCode ?? proc.child.signalCode})`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs the image's HEALTHCHECK command as Docker would: exit code and what it printed. */
function healthcheck(env: Record<string, string>): { code: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 20_000 });
  return { code: run.status, stdout: run.stdout };
}

async function stop(proc: RoleProcess): Promise<number | null> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGTERM");
  return proc.exited;
}

describe("health listener", () => {
  let redis: TestRedis;
  let admin: Redis;
  const prefixes: string[] = [];
  const started: RoleProcess[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all(started.map((proc) => proc.crash()));
    for (const prefix of prefixes) await deletePrefix(admin, prefix);
    admin?.disconnect();
    await redis?.stop();
  });

  /** A `start.ts` process of `roles` with its health listener on a free port (`apiPort`: its `PORT`), on a prefix of its own. */
  async function startWithHealth(roles: string, env: Record<string, string> = {}): Promise<{ proc: RoleProcess; port: number; apiPort: number }> {
    const port = await freePort();
    const apiPort = await freePort();
    const prefix = uniquePrefix(`health-${roles}`);
    prefixes.push(prefix);
    const proc = spawnRoles(roles, { REDIS_URL: redis.url, MAILTRIAGE_REDIS_PREFIX: prefix, HOST: "127.0.0.1", PORT: String(apiPort), MAILTRIAGE_HEALTH_PORT: String(port), LOG_LEVEL: "warn", ...env });
    started.push(proc);
    return { proc, port, apiPort };
  }

  it.each([
    ["worker", ["worker"]],
    ["scheduler", ["scheduler"]],
    ["api", ["api"]],
    // Without MAILTRIAGE_SMTP_HOST the mailer idles: nothing to check, and the listener keeps the container up.
    ["mailer", []],
  ])("when a %s-only process runs, then its listener answers live and ready, the HEALTHCHECK passes, and SIGTERM closes it", async (roles, names) => {
    const { proc, port } = await startWithHealth(roles);
    const live = await until("/health/live", () => get(port, "/health/live").then((r) => r ?? undefined), proc);
    expect(live).toEqual({ status: 200, body: { live: true, roles: names } });
    expect(await get(port, "/health/ready")).toEqual({ status: 200, body: { ready: true, roles: names, reasons: [] } });
    expect((await get(port, "/v1/tickets"))?.status).toBe(404);

    // Its own figures for Prometheus: CPU, memory, event loop, build; the installation's (queues, tickets) are the API's.
    const metrics = await scrape(port);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    for (const family of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_p99_seconds", "nodejs_heap_size_used_bytes", "mailtriage_build_info"]) expect(declaredFamilies(metrics.text)).toContain(family);
    expect(metrics.text).toMatch(new RegExp(`^mailtriage_build_info\\{version="[^"]+",node="${process.version.replaceAll(".", "\\.")}"\\} 1$`, "m"));
    expect(metrics.text).not.toContain("mailtriage_queue_jobs");

    const check = healthcheck({ MAILTRIAGE_HEALTH_PORT: String(port), HOST: "0.0.0.0" });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('"ready":true');

    expect(await stop(proc)).toBe(0);
    expect(await get(port, "/health/live")).toBeNull();
    expect(healthcheck({ MAILTRIAGE_HEALTH_PORT: String(port) }).code).toBe(1);
  });

  it("when one process runs every role, then the API port and the health port both serve /metrics, each family declared once, and only the API's has the installation's metrics", async () => {
    const { proc, port, apiPort } = await startWithHealth("api,worker,scheduler,mailer,poller");
    await until("ready", async () => ((await get(port, "/health/ready"))?.status === 200 ? true : undefined), proc);
    const [health, api] = [await scrape(port), await scrape(apiPort)];
    expect([health.status, api.status]).toEqual([200, 200]);
    for (const page of [health, api]) {
      const families = declaredFamilies(page.text);
      expect(families.length).toBeGreaterThan(10);
      expect(new Set(families).size).toBe(families.length);
      expect(families).toEqual(expect.arrayContaining(["process_cpu_seconds_total", "nodejs_eventloop_lag_p99_seconds", "mailtriage_build_info"]));
    }
    expect(declaredFamilies(api.text)).toEqual(expect.arrayContaining(["mailtriage_queue_jobs", "mailtriage_events_group_lag", "mailtriage_sla_due_soon"]));
    expect(declaredFamilies(health.text).filter((family) => family.startsWith("mailtriage_"))).toEqual(["mailtriage_build_info"]);
    expect(await stop(proc)).toBe(0);
  });

  it("when the poller's mailbox cannot be reached, then ready is 503 naming the mailbox, and the HEALTHCHECK fails with the reason", async () => {
    const closedPort = await freePort(); // nothing listens there
    const mailboxes = JSON.stringify([{ id: "unreachable", host: "127.0.0.1", port: closedPort, tls: false, user: "u", password: "p" }]);
    const { proc, port } = await startWithHealth("poller", { MAILTRIAGE_IMAP_MAILBOXES: mailboxes, MAILTRIAGE_IMAP_UNREACHABLE_AFTER_MS: "1000", MAILTRIAGE_IMAP_BACKOFF_BASE_MS: "100", MAILTRIAGE_IMAP_BACKOFF_MAX_MS: "500" });
    const ready = await until("a 503", async () => {
      const r = await get(port, "/health/ready");
      return r?.status === 503 ? r : undefined;
    }, proc);
    expect(ready.body).toMatchObject({ ready: false, roles: ["poller"] });
    expect(ready.body.reasons).toEqual([expect.stringMatching(/^poller: imap mailbox unreachable: never reached \(state \w+: .*ECONNREFUSED/)]);

    const check = healthcheck({ MAILTRIAGE_HEALTH_PORT: String(port) });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("503");
    expect(check.stdout).toContain("never reached");
    expect(await stop(proc)).toBe(0);
  });

  describe("when the process's Redis goes away", () => {
    const server = redisBinary("redis-server");
    let child: ChildProcess | null = null;
    const startRedisServer = (port: number): ChildProcess => spawn(server as string, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    afterAll(() => void child?.kill("SIGKILL"));

    it.skipIf(server === null)("then ready turns 503 naming Redis and the HEALTHCHECK fails; when Redis is back, ready again", async () => {
      const redisPort = await freePort();
      child = startRedisServer(redisPort);
      const url = `redis://127.0.0.1:${redisPort}`;
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 0 });
      probe.on("error", () => undefined);
      await until("the private redis-server", () => probe.ping().then(() => true, () => undefined));
      probe.disconnect();

      const { proc, port } = await startWithHealth("worker,scheduler", { REDIS_URL: url });
      await until("ready", async () => ((await get(port, "/health/ready"))?.status === 200 ? true : undefined), proc);

      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      const down = await until("a 503", async () => {
        const r = await get(port, "/health/ready");
        return r?.status === 503 ? r : undefined;
      }, proc);
      expect(down.body).toMatchObject({ ready: false, roles: ["worker+scheduler"] });
      expect(down.body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^redis: /)]));
      const check = healthcheck({ MAILTRIAGE_HEALTH_PORT: String(port) });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain("redis: ");
      // Liveness is not readiness: the process itself still answers.
      expect((await get(port, "/health/live"))?.status).toBe(200);

      child = startRedisServer(redisPort);
      await until("ready again", async () => ((await get(port, "/health/ready"))?.status === 200 ? true : undefined), proc, 60_000);
      expect(healthcheck({ MAILTRIAGE_HEALTH_PORT: String(port) }).code).toBe(0);
      expect(await stop(proc)).toBe(0);
    }, 120_000);
  });

  it("when MAILTRIAGE_HEALTH_PORT is not set, then the HEALTHCHECK says so and fails", () => {
    expect(healthcheck({})).toEqual({ code: 1, stdout: "MAILTRIAGE_HEALTH_PORT is not set: this process has no health listener\n" });
  });

  it.each([
    [{}, undefined],
    [{ MAILTRIAGE_HEALTH_PORT: "" }, undefined],
    [{ MAILTRIAGE_HEALTH_PORT: "3001" }, 3001],
  ])("when the environment is %j, then the listener port is %s", (env, port) => {
    expect(parseHealthEnv(env).MAILTRIAGE_HEALTH_PORT).toBe(port);
  });

  it.each([["70000"], ["0"], ["http"]])("when MAILTRIAGE_HEALTH_PORT is %s, then start-up stops naming the key", (value) => {
    expect(() => parseHealthEnv({ MAILTRIAGE_HEALTH_PORT: value })).toThrow(ConfigError);
    expect(() => parseHealthEnv({ MAILTRIAGE_HEALTH_PORT: value })).toThrow(/^MAILTRIAGE_HEALTH_PORT: /);
  });
});
