import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../../../packages/store/test/support/redis";
import { waitFor } from "../../worker/test/support/wait-for";
import { mailerHarness, type MailerHarness } from "./support/mailer-harness";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink";

let redis: TestRedis;
let sink: SmtpSink;
let h: MailerHarness;

beforeAll(async () => {
  redis = await startTestRedis();
  return () => redis.stop();
});

afterEach(async () => {
  await h.cleanup();
  await sink.stop();
});

let counter = 0;
/** A plain message from a registered partner domain (TechBridge, US), with extra header lines. */
function message(from: string, headers: string[] = [], subject = "Status of the CRM sync problem"): Uint8Array {
  counter++;
  const lines = [
    ...headers,
    `From: ${from}`,
    "To: support@mailtriage.example",
    `Subject: ${subject}`,
    `Message-ID: <loop-${counter}-${Date.now()}@techbridge-solutions.example>`,
    `Date: ${new Date().toUTCString()}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello, the CRM sync with Books gives incorrect totals for every invoice since this morning. Please check. Regards",
  ];
  return new TextEncoder().encode(lines.join("\r\n"));
}

async function take(raw: Uint8Array): Promise<void> {
  await h.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" });
}

async function triaged(count: number): Promise<void> {
  await waitFor(`${count} messages to be triaged`, async () => ((await h.intake.queue.getJobCounts("completed")).completed ?? 0) >= count);
}

describe("no mail loops (RFC 3834)", () => {
  it("when a robot sends automatic mail or asks not to be answered, then it gets no reply at all", async () => {
    sink = await startSmtpSink();
    h = await mailerHarness(redis.url, "mailer-robot");
    await h.startMailer(sink.port);
    await h.startWorker();
    const robot = "robot@techbridge-solutions.example";
    const variants = [
      ["Auto-Submitted: auto-replied"],
      ["Auto-Submitted: auto-generated"],
      ["Precedence: bulk"],
      ["Precedence: list", "List-Id: <ops.techbridge-solutions.example>"],
      // Headers triage does not look at, so these become tickets: the mailer's own check stops the reply.
      ["Return-Path: <>"],
      ["X-Auto-Response-Suppress: All"],
    ];
    for (const headers of variants) await take(message(robot, headers));
    // A person at the same company, to show the mailer is running.
    await take(message("priya@techbridge-solutions.example"));
    await triaged(variants.length + 1);
    await h.settled();

    expect(sink.messages.map((m) => m.to)).toEqual([["priya@techbridge-solutions.example"]]);
    expect((await h.store.listTickets({ partner: "techbridge" })).items).toHaveLength(3);
  });

  it("when a robot answers every reply with a new message, then it gets at most the rate limit and the loop ends", async () => {
    sink = await startSmtpSink();
    h = await mailerHarness(redis.url, "mailer-echo");
    await h.startMailer(sink.port, { MAILTRIAGE_REPLY_MAX_PER_RECIPIENT: "3" });
    await h.startWorker();
    const echo = "echo@techbridge-solutions.example";
    // The worst robot: no Auto-Submitted, no threading headers, a new subject each time, so every answer is a new ticket.
    let answers = 0;
    sink.onMessage = (received) => {
      if (!received.to.includes(echo)) return;
      answers++;
      void take(message(echo, [], `Your message number ${answers} was received`));
    };
    await take(message(echo));
    await triaged(4);
    await h.settled();

    expect(sink.messages.filter((m) => m.to.includes(echo))).toHaveLength(3);
    expect((await h.store.listTickets({ partner: "techbridge" })).items).toHaveLength(4);
  });
});
