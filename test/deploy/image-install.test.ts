// The image's install and start steps, run here without Docker: the build context as
// .dockerignore leaves it, the Dockerfile's own install script (deploy/install-production.sh,
// offline from the local pnpm store), then the entry point and the HEALTHCHECK the image runs,
// with the environment the image sets. What only `docker build` can show (the base image, pnpm's
// download, file ownership) is not covered.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisClient } from "@mailtriage/store";
import { deletePrefix, startTestRedis, uniquePrefix, type TestRedis } from "../../packages/store/test/support/redis";
import { copyDockerContext } from "../support/docker-context";
import { freePort } from "../support/free-port";
import { imageFacts } from "./dockerfile-checks";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const KEY = `mt_image_test_${"0".repeat(32)}`;
/** Test, lint and bench tools: dev dependencies that must not reach the image. */
const DEV_TOOLS = ["vitest", "eslint", "typescript-eslint", "@eslint/js", "testcontainers", "autocannon", "smtp-server", "@types/node"];

/** Runs `sh deploy/docker-entrypoint.sh …args` in the copy, as the image's ENTRYPOINT does. */
function entrypoint(app: string, args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn("sh", ["deploy/docker-entrypoint.sh", ...args], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the image's install and start, without Docker", () => {
  let dir: string;
  let app: string;
  let install: ReturnType<typeof spawnSync>;
  let redis: TestRedis;
  let admin: RedisClient;
  const prefix = uniquePrefix("image");
  /** What a container of the image starts with (the Dockerfile's ENV), on loopback and free ports here. */
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mt-image-"));
    app = join(dir, "app");
    copyDockerContext(ROOT, app);
    install = spawnSync("sh", ["deploy/install-production.sh", "--offline"], { cwd: app, encoding: "utf8", timeout: 240_000, env: { ...process.env, CI: "true" } });
    redis = await startTestRedis();
    admin = await connectRedis(redis.url);
    const image = imageFacts(readFileSync(join(ROOT, "Dockerfile"), "utf8"), readFileSync(join(ROOT, "deploy/docker-entrypoint.sh"), "utf8"));
    env = {
      PATH: process.env.PATH ?? "",
      ...image.env,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      MAILTRIAGE_HEALTH_PORT: String(await freePort()),
      REDIS_URL: redis.url,
      MAILTRIAGE_REDIS_PREFIX: prefix,
      MAILTRIAGE_BOOTSTRAP_API_KEY: KEY,
      MAILTRIAGE_PARTNERS_FILE: join(ROOT, "examples/partners.json"),
      MAILTRIAGE_ACCOUNTS_FILE: join(ROOT, "examples/accounts.json"),
      LOG_LEVEL: "warn",
    };
  }, 300_000);
  afterAll(async () => {
    await deletePrefix(admin, prefix);
    admin?.disconnect();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when the production install runs on the build context, then it succeeds offline with only tsx at the top and no dev tool", () => {
    expect(install.stderr).not.toMatch(/ERR_PNPM/);
    expect(install.status).toBe(0);
    expect(readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."))).toEqual(["tsx"]);
    const installed = new Set(readdirSync(join(app, "node_modules/.pnpm")).map((name) => name.replace(/^(@[^+]+)\+/, "$1/").replace(/@[^@/]+$/, "").replace(/@\d[^/]*$/, "")));
    expect(DEV_TOOLS.filter((tool) => installed.has(tool))).toEqual([]);
    expect(installed.has("bullmq") && installed.has("imapflow") && installed.has("mailparser")).toBe(true);
  });

  it("when the entry point starts every role from it, then the HEALTHCHECK passes and a posted email becomes a ticket; SIGTERM stops it cleanly", async () => {
    const service = entrypoint(app, ["all"], env);
    const exit = finished(service);
    try {
      const check = await until("the HEALTHCHECK to pass", async () => {
        if (service.exitCode !== null) throw new Error(`the service exited ${service.exitCode}: ${(await exit).stderr}`);
        const run = spawnSync(process.execPath, ["deploy/healthcheck.mjs"], { cwd: app, env, encoding: "utf8", timeout: 20_000 });
        return run.status === 0 ? run.stdout : undefined;
      });
      expect(JSON.parse(check.slice(check.indexOf("{")))).toEqual({ ready: true, roles: ["api", "worker+scheduler"], reasons: [] });

      const api = `http://127.0.0.1:${env.PORT}`;
      const auth = { authorization: `Bearer ${KEY}` };
      const posted = await fetch(`${api}/v1/messages`, { method: "POST", headers: { ...auth, "content-type": "message/rfc822" }, body: readFileSync(join(ROOT, "examples/emails/17-solnube-login-critico.eml")) });
      expect(posted.status).toBe(202);
      const { jobId } = (await posted.json()) as { jobId: string };
      // The worker parses it in a parser thread: tsx must be reachable from packages/mime in this layout.
      const job = await until("the job to complete", async () => {
        const body = (await (await fetch(`${api}/v1/jobs/${jobId}`, { headers: auth })).json()) as { state: string; attemptsMade: number; ticketId: string | null; failedReason: string | null };
        // A retry (delayed after a failed attempt) is as telling as the end: the parse did not work.
        return body.state === "completed" || body.state === "failed" || body.attemptsMade > 0 ? body : undefined;
      });
      expect(job).toMatchObject({ state: "completed", failedReason: null, ticketId: expect.any(String) });
    } finally {
      service.kill("SIGTERM");
    }
    const { code, stderr } = await exit;
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 180_000);

  it.each([
    ["a misspelled role", ["sheduler"], 1, 'unknown role "sheduler"'],
    ["an option instead of a role", ["--roles"], 2, "unknown option --roles"],
    ["the seed command without arguments", ["seed-mailbox"], 2, "usage: seed-mailbox"],
  ])("when the entry point gets %s, then it stops with the reason", async (_case, args, code, reason) => {
    const result = await finished(entrypoint(app, args, env));
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(reason);
  });

  it("when the entry point runs the api-key command, then it manages keys in Redis from the image", async () => {
    const created = await finished(entrypoint(app, ["api-key", "create", "--name", "ops", "--scopes", "read"], env));
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/mt_[A-Za-z0-9_-]{32,}/);
    const listed = await finished(entrypoint(app, ["api-key", "list"], env));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("ops");
  });
});
