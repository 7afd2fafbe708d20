// GET /v1/tickets/:id shows the replies the mailer sent about the ticket (issue 3), from a
// real pipeline: HTTP intake → worker → mailer → SMTP server (smtp-server on loopback).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createReplyLog, mailerKeys, parseMailerEnv, startMailer, type ReplyRecord } from "@mailtriage/mailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTP_PASSWORD, SMTP_USER, startSmtpSink, type SmtpSink } from "../../mailer/test/support/smtp-sink";
import { ticketDecision } from "../../../packages/store/test/support/decisions";
import { waitFor } from "../../worker/test/support/wait-for";
import { bearer, EXAMPLES, openTestApi, type TestApi } from "./support/test-api";
import { waitForJob } from "./support/wait-for-job";

interface TicketReply {
  replyId: string;
  kind: string;
  status: string;
  to: string;
  language: string;
  subject: string;
  messageId: string;
  sentAt: string | null;
}

let t: TestApi;
let sink: SmtpSink;
let closeMailer: () => Promise<void>;

beforeAll(async () => {
  t = await openTestApi("replies");
  sink = await startSmtpSink();
  const env = parseMailerEnv({
    REDIS_URL: t.server.url,
    MAILTRIAGE_REDIS_PREFIX: t.prefix,
    MAILTRIAGE_SMTP_HOST: "127.0.0.1",
    MAILTRIAGE_SMTP_PORT: String(sink.port),
    MAILTRIAGE_SMTP_TLS: "none",
    MAILTRIAGE_SMTP_USER: SMTP_USER,
    MAILTRIAGE_SMTP_PASSWORD: SMTP_PASSWORD,
    MAILTRIAGE_REPLY_FROM: "Partner Support <support@mailtriage.example>",
    LOG_LEVEL: "silent",
  });
  // The mailer first: its consumer group starts at the end of the events stream.
  const mailer = await startMailer(env);
  if (mailer === null) throw new Error("mailer did not start");
  closeMailer = () => mailer.close({ force: true });
  await t.startWorker({ MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES, "partners.json"), MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES, "accounts.json") });
});

afterAll(async () => {
  await closeMailer?.();
  await sink?.stop();
  await t?.close();
});

async function post(file: string): Promise<string> {
  const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: readFileSync(join(EXAMPLES, "emails", file)) });
  expect(posted.statusCode, posted.body).toBe(202);
  const job = await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId);
  if (job.ticketId === null) throw new Error(`${file} made no ticket`);
  return job.ticketId;
}

async function repliesOf(ticketId: string): Promise<TicketReply[]> {
  const response = await t.app.inject({ url: `/v1/tickets/${ticketId}`, headers: bearer(t.keys.read) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ replies: TicketReply[] }>().replies;
}

describe("GET /v1/tickets/:id replies", () => {
  it("when the mailer acknowledged a ticket, then the ticket shows that reply without its internals", async () => {
    const ticketId = await post("17-solnube-login-critico.eml");
    const [reply] = await waitFor("the acknowledgement on the ticket", async () => {
      const replies = await repliesOf(ticketId);
      return replies.length > 0 && replies;
    });

    const sent = sink.messages.find((m) => m.to.includes("alejandra.mendez@solucionesnube.example"));
    expect(sent).toBeDefined();
    expect(reply).toEqual({
      replyId: expect.any(String),
      kind: "acknowledgement",
      status: "sent",
      to: "alejandra.mendez@solucionesnube.example",
      language: "es",
      subject: sent!.parsed.subject,
      messageId: sent!.header("message-id"),
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it("when a reply was recorded twice (its send job retried), then it is shown once, as last recorded", async () => {
    const ticketId = await post("01-acme-crm-outage-urgent.eml");
    const [first] = await waitFor("the acknowledgement on the ticket", async () => {
      const replies = await repliesOf(ticketId);
      return replies.length > 0 && replies;
    });
    const log = createReplyLog(t.redis, mailerKeys(t.deps.keys));
    const stored = (await log.listForTicket(ticketId))[0]!;
    const again: ReplyRecord = { ...stored, sentAt: "2099-01-01T00:00:00.000Z", attempts: stored.attempts + 1 };
    await log.finished(again);

    expect(await repliesOf(ticketId)).toEqual([{ ...first, sentAt: "2099-01-01T00:00:00.000Z" }]);
  });

  it("when a ticket got no reply, then its replies are an empty list", async () => {
    // From our own address: the mailer never answers it.
    const decision = ticketDecision({ messageId: "<no-reply@mailtriage.example>" }, t.deps.policy);
    const outcome = await t.deps.tickets.applyDecision({ ...decision, result: { ...decision.result, from: "support@mailtriage.example" } });
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(await repliesOf(outcome.record.ticketId!)).toEqual([]);
  });

  it("when /docs/json is read, then the ticket response documents the replies", async () => {
    const doc = (await t.app.inject({ url: "/docs/json", headers: bearer(t.keys.read) })).body;
    const start = doc.indexOf('"replies"');
    expect(start).toBeGreaterThan(-1);
    for (const field of ["replyId", "kind", "status", "to", "language", "subject", "messageId", "sentAt"]) expect(doc.slice(start), field).toContain(`"${field}"`);
  });
});
