import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../../../packages/store/test/support/redis";
import { waitFor } from "../../worker/test/support/wait-for";
import { createReplyLog, mailerKeys, OUTBOUND_QUEUE } from "../src";
import { example, mailerHarness, type MailerHarness } from "./support/mailer-harness";
import { startSmtpSink, type Received, type SmtpSink } from "./support/smtp-sink";
import { Queue } from "bullmq";

let redis: TestRedis;
let h: MailerHarness;
let sink: SmtpSink | null = null;

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await h.cleanup();
  await sink?.stop();
  await redis.stop();
});

describe("SMTP outage", () => {
  it("when the SMTP server is down, then the reply waits and retries, and arrives once the server is back on the same port", async () => {
    // Find a free port, then leave it closed: the outage.
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.stop();

    h = await mailerHarness(redis.url, "mailer-outage");
    await h.startMailer(port, { MAILTRIAGE_MAILER_BACKOFF_MS: "100", MAILTRIAGE_MAILER_BACKOFF_MAX_MS: "400", MAILTRIAGE_MAILER_ATTEMPTS: "200", MAILTRIAGE_SMTP_TIMEOUT_MS: "2000" });
    await h.startWorker();
    await h.intake.intake(example("41-datenwerk-desk-ausfall.eml"), { receivedAt: new Date().toISOString(), source: "http" });

    const queue = new Queue(OUTBOUND_QUEUE, { connection: h.redis, prefix: h.keys.bullPrefix });
    const job = await waitFor("two failed attempts", async () => {
      const [found] = await queue.getJobs(["delayed", "waiting", "active"]);
      return found !== undefined && found.attemptsMade >= 2 ? found : undefined;
    });
    await queue.close();
    const ticketId = job.data.ticketId as string;
    const log = createReplyLog(h.redis, mailerKeys(h.keys));
    expect(await log.listForTicket(ticketId)).toEqual([]);

    const messages: Received[] = [];
    sink = await startSmtpSink(port, messages);
    await waitFor("the reply after the outage", async () => messages.length > 0);
    await h.settled();

    expect(messages).toHaveLength(1);
    expect(messages[0]!.parsed.subject).toContain(`[${ticketId}] Anfrage erhalten`);
    const records = await log.listForTicket(ticketId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: "sent", kind: "acknowledgement" });
    expect(records[0]!.attempts).toBeGreaterThanOrEqual(3);
  });
});
