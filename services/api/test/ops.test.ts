import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketDecision } from "../../../packages/store/test/support/decisions";
import { bearer, openTestApi, type TestApi } from "./support/test-api";
import { waitFor } from "../../worker/test/support/wait-for";
import { metricValue, waitForJob } from "./support/wait-for-job";

let t: TestApi;

beforeAll(async () => {
  t = await openTestApi("ops");
});

afterAll(async () => {
  await t?.close();
});

const MESSAGE = ["From: Ana <ana@acme-partner.example>", "To: support@mailtriage.example", "Subject: Report broken", "Message-ID: <ops-1@acme-partner.example>", "", "The report is broken.", ""].join("\r\n");

/** The API surface the OpenAPI document must list (method, OpenAPI path). */
const ROUTES = [
  ["post", "/v1/messages"],
  ["get", "/v1/jobs/{jobId}"],
  ["get", "/v1/tickets"],
  ["get", "/v1/tickets/{id}"],
  ["post", "/v1/tickets/{id}/events"],
  ["get", "/v1/export/tickets"],
  ["get", "/v1/partners"],
  ["post", "/v1/partners"],
  ["get", "/v1/partners/{id}"],
  ["put", "/v1/partners/{id}"],
  ["delete", "/v1/partners/{id}"],
  ["get", "/v1/accounts"],
  ["post", "/v1/accounts"],
  ["get", "/v1/accounts/{domain}"],
  ["put", "/v1/accounts/{domain}"],
  ["delete", "/v1/accounts/{domain}"],
  ["get", "/v1/failed"],
  ["post", "/v1/failed/redrive"],
  ["get", "/v1/failed/jobs"],
  ["post", "/v1/failed/jobs/{jobId}/retry"],
  ["get", "/v1/queues"],
  ["get", "/v1/api-keys"],
  ["post", "/v1/api-keys"],
  ["delete", "/v1/api-keys/{id}"],
  ["get", "/health/live"],
  ["get", "/health/ready"],
  ["get", "/metrics"],
] as const;

interface Operation {
  responses?: Record<string, unknown>;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
}

describe("health", () => {
  it("when no worker is alive, then /health/ready is 503 with the reasons; once one runs, 200", async () => {
    const before = await t.app.inject({ url: "/health/ready" });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toMatchObject({ ready: false, workers: { inbound: 0, maintenance: 0 } });
    expect(before.json<{ reasons: string[] }>().reasons).toEqual([expect.stringContaining("no SLA scheduler"), expect.stringContaining("no worker is taking messages")]);

    await t.startWorker();
    // A worker's connection registers with Redis shortly after it starts.
    const after = await waitFor("/health/ready to answer 200", async () => {
      const response = await t.app.inject({ url: "/health/ready" });
      return response.statusCode === 200 ? response : undefined;
    });
    expect(after.json()).toMatchObject({ ready: true, reasons: [], workers: { inbound: 1, maintenance: 1 } });
    expect((await t.app.inject({ url: "/health/live" })).json()).toEqual({ live: true });
  });
});

describe("queues and metrics", () => {
  it("when a message went through, then /v1/queues shows the worker and a completed rate", async () => {
    await t.startWorker();
    const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: MESSAGE });
    await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId);
    const { queues } = (await t.app.inject({ url: "/v1/queues", headers: bearer(t.keys.read) })).json<{ queues: { name: string; workers: number; counts: Record<string, number>; perMinute: { completed: number } }[] }>();
    expect(queues.map((q) => q.name)).toEqual(["inbound", "maintenance", "webhooks", "outbound"]);
    const inbound = queues[0]!;
    expect(inbound.workers).toBeGreaterThanOrEqual(1);
    expect(inbound.counts.completed).toBeGreaterThanOrEqual(1);
    expect(inbound.perMinute.completed).toBeGreaterThanOrEqual(1);
  });

  it("when /metrics is scraped, then it has the pipeline metrics, and SLA breaches recorded by any process count", async () => {
    const first = (await t.app.inject({ url: "/metrics" })).body;
    for (const name of ["mailtriage_queue_jobs", "mailtriage_queue_workers", "mailtriage_job_processing_seconds", "mailtriage_messages_total", "mailtriage_sla_breaches_total", "mailtriage_tickets", "mailtriage_message_records", "mailtriage_http_request_duration_seconds"]) {
      expect(first).toContain(`# TYPE ${name} `);
    }
    expect(first).toMatch(/^mailtriage_queue_jobs\{queue="inbound",state="waiting"\} \d+$/m);

    // A ticket long past due, breached by a scan as the scheduler would run it.
    const outcome = await t.deps.tickets.applyDecision(ticketDecision({ messageId: "<late@acme-partner.example>", receivedAt: "2026-01-05T08:00:00.000Z", severity: 1 }, t.deps.policy));
    expect(outcome.kind).toBe("applied");
    await t.deps.tickets.scanSla(new Date());
    const second = (await t.app.inject({ url: "/metrics" })).body;
    expect(metricValue(second, "mailtriage_sla_breaches_total", { region: "EU" }) - metricValue(first, "mailtriage_sla_breaches_total", { region: "EU" })).toBeGreaterThanOrEqual(1);
    expect(metricValue(second, "mailtriage_http_request_duration_seconds_count", { route: "/v1/queues", status_code: "200" })).toBeGreaterThanOrEqual(1);
  });
});

describe("OpenAPI document", () => {
  it("when /docs/json is read, then it is an OpenAPI 3.1 document listing every route with its responses and key", async () => {
    const response = await t.app.inject({ url: "/docs/json", headers: bearer(t.keys.read) });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } }>();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["apiKey"]);

    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== "head").map((m) => `${m} ${path}`));
    expect(listed.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path] of ROUTES) {
      const op = doc.paths[path]![method]!;
      expect(Object.keys(op.responses ?? {}).some((s) => s.startsWith("2")), `${method} ${path}`).toBe(true);
      const isPublic = path.startsWith("/health") || path === "/metrics";
      expect(op.security, `${method} ${path}`).toEqual(isPublic ? [] : [{ apiKey: [] }]);
    }
    expect(doc.paths["/v1/tickets"]!.get!.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["status", "severity", "partner", "breached", "language", "receivedFrom", "receivedTo", "limit", "cursor"]));
    expect(Object.keys(doc.paths["/v1/messages"]!.post!.requestBody?.content ?? {})).toEqual(["message/rfc822"]);

    // Every $ref points into the document.
    const refs = [...response.body.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref.split("/").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc), ref).toBeDefined();
  });

  it("when Swagger UI is opened without a key, then it is 401; with one, the page", async () => {
    expect((await t.app.inject({ url: "/docs" })).statusCode).toBe(401);
    const page = await t.app.inject({ url: "/docs", headers: bearer(t.keys.read) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger-ui");
  });
});
