import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRetention, KEEP_FOREVER } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_RECEIVED_AT, loadExamples } from "../../../test/support/examples";
import { bearer, EXAMPLES, openTestApi, ROOT, type TestApi } from "./support/test-api";
import { metricValue, waitForJob } from "./support/wait-for-job";

const EXAMPLE_COUNT = 20;
const RESOLVED_AT = "2026-11-21T00:00:00.000Z";
const DAY = 86_400_000;

let t: TestApi;
let resolved: string;
let dir: string;

/** The body of an admin export with `query`. */
async function exported(query = ""): Promise<string> {
  const response = await t.app.inject({ url: `/v1/export/tickets${query}`, headers: bearer(t.keys.admin) });
  expect(response.statusCode, response.body).toBe(200);
  return response.body;
}

/** The lines of a JSON Lines body (each ends with a newline). */
function linesOf(body: string): string[] {
  expect(body === "" || body.endsWith("\n")).toBe(true);
  return body === "" ? [] : body.slice(0, -1).split("\n");
}

const idOf = (line: string): string => (JSON.parse(line) as { ticket: { ticketId: string } }).ticket.ticketId;

/** Ticket ids of `GET /v1/tickets` with `query`, every page. */
async function listed(query = ""): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const separator = query === "" ? "?" : "&";
    const url: string = `/v1/tickets${query}${separator}limit=7${cursor === null ? "" : `&cursor=${cursor}`}`;
    const page = (await t.app.inject({ url, headers: bearer(t.keys.read) })).json<{ items: { ticketId: string }[]; nextCursor: string | null }>();
    ids.push(...page.items.map((ticket) => ticket.ticketId));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ids;
}

/** `pnpm export` (the command) against the test's Redis and prefix. */
function runCommand(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "services/api/src/export-command.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: t.server.url, MAILTRIAGE_REDIS_PREFIX: t.prefix },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

beforeAll(async () => {
  t = await openTestApi("export", { now: () => new Date(EXAMPLES_RECEIVED_AT) });
  dir = mkdtempSync(join(tmpdir(), "mailtriage-export-"));
  const worker = await t.startWorker({ MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"), MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json"), MAILTRIAGE_WORKER_CONCURRENCY: "1" });
  // One at a time, as the offline run: a reply must find the ticket of the message before it.
  for (const example of loadExamples().slice(0, EXAMPLE_COUNT)) {
    const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: Buffer.from(example.raw) });
    expect(posted.statusCode, example.file).toBe(202);
    await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId, 30_000);
  }
  // No SLA scan from here on: what the tests compare stays as it is.
  await worker.close();
  resolved = (await listed("?status=open"))[0] ?? "";
  expect(resolved).not.toBe("");
  const event = await t.app.inject({ method: "POST", url: `/v1/tickets/${resolved}/events`, headers: bearer(t.keys.write), payload: { type: "resolved", at: RESOLVED_AT } });
  expect(event.statusCode, event.body).toBe(201);
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe("GET /v1/export/tickets", () => {
  it("when an admin exports, then there is one line per ticket of the list, each exactly the ticket's GET /v1/tickets/:id body", async () => {
    const response = await t.app.inject({ url: "/v1/export/tickets", headers: bearer(t.keys.admin) });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
    const lines = linesOf(response.body);

    expect(lines.map(idOf)).toEqual(await listed());
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      const single = await t.app.inject({ url: `/v1/tickets/${idOf(line)}`, headers: bearer(t.keys.read) });
      expect(line).toBe(single.body);
    }
  });

  it("when read over a real connection, then the answer is streamed in chunks, without a Content-Length", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const response = await fetch(`${address}/v1/export/tickets`, { headers: bearer(t.keys.admin) });
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("content-length")).toBeNull();
    expect(await response.text()).toBe(await exported());
  });

  it.each(["?status=resolved", "?status=open", "?severity=1", "?severity=2&status=open", "?partner=solnube", "?language=es", "?breached=false", "?receivedFrom=2026-11-20T20:00:00Z&receivedTo=2026-11-20T20:00:00.001Z", "?receivedFrom=2027-01-01T00:00:00Z"])(
    "when the export is filtered by %s, then it holds exactly the tickets the list returns for it",
    async (query) => {
      expect(linesOf(await exported(query)).map(idOf)).toEqual(await listed(query));
    },
  );

  it("when filters select part of the tickets, then the export is that part, not everything", async () => {
    const all = linesOf(await exported()).length;
    expect(linesOf(await exported("?status=resolved")).map(idOf)).toEqual([resolved]);
    const open = linesOf(await exported("?status=open")).length;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(all);
  });

  it.each([
    ["no key", {}, 401],
    ["a read key", () => bearer(t.keys.read), 403],
    ["a write key", () => bearer(t.keys.write), 403],
    ["an admin key", () => bearer(t.keys.admin), 200],
  ] as const)("when called with %s, then the answer is %s", async (_who, headers, status) => {
    const response = await t.app.inject({ url: "/v1/export/tickets", headers: typeof headers === "function" ? headers() : headers });
    expect(response.statusCode).toBe(status);
  });

  it.each([
    ["?severity=7", "querystring.severity"],
    ["?receivedFrom=yesterday", "querystring.receivedFrom"],
    ["?limit=5", "limit"],
  ])("when the filter is %s, then it is a 400 naming %s", async (query, field) => {
    const response = await t.app.inject({ url: `/v1/export/tickets${query}`, headers: bearer(t.keys.admin) });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string; message: string } }>().error.message).toContain(field);
  });

  it("when /docs/json is read, then the export is documented with its filters and JSON Lines answer", async () => {
    const doc = (await t.app.inject({ url: "/docs/json", headers: bearer(t.keys.read) })).json<{ paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, { content?: Record<string, unknown> }> } }> }>();
    const op = doc.paths["/v1/export/tickets"]!.get;
    expect(op.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["status", "severity", "partner", "breached", "language", "receivedFrom", "receivedTo", "dueBefore"]));
    expect(Object.keys(op.responses["200"]?.content ?? {})).toEqual(["application/x-ndjson"]);
  });
});

describe("pnpm export (the command)", () => {
  it("when run with filters, then stdout holds the same lines as the HTTP export with those filters", async () => {
    const result = runCommand("--status", "open", "--severity", "2");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(await exported("?status=open&severity=2"));
    expect(result.stderr).toMatch(/^export: \d+ tickets? written\n$/);
  });

  it("when run with --out, then the file holds every ticket and no partial file is left", async () => {
    const file = join(dir, "tickets.jsonl");
    const result = runCommand("--out", file);
    expect(result.status, result.stderr).toBe(0);
    const body = readFileSync(file, "utf8");
    expect(body).toBe(await exported());
    expect(result.stderr).toBe(`export: ${linesOf(body).length} tickets written to ${file}\n`);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it.each([
    [["--severity", "7"], "--severity"],
    [["--received-from", "yesterday"], "--received-from"],
    [["--colour", "red"], "colour"],
  ])("when the command line is %j, then it exits 2 naming %s, with the usage", (args, named) => {
    const result = runCommand(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stderr).toContain("usage: export");
  });
});

describe("retention seen through the API", () => {
  it("when a resolved ticket is past its retention, then GET, every list filter and the export lose it, and the other tickets stay", async () => {
    const before = await listed();
    const doc = (await t.app.inject({ url: `/v1/tickets/${resolved}`, headers: bearer(t.keys.read) })).json<{ ticket: { result: { severity: number | null; partner: { id: string } | null; language: string | null } } }>();
    const { severity, partner, language } = doc.ticket.result;
    const filters = ["", "?status=resolved", "?breached=false", "?breached=true", "?receivedFrom=2026-11-01T00:00:00Z"];
    if (severity !== null) filters.push(`?severity=${severity}`);
    if (partner !== null) filters.push(`?partner=${partner.id}`);
    if (language !== null) filters.push(`?language=${language}`);
    for (const query of filters.slice(0, 2)) expect(await listed(query), query).toContain(resolved);

    const retention = createRetention(t.redis, { keys: t.deps.keys, settings: { ...KEEP_FOREVER, resolvedTicketsMs: 30 * DAY } });
    expect((await retention.sweep(new Date(Date.parse(RESOLVED_AT) + 30 * DAY))).tickets).toBe(1);

    expect((await t.app.inject({ url: `/v1/tickets/${resolved}`, headers: bearer(t.keys.read) })).statusCode).toBe(404);
    for (const query of filters) expect(await listed(query), query).not.toContain(resolved);
    expect(linesOf(await exported()).map(idOf)).toEqual(before.filter((id) => id !== resolved));
    const metrics = (await t.app.inject({ url: "/metrics" })).body;
    expect(metricValue(metrics, "mailtriage_retention_removed_total", { kind: "tickets" })).toBe(1);
  });
});
