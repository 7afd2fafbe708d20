// The ops gauges added for alerting ahead of trouble, read by the real app from the real Redis:
// the mailer's `outbound` queue during an SMTP outage (/metrics and /v1/queues), the events
// stream's consumer-group lag, SLA phases due soon, and the build info.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMailerEnv, startMailer, type MailerService } from "@mailtriage/mailer";
import { createEventStreamReader } from "@mailtriage/store";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ticketDecision } from "../../../packages/store/test/support/decisions";
import { freePort } from "../../../test/support/free-port";
import { waitFor } from "../../worker/test/support/wait-for";
import { bearer, EXAMPLES, openTestApi, ROOT, type TestApi } from "./support/test-api";
import { metricValue, waitForJob } from "./support/wait-for-job";

/** The registries the examples' partners are in, so a posted example gets a ticket and a reply. */
const REGISTRIES = { MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"), MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json") };

async function scrape(t: TestApi): Promise<string> {
  const response = await t.app.inject({ url: "/metrics" });
  expect(response.statusCode, response.body).toBe(200);
  return response.body;
}

/** A mailer on `t`'s prefix whose SMTP server does not answer (nothing listens on the port). */
async function startMailerWithoutSmtp(t: TestApi, overrides: Record<string, string>): Promise<MailerService> {
  const env = parseMailerEnv({
    REDIS_URL: t.server.url,
    MAILTRIAGE_REDIS_PREFIX: t.prefix,
    MAILTRIAGE_SMTP_HOST: "127.0.0.1",
    MAILTRIAGE_SMTP_PORT: String(await freePort()),
    MAILTRIAGE_SMTP_TLS: "none",
    MAILTRIAGE_REPLY_FROM: "Partner Support <support@mailtriage.example>",
    LOG_LEVEL: "silent",
    ...overrides,
  });
  const mailer = await startMailer(env);
  if (mailer === null) throw new Error("mailer did not start");
  return mailer;
}

describe("the mailer's outbound queue during an SMTP outage", () => {
  let t: TestApi | undefined;
  let mailer: MailerService | undefined;
  afterEach(async () => {
    await mailer?.close({ force: true });
    await t?.close();
  });

  it.each([
    // The last attempt failed: the job is failed for good.
    { attempts: "1", state: "failed" },
    // Attempts left: the job waits for its backoff (an hour here), the backlog an outage builds.
    { attempts: "5", state: "delayed" },
  ])("when the SMTP server refuses and a reply has $attempts attempt(s), then /metrics and /v1/queues show the outbound job $state", async ({ attempts, state }) => {
    t = await openTestApi(`outbound-${state}`);
    // The mailer first: its consumer group starts at the end of the events stream.
    mailer = await startMailerWithoutSmtp(t, { MAILTRIAGE_MAILER_ATTEMPTS: attempts, MAILTRIAGE_MAILER_BACKOFF_MS: "3600000", MAILTRIAGE_MAILER_BACKOFF_MAX_MS: "3600000" });
    await t.startWorker(REGISTRIES);
    const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: readFileSync(join(EXAMPLES, "emails", "17-solnube-login-critico.eml")) });
    expect((await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId, 60_000)).ticketId).not.toBeNull();

    const api = t;
    const text = await waitFor(`an outbound job ${state} on /metrics`, async () => {
      const body = await scrape(api);
      return metricValue(body, "mailtriage_queue_jobs", { queue: "outbound", state }) >= 1 && body;
    }, 60_000, 200);
    expect(metricValue(text, "mailtriage_queue_workers", { queue: "outbound" })).toBeGreaterThanOrEqual(1);

    const { queues } = (await t.app.inject({ url: "/v1/queues", headers: bearer(t.keys.read) })).json<{ queues: { name: string; counts: Record<string, number>; perMinute: { failed: number } }[] }>();
    expect(queues.map((q) => q.name)).toEqual(["inbound", "maintenance", "webhooks", "outbound"]);
    const outbound = queues.find((q) => q.name === "outbound");
    expect(outbound?.counts[state]).toBeGreaterThanOrEqual(1);
    expect(outbound?.counts.completed).toBe(0);
    if (state === "failed") expect(outbound?.perMinute.failed).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

/** Receive time of tickets other than the due-soon one: long past due, so never "due soon". */
const LONG_AGO = "2026-01-05T08:00:00.000Z";

describe("on one installation", () => {
  let t: TestApi;
  /** The API's clock: "due soon" counts from it. */
  let clock = new Date();
  beforeAll(async () => {
    t = await openTestApi("gauges", { now: () => clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("events stream consumer groups", () => {
    it("when a group's consumers are stopped while events arrive, then its lag counts them; read, they are pending until acknowledged", async () => {
      // The groups as the mailer and the webhook dispatcher create them (at the stream's end), with no consumer reading.
      for (const group of ["replies", "webhooks"]) await createEventStreamReader(t.redis, { keys: t.deps.keys, group, consumer: "ops-test" }).ensureGroup();
      const before = await scrape(t);
      expect(before).toMatch(/^mailtriage_events_group_lag\{group="replies"\} 0$/m);
      expect(before).toMatch(/^mailtriage_events_group_pending\{group="webhooks"\} 0$/m);

      const length = await t.redis.xlen(t.deps.keys.events);
      for (const n of [1, 2, 3]) await t.deps.tickets.applyDecision(ticketDecision({ messageId: `<lag-${n}@acme-partner.example>`, receivedAt: LONG_AGO }, t.deps.policy));
      const added = (await t.redis.xlen(t.deps.keys.events)) - length;
      expect(added).toBeGreaterThanOrEqual(3);
      const behind = await scrape(t);
      for (const group of ["replies", "webhooks"]) {
        expect(metricValue(behind, "mailtriage_events_group_lag", { group })).toBe(added);
        expect(metricValue(behind, "mailtriage_events_group_pending", { group })).toBe(0);
      }

      // A replies consumer reads them: delivered (lag 0) but not done (pending) until it acknowledges.
      const reader = createEventStreamReader(t.redis, { keys: t.deps.keys, group: "replies", consumer: "ops-test" });
      const entries = await reader.readNew(1_000, 100);
      const read = await scrape(t);
      expect(metricValue(read, "mailtriage_events_group_lag", { group: "replies" })).toBe(0);
      expect(metricValue(read, "mailtriage_events_group_pending", { group: "replies" })).toBe(added);
      expect(metricValue(read, "mailtriage_events_group_lag", { group: "webhooks" })).toBe(added);
      await reader.ack(entries.map((entry) => entry.id));
      expect(metricValue(await scrape(t), "mailtriage_events_group_pending", { group: "replies" })).toBe(0);
    });
  });

  describe("SLA phases due soon", () => {
    let acknowledgeBy = 0;
    let ticketId = "";
    beforeAll(async () => {
      const decision = ticketDecision({ messageId: "<due-soon@acme-partner.example>", receivedAt: "2026-11-20T20:00:00.000Z", severity: 1 }, t.deps.policy);
      expect((await t.deps.tickets.applyDecision(decision)).kind).toBe("applied");
      acknowledgeBy = Date.parse(decision.result.sla?.acknowledgeBy ?? "");
      ticketId = decision.result.ticketId ?? "";
    });

    const MINUTE = 60_000;
    it.each([
      ["10 minutes before its acknowledgement is due", -10 * MINUTE, { "15m": 1, "1h": 1, "4h": 1 }],
      ["30 minutes before", -30 * MINUTE, { "15m": 0, "1h": 1, "4h": 1 }],
      ["3 hours before", -180 * MINUTE, { "15m": 0, "1h": 0, "4h": 1 }],
      ["5 hours before", -300 * MINUTE, { "15m": 0, "1h": 0, "4h": 0 }],
      // Past due: the scheduler's next scan marks it breached; it is no longer "soon".
      ["1 minute after", MINUTE, { "15m": 0, "1h": 0, "4h": 0 }],
    ])("when it is %s, then the acknowledge phase counts as due soon within %j", async (_when, offset, expected) => {
      clock = new Date(acknowledgeBy + offset);
      const text = await scrape(t);
      for (const [within, count] of Object.entries(expected)) expect(metricValue(text, "mailtriage_sla_due_soon", { phase: "acknowledge", within }), within).toBe(count);
    });

    it("when the ticket is acknowledged in time, then its acknowledge phase is no longer due soon", async () => {
      clock = new Date(acknowledgeBy - 10 * MINUTE);
      expect(metricValue(await scrape(t), "mailtriage_sla_due_soon", { phase: "acknowledge", within: "15m" })).toBe(1);
      const event = await t.app.inject({ method: "POST", url: `/v1/tickets/${ticketId}/events`, headers: bearer(t.keys.write), payload: { type: "acknowledged" } });
      expect(event.statusCode, event.body).toBe(201);
      const text = await scrape(t);
      for (const within of ["15m", "1h", "4h"]) expect(metricValue(text, "mailtriage_sla_due_soon", { phase: "acknowledge", within })).toBe(0);
    });
  });

  it("when /metrics is scraped, then mailtriage_build_info names the version and the Node.js runtime", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(metricValue(await scrape(t), "mailtriage_build_info", { version, node: process.version })).toBe(1);
  });
});
