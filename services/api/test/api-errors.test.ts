import { loadPolicy } from "@mailtriage/config";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketDecision } from "../../../packages/store/test/support/decisions";
import { buildApp } from "../src/app";
import { bearer, openTestApi, type TestApi } from "./support/test-api";

let t: TestApi;
const MAX_MESSAGE_BYTES = 2_000;
const ticketIds: string[] = [];
const rfc822 = () => ({ ...bearer(t.keys.write), "content-type": "message/rfc822" });

beforeAll(async () => {
  const policy = await loadPolicy();
  t = await openTestApi("errors", { policy: { ...policy, limits: { ...policy.limits, maxMessageBytes: MAX_MESSAGE_BYTES } } });
  // Seven tickets, newest received last, severities 1,2,3,1,2,3,1.
  for (let i = 0; i < 7; i++) {
    const decision = ticketDecision({ messageId: `<page-${i}@acme-partner.example>`, receivedAt: new Date(Date.UTC(2026, 10, 20, 8, i)).toISOString(), severity: ((i % 3) + 1) as 1 | 2 | 3 }, t.deps.policy);
    const outcome = await t.deps.tickets.applyDecision(decision);
    if (outcome.kind === "applied" && outcome.ticket !== null) ticketIds.push(outcome.ticket.ticketId);
  }
});

afterAll(async () => {
  await t?.close();
});

describe("bad input", () => {
  it.each([
    ["GET", "/v1/tickets?status=closed", undefined, "querystring.status: Invalid option"],
    ["GET", "/v1/tickets?severity=4", undefined, "querystring.severity: Invalid option"],
    ["GET", "/v1/tickets?limit=0", undefined, "querystring.limit: Too small"],
    ["GET", "/v1/tickets?receivedFrom=yesterday", undefined, "querystring.receivedFrom: Invalid ISO datetime"],
    ["GET", "/v1/tickets?severty=1", undefined, 'querystring: Unrecognized key: "severty"'],
    ["GET", "/v1/tickets?cursor=bm90LWEtY3Vyc29y", undefined, "querystring.cursor: cursor is not one this API handed out"],
    ["POST", "/v1/tickets/MT-0000000000/events", { type: "closed" }, "body.type: Invalid option"],
    ["POST", "/v1/tickets/MT-0000000000/events", { type: "acknowledged", at: "soon" }, "body.at: Invalid ISO datetime"],
    ["POST", "/v1/partners", { id: "x", name: "X", domains: ["x.example"], tier: "gold", region: "EU", accountManager: "am@vendor.example" }, "body.tier: Invalid option"],
    ["POST", "/v1/partners", { id: "x", name: "X", domains: ["x.example"], tier: "premium", region: "MARS", accountManager: "am@vendor.example" }, "body.region: unknown region"],
    ["POST", "/v1/partners", { id: "x", name: "X", domains: ["not a domain"], tier: "premium", region: "EU", accountManager: "am@vendor.example" }, "body.domains.0: expected a domain"],
    ["PUT", "/v1/partners/acme", { id: "other", name: "X", domains: ["x.example"], tier: "premium", region: "EU", accountManager: "am@vendor.example" }, "body.id:"],
    ["POST", "/v1/accounts", { domain: "shop.example", licenses: -1 }, "body.licenses: Too small"],
  ] as const)("when %s %s gets a bad value, then 400 names the field", async (method, url, payload, message) => {
    const response = await t.app.inject({ method, url, headers: bearer(t.keys.admin), ...(payload && { payload }) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: "invalid_request", message: expect.stringContaining(message) } });
  });

  it("when a message is posted as JSON, then the answer is 415 JSON", async () => {
    const response = await t.app.inject({ method: "POST", url: "/v1/messages", headers: bearer(t.keys.write), payload: { raw: "x" } });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
  });

  it("when an empty message is posted, then the answer is 400", async () => {
    const response = await t.app.inject({ method: "POST", url: "/v1/messages", headers: rfc822(), payload: "" });
    expect(response.statusCode).toBe(400);
  });

  it("when a message is over the policy's size limit plus slack, then the answer is 413 JSON naming the limit", async () => {
    const response = await t.app.inject({ method: "POST", url: "/v1/messages", headers: rfc822(), payload: Buffer.alloc(MAX_MESSAGE_BYTES + 70_000, 0x41) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: { code: "payload_too_large", message: expect.stringContaining(`${MAX_MESSAGE_BYTES + 64 * 1024}-byte limit`) } });
  });

  it("when a message is a little over the limit, then it is still taken in (it becomes a too_large record)", async () => {
    const response = await t.app.inject({ method: "POST", url: "/v1/messages", headers: rfc822(), payload: Buffer.alloc(MAX_MESSAGE_BYTES + 100, 0x41) });
    expect(response.statusCode).toBe(202);
  });
});

describe("unknown ids", () => {
  it.each([
    ["GET", "/v1/tickets/MT-0000000000"],
    ["GET", "/v1/tickets/not-an-id"],
    ["POST", "/v1/tickets/MT-0000000000/events"],
    ["GET", `/v1/jobs/${"0".repeat(64)}`],
    ["GET", "/v1/jobs/nope"],
    ["GET", "/v1/partners/nobody"],
    ["DELETE", "/v1/partners/nobody"],
    ["GET", "/v1/accounts/nowhere.example"],
    ["POST", "/v1/failed/jobs/nope/retry"],
    ["GET", "/v1/no-such-route"],
  ] as const)("when %s %s names nothing, then the answer is 404 JSON", async (method, url) => {
    const payload = url.endsWith("/events") ? { type: "acknowledged" } : undefined;
    const response = await t.app.inject({ method, url, headers: bearer(t.keys.admin), ...(payload && { payload }) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("when a failed message that does not exist is re-driven, then the answer is 404", async () => {
    const response = await t.app.inject({ method: "POST", url: "/v1/failed/redrive", headers: bearer(t.keys.write), payload: { identity: "sha:nothing" } });
    expect(response.statusCode).toBe(404);
  });
});

describe("errors never carry a stack", () => {
  it("when a store call throws, then the answer is 500 with a request id and nothing internal", async () => {
    const broken = await buildApp({ ...t.deps, tickets: { ...t.deps.tickets, listTickets: () => Promise.reject(new Error("boom in /srv/secret/ticket-list.ts:12")) } }, { logger: pino({ level: "silent" }) });
    try {
      const response = await broken.inject({ url: "/v1/tickets", headers: { ...bearer(t.keys.read), "x-request-id": "req-42" } });
      expect(response.statusCode).toBe(500);
      expect(response.headers["x-request-id"]).toBe("req-42");
      expect(response.json()).toEqual({ error: { code: "internal_error", message: "internal error (request id req-42)" } });
    } finally {
      await broken.close();
    }
  });

  it.each(["/v1/tickets?status=closed", "/v1/tickets/MT-0000000000", "/v1/nothing"])("when %s fails, then the body has no stack trace", async (url) => {
    const response = await t.app.inject({ url, headers: bearer(t.keys.read) });
    expect(response.body).not.toMatch(/\bat \S+ \(|\.ts:\d+|stack/);
  });
});

describe("tickets", () => {
  it("when the list is read 3 at a time, then the cursor walks every ticket once, newest first", async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "" : `&cursor=${cursor}`;
      const page = (await t.app.inject({ url: `/v1/tickets?limit=3${query}`, headers: bearer(t.keys.read) })).json<{ items: { ticketId: string }[]; nextCursor: string | null }>();
      seen.push(...page.items.map((i) => i.ticketId));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...ticketIds].reverse());
  });

  it("when the list is filtered by severity and a receive range, then only matching tickets come back", async () => {
    const url = "/v1/tickets?severity=1&receivedFrom=2026-11-20T08:01:00Z&receivedTo=2026-11-20T09:00:00Z";
    const page = (await t.app.inject({ url, headers: bearer(t.keys.read) })).json<{ items: { ticketId: string; result: { severity: number } }[] }>();
    expect(page.items.map((i) => i.ticketId)).toEqual([ticketIds[6], ticketIds[3]]);
  });

  it("when a ticket is acknowledged, then the answer says the acknowledgement clock stopped and the ticket shows it", async () => {
    const id = ticketIds[0]!;
    const response = await t.app.inject({ method: "POST", url: `/v1/tickets/${id}/events`, headers: bearer(t.keys.write), payload: { type: "acknowledged", at: "2026-11-20T08:30:00Z", by: "agent-7" } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ event: { type: "acknowledged", by: "agent-7" }, effect: { stopped: ["acknowledge"], started: [] }, ticket: { state: { status: "acknowledged" } } });
    const view = (await t.app.inject({ url: `/v1/tickets/${id}`, headers: bearer(t.keys.read) })).json<{ events: { type: string }[] }>();
    expect(view.events.map((e) => e.type)).toEqual(["created", "acknowledged"]);
  });
});

describe("registries", () => {
  const partner = { id: "nimbus", name: "Nimbus Ltd", domains: ["nimbus.example"], tier: "advanced", region: "EU", accountManager: "am@vendor.example" };

  it("when a partner is created, read, created again, replaced and deleted, then each answer fits", async () => {
    const headers = bearer(t.keys.admin);
    expect((await t.app.inject({ method: "POST", url: "/v1/partners", headers, payload: partner })).statusCode).toBe(201);
    expect((await t.app.inject({ method: "POST", url: "/v1/partners", headers, payload: partner })).statusCode).toBe(409);
    expect((await t.app.inject({ url: "/v1/partners/nimbus", headers: bearer(t.keys.read) })).json()).toEqual(partner);
    const { id: _id, ...withoutId } = partner;
    const replaced = await t.app.inject({ method: "PUT", url: "/v1/partners/nimbus", headers, payload: { ...withoutId, tier: "premium" } });
    expect(replaced.json()).toEqual({ ...partner, tier: "premium" });
    expect((await t.app.inject({ method: "DELETE", url: "/v1/partners/nimbus", headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: "/v1/partners/nimbus", headers })).statusCode).toBe(404);
  });

  it("when a partner claims another partner's domain, then 400 names the domain field", async () => {
    const headers = bearer(t.keys.admin);
    await t.app.inject({ method: "PUT", url: "/v1/partners/first", headers, payload: { ...partner, id: "first", domains: ["shared.example"] } });
    const response = await t.app.inject({ method: "PUT", url: "/v1/partners/second", headers, payload: { ...partner, id: "second", domains: ["own.example", "shared.example"] } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toContain("body.domains.1:");
  });

  it("when an account is put by domain, then it is listed with its domain normalised", async () => {
    const response = await t.app.inject({ method: "PUT", url: "/v1/accounts/Shop.Example", headers: bearer(t.keys.admin), payload: { licenses: 70, region: "EU" } });
    expect(response.json()).toEqual({ domain: "shop.example", licenses: 70, region: "EU" });
    const list = (await t.app.inject({ url: "/v1/accounts", headers: bearer(t.keys.read) })).json<{ items: unknown[] }>();
    expect(list.items).toContainEqual({ domain: "shop.example", licenses: 70, region: "EU" });
  });
});
