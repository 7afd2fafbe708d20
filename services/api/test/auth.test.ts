import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey, mintApiKey } from "../src/auth/api-key";
import { bearer, openTestApi, ROOT, type TestApi } from "./support/test-api";

let t: TestApi;
const BOOTSTRAP = mintApiKey();

beforeAll(async () => {
  t = await openTestApi("auth", { settings: { bootstrapKeyHash: hashApiKey(BOOTSTRAP), rateLimit: { max: 40, windowMs: 60_000 } } });
});

afterAll(async () => {
  await t?.close();
});

describe("API keys and scopes", () => {
  it.each([
    ["no key", 401, "unauthorized", {}],
    ["an unknown key", 401, "unauthorized", bearer(mintApiKey())],
    ["something that is not a key", 401, "unauthorized", { authorization: "Bearer hunter2" }],
    ["a write-only key", 403, "forbidden", () => bearer(t.keys.write)],
  ])("when a ticket list is asked for with %s, then the answer is %i JSON", async (_what, status, code, headers) => {
    const response = await t.app.inject({ url: "/v1/tickets", headers: typeof headers === "function" ? headers() : headers });
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ["GET", "/v1/tickets", "read", 200],
    ["GET", "/v1/tickets", "admin", 200],
    ["GET", "/v1/partners", "read", 200],
    ["POST", "/v1/partners", "write", 403],
    ["GET", "/v1/api-keys", "read", 403],
    ["GET", "/v1/api-keys", "admin", 200],
    ["POST", "/v1/failed/redrive", "read", 403],
  ] as const)("when %s %s is called with a %s key, then it answers %i", async (method, url, scope, status) => {
    const response = await t.app.inject({ method, url, headers: bearer(t.keys[scope]), ...(method === "POST" && { payload: {} }) });
    expect(response.statusCode).toBe(status);
  });

  it("when the key comes as X-API-Key, then it counts like a bearer key", async () => {
    expect((await t.app.inject({ url: "/v1/tickets", headers: { "x-api-key": t.keys.read } })).statusCode).toBe(200);
  });

  it("when the bootstrap key from the environment is used, then it has admin rights", async () => {
    expect((await t.app.inject({ url: "/v1/api-keys", headers: bearer(BOOTSTRAP) })).statusCode).toBe(200);
  });

  it("when an admin creates a key over HTTP and later revokes it, then it works in between and not after", async () => {
    const created = await t.app.inject({ method: "POST", url: "/v1/api-keys", headers: bearer(t.keys.admin), payload: { name: "reporting", scopes: ["read"] } });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json<{ id: string; key: string }>();
    expect(key).toMatch(/^mt_[A-Za-z0-9_-]{43}$/);
    expect(await t.redis.get(`{${t.prefix}}:apikey:${hashApiKey(key)}`)).not.toContain(key);
    expect((await t.app.inject({ url: "/v1/tickets", headers: bearer(key) })).statusCode).toBe(200);

    expect((await t.app.inject({ method: "DELETE", url: `/v1/api-keys/${id}`, headers: bearer(t.keys.admin) })).statusCode).toBe(204);
    expect((await t.app.inject({ url: "/v1/tickets", headers: bearer(key) })).statusCode).toBe(401);
  });

  it("when health and metrics are called without a key, then they answer", async () => {
    for (const url of ["/health/live", "/metrics"]) expect((await t.app.inject({ url })).statusCode).toBe(200);
  });

  it("when one key passes its rate limit, then it gets 429 JSON and another key is not limited", async () => {
    const created = await t.app.inject({ method: "POST", url: "/v1/api-keys", headers: bearer(t.keys.admin), payload: { name: "busy", scopes: ["read"] } });
    const busy = created.json<{ key: string }>().key;
    const statuses = [];
    for (let i = 0; i < 41; i++) statuses.push((await t.app.inject({ url: "/v1/queues", headers: bearer(busy) })).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.at(-1)).toBe(429);
    const limited = await t.app.inject({ url: "/v1/queues", headers: bearer(busy) });
    expect(limited.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("rate limit") } });
    expect((await t.app.inject({ url: "/v1/partners", headers: bearer(t.keys.read) })).statusCode).toBe(200);
  });
});

describe("the queue dashboard", () => {
  it("when it is opened without a key, then the answer is 401 JSON", async () => {
    const response = await t.app.inject({ url: "/admin/queues" });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("when a read key opens it, then the answer is 403", async () => {
    expect((await t.app.inject({ url: "/admin/queues", headers: bearer(t.keys.read) })).statusCode).toBe(403);
  });

  it("when a browser opens it with ?key=, then the key moves into a cookie that opens the page and its API, but no other route", async () => {
    const first = await t.app.inject({ url: `/admin/queues?key=${t.keys.admin}` });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe("/admin/queues");
    const cookie = String(first.headers["set-cookie"]);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const pair = cookie.split(";")[0]!;

    const page = await t.app.inject({ url: "/admin/queues", headers: { cookie: pair } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const api = await t.app.inject({ url: "/admin/queues/api/queues", headers: { cookie: pair } });
    expect(api.statusCode).toBe(200);
    expect((await t.app.inject({ url: "/v1/tickets", headers: { cookie: pair } })).statusCode).toBe(401);
  });
});

describe("the api-key command", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "services/api/src/api-key-command.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: t.server.url, MAILTRIAGE_REDIS_PREFIX: t.prefix },
      encoding: "utf8",
    });

  it("when a key is created, then it is printed once and works with its scopes", async () => {
    const created = run("create", "--name", "ops", "--scopes", "read,write");
    expect(created.status, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect((await t.app.inject({ url: "/v1/tickets", headers: bearer(key) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/v1/api-keys", headers: bearer(key) })).statusCode).toBe(403);
    const listed = run("list");
    expect(listed.stdout).toMatch(/\tops\tread,write\t/);
    expect(listed.stdout).not.toContain(key);
  });

  it.each([[["create", "--name", "x", "--scopes", "root"]], [["rotate"]]])("when the command line is %j, then it exits 2 with the usage", (args) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: api-key");
  });
});
