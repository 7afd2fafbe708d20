import { Writable } from "node:stream";
import { createRetention, KEEP_FOREVER, MAINTENANCE_QUEUE, type InboundJobData, type Retention, type RetentionSettings, type StoreKeys } from "@mailtriage/store";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partnerRequest } from "../../../test/support/bulk-messages";
import { parseWorkerEnv, processMessage, retentionSettingsOf, startSlaScheduler, type ProcessDeps } from "../src";
import { openProcessFixture, type ProcessFixture } from "./support/process-fixture";
import { waitFor } from "./support/wait-for";

const DAY = 86_400_000;
const SETTINGS: RetentionSettings = { resolvedTicketsMs: 30 * DAY, rawMs: 7 * DAY, recordsMs: null, failedMs: 7 * DAY };
// The store's clock, far ahead of the wall clock: Redis (whose clock runs TTLs) keeps the keys and reports their expiry.
const RECORDED_AT = new Date("2099-01-01T00:00:00.000Z");

let fixture: ProcessFixture;
let redis: Redis;
let keys: StoreKeys;
let retention: Retention;
let deps: ProcessDeps;

beforeAll(async () => {
  fixture = await openProcessFixture("worker-retention", { now: () => RECORDED_AT, retention: SETTINGS });
  ({ redis, keys, deps, retention } = fixture);
});

afterAll(() => fixture.close());

function jobFor(raw: Uint8Array): Promise<InboundJobData> {
  return fixture.jobFor(raw, "2026-11-20T20:00:00.000Z");
}

/** When Redis will delete the raw bytes (epoch ms), or -1 when they have no expiry. */
async function rawExpiry(sha256: string): Promise<number> {
  return Number(await redis.call("PEXPIRETIME", keys.raw(sha256)));
}

describe("processMessage with raw-bytes retention", () => {
  it("when a message becomes a ticket, then its raw bytes expire the raw period after its record was stored", async () => {
    const job = await jobFor(partnerRequest(1, "<raw-ttl@acme-partner.example>"));
    expect(await processMessage(job, deps)).toMatchObject({ outcome: "ticket", duplicate: false });
    expect(await rawExpiry(job.rawSha256)).toBe(RECORDED_AT.getTime() + 7 * DAY);
  });

  it("when the same message comes again with other bytes, then those bytes expire too (nothing else refers to them)", async () => {
    await processMessage(await jobFor(partnerRequest(2, "<raw-repeat@acme-partner.example>")), deps);
    const again = await jobFor(partnerRequest(2, "<raw-repeat@acme-partner.example>", ["Received: from relay.example by mx.example"]));
    expect(await rawExpiry(again.rawSha256)).toBe(-1);

    expect(await processMessage(again, deps)).toMatchObject({ duplicate: true });
    expect(await rawExpiry(again.rawSha256)).toBe(RECORDED_AT.getTime() + 7 * DAY);
  });

  it("when a message cannot be parsed, then its raw bytes stay for re-drive, and get their expiry once a re-drive stores a ticket", async () => {
    const job = await jobFor(partnerRequest(3, "<raw-failed@acme-partner.example>"));
    const broken = { ...deps, parse: (raw: Uint8Array) => Promise.resolve({ ok: false as const, reason: "parse_timeout" as const, detail: "test", size: raw.byteLength, contentSha256: job.rawSha256 }) };
    const failed = await processMessage(job, broken);
    expect(failed.outcome).toBe("failed");
    expect(await rawExpiry(job.rawSha256)).toBe(-1);

    expect(await processMessage({ ...job, redriveOf: failed.identity }, deps)).toMatchObject({ outcome: "ticket" });
    expect(await rawExpiry(job.rawSha256)).toBe(RECORDED_AT.getTime() + 7 * DAY);
  });
});

describe("the retention sweep on the maintenance queue", () => {
  /** pino writing JSON lines into `lines`. */
  function capturingLogger(lines: Record<string, unknown>[]) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
        done();
      },
    });
    return pino({ level: "info" }, sink);
  }

  it("when a resolved ticket is past its retention, then the scheduled sweep removes it, logs and counts what it removed", async () => {
    const created = await processMessage(await jobFor(partnerRequest(4, "<sweep@acme-partner.example>")), deps);
    const ticketId = created.ticketId ?? "";
    await deps.tickets.recordEvent(ticketId, { type: "resolved", at: "2026-11-21T00:00:00.000Z" });
    const logs: Record<string, unknown>[] = [];
    const bull = { connection: redis, prefix: keys.bullPrefix };
    const schedule = { retention, everyMs: 60_000, now: () => new Date("2026-12-21T00:00:00.000Z") };
    const scheduler = await startSlaScheduler(deps.tickets, bull, { everyMs: 60_000, logger: capturingLogger(logs), retention: schedule });
    try {
      await waitFor("the sweep to remove the ticket", async () => (await deps.tickets.getTicket(ticketId)) === null);
      const logged = await waitFor("the sweep's log line", async () => logs.find((line) => line.msg === "retention sweep removed expired data"));
      expect(logged).toMatchObject({ tickets: 1, records: 1 });
      expect(await redis.hget(keys.retentionRemoved, "tickets")).toBe("1");
    } finally {
      await scheduler.close({ force: true });
    }
  });

  it("when every period is set to forever, then the sweep's schedule is removed and the SLA scan's stays", async () => {
    const bull = { connection: redis, prefix: keys.bullPrefix };
    const queue = new Queue(MAINTENANCE_QUEUE, bull);
    const logger = pino({ level: "silent" });
    try {
      const on = await startSlaScheduler(deps.tickets, bull, { everyMs: 60_000, logger, retention: { retention, everyMs: 60_000 } });
      await on.close({ force: true });
      expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(["retention-sweep", "sla-scan"]);

      const off = await startSlaScheduler(deps.tickets, bull, { everyMs: 60_000, logger, retention: { retention: createRetention(redis, { keys, settings: KEEP_FOREVER }), everyMs: 60_000 } });
      await off.close({ force: true });
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(["sla-scan"]);
    } finally {
      await queue.close();
    }
  });
});

describe("retention settings from the environment", () => {
  it("when no retention key is set, then everything is kept forever and no sweep is due", () => {
    expect(retentionSettingsOf(parseWorkerEnv({}))).toEqual(KEEP_FOREVER);
    expect(parseWorkerEnv({}).MAILTRIAGE_RETENTION_SWEEP_EVERY_MS).toBe(3_600_000);
  });

  it("when periods are set in days, then the store gets them in ms", () => {
    const env = parseWorkerEnv({ MAILTRIAGE_RETENTION_RESOLVED_TICKET_DAYS: "365", MAILTRIAGE_RETENTION_RAW_DAYS: "30", MAILTRIAGE_RETENTION_RECORD_DAYS: "90", MAILTRIAGE_RETENTION_FAILED_DAYS: "30" });
    expect(retentionSettingsOf(env)).toEqual({ resolvedTicketsMs: 365 * DAY, rawMs: 30 * DAY, recordsMs: 90 * DAY, failedMs: 30 * DAY });
  });

  it.each([
    [{ MAILTRIAGE_RETENTION_RAW_DAYS: "30", MAILTRIAGE_RETENTION_FAILED_DAYS: "7" }, "MAILTRIAGE_RETENTION_FAILED_DAYS: must be 0 or at least MAILTRIAGE_RETENTION_RAW_DAYS (30)"],
    [{ MAILTRIAGE_RETENTION_FAILED_DAYS: "7" }, "MAILTRIAGE_RETENTION_FAILED_DAYS: must be 0 or at least MAILTRIAGE_RETENTION_RAW_DAYS (0: raw bytes kept forever)"],
    [{ MAILTRIAGE_RETENTION_RECORD_DAYS: "-1" }, "MAILTRIAGE_RETENTION_RECORD_DAYS: Too small"],
    [{ MAILTRIAGE_RETENTION_SWEEP_EVERY_MS: "1000" }, "MAILTRIAGE_RETENTION_SWEEP_EVERY_MS: Too small"],
  ])("when the environment is %j, then start-up stops naming the key: %s", (env, message) => {
    expect(() => parseWorkerEnv(env)).toThrow(message);
  });
});
