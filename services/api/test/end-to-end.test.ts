import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TriageResult } from "@mailtriage/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineResults } from "../../../test/support/offline-results";
import { bearer, EXAMPLES, openTestApi, type TestApi } from "./support/test-api";
import { metricValue, waitForJob, type JobView } from "./support/wait-for-job";

const PARTNERS = join(EXAMPLES, "partners.json");
const ACCOUNTS = join(EXAMPLES, "accounts.json");
// The API's clock stamps receivedAt; fixing it gives the offline run's receive time (examples/README.md).
const RECEIVED_AT = "2026-11-20T20:00:00.000Z";

let t: TestApi;
const files = readdirSync(join(EXAMPLES, "emails")).filter((f) => f.endsWith(".eml")).sort();
const raws = files.map((f) => readFileSync(join(EXAMPLES, "emails", f)));
let expected: TriageResult[];
const jobs: JobView[] = [];
let metricsBefore: string;
let metricsAfter: string;

beforeAll(async () => {
  t = await openTestApi("e2e", { now: () => new Date(RECEIVED_AT) });
  expected = await offlineResults(raws.map((raw, i) => ({ file: files[i] ?? "", raw })), RECEIVED_AT);
  await t.startWorker({ MAILTRIAGE_PARTNERS_FILE: PARTNERS, MAILTRIAGE_ACCOUNTS_FILE: ACCOUNTS, MAILTRIAGE_WORKER_CONCURRENCY: "1" });
  metricsBefore = (await t.app.inject({ url: "/metrics" })).body;
  // One at a time: a reply must find the ticket of the message before it, as in the offline run.
  for (const raw of raws) {
    const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: raw });
    expect(posted.statusCode, posted.body).toBe(202);
    jobs.push(await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId));
  }
  metricsAfter = (await t.app.inject({ url: "/metrics" })).body;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe("end to end over HTTP", () => {
  it("when every example is posted, then each job's result equals the offline command's", () => {
    expect(files.length).toBeGreaterThan(50);
    expected.forEach((offline, i) => {
      const job = jobs[i]!;
      expect(job.state, files[i]).toBe("completed");
      // Within one offline run a repeat is `ignored`/`duplicate`; the service returns the earlier result (POLICY §7).
      if (offline.reason === "duplicate") {
        expect(job.duplicate, files[i]).toBe(true);
        expect(job.ticketId, files[i]).toBe(offline.ticketId);
      } else {
        expect(job.result, files[i]).toEqual(offline);
      }
    });
  });

  it("when each ticket is read back, then GET /v1/tickets/:id carries the creating result and every follow-up", async () => {
    const tickets = expected.filter((r) => r.outcome === "ticket");
    expect(tickets.length).toBeGreaterThan(20);
    for (const offline of tickets) {
      const response = await t.app.inject({ url: `/v1/tickets/${offline.ticketId}`, headers: bearer(t.keys.read) });
      expect(response.statusCode).toBe(200);
      const view = response.json<{ ticket: { result: TriageResult; state: { sla: unknown } }; messages: { result: TriageResult }[]; events: { type: string }[] }>();
      expect(view.ticket.result).toEqual(offline);
      const followups = expected.filter((r) => r.outcome === "followup" && r.ticketId === offline.ticketId);
      expect(view.messages.map((m) => m.result)).toEqual([offline, ...followups]);
      expect(view.events[0]?.type).toBe("created");
      if (followups.length > 0) expect(view.ticket.state.sla).toEqual(followups.at(-1)?.sla);
    }
  });

  it("when messages were triaged, then /metrics counts their outcomes and processing times from Redis", () => {
    const stored = expected.filter((r) => r.reason !== "duplicate");
    const count = (outcome: string, reason = "none") => metricValue(metricsAfter, "mailtriage_messages_total", { outcome, reason }) - metricValue(metricsBefore, "mailtriage_messages_total", { outcome, reason });
    expect(count("ticket")).toBe(stored.filter((r) => r.outcome === "ticket").length);
    expect(count("followup")).toBe(stored.filter((r) => r.outcome === "followup").length);
    expect(count("rejected", "generic_sender_domain")).toBe(stored.filter((r) => r.reason === "generic_sender_domain").length);
    expect(metricValue(metricsAfter, "mailtriage_job_processing_seconds_count", { queue: "inbound" })).toBe(files.length);
    expect(metricValue(metricsAfter, "mailtriage_tickets", { status: "open" })).toBeGreaterThan(0);
  });

  it("when a message failed to parse, then it is listed under /v1/failed and can be re-driven", async () => {
    const failed = expected.filter((r) => r.outcome === "failed");
    expect(failed.length).toBeGreaterThan(0);
    const list = await t.app.inject({ url: "/v1/failed", headers: bearer(t.keys.read) });
    const items = list.json<{ items: { identity: string; reason: string }[] }>().items;
    expect(items.map((i) => i.reason).sort()).toEqual(failed.map((r) => r.reason).sort());

    const redrive = await t.app.inject({ method: "POST", url: "/v1/failed/redrive", headers: bearer(t.keys.write), payload: { identity: items[0]!.identity } });
    expect(redrive.statusCode).toBe(202);
    const job = await waitForJob(t.app, t.keys.read, redrive.json<{ jobId: string }>().jobId);
    expect(job.result?.outcome).toBe("failed");
  });

  it("when the same bytes are posted again, then the answer names the same job as a duplicate", async () => {
    const again = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: raws[0] });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ jobId: jobs[0]!.jobId, duplicate: true });
  });
});
