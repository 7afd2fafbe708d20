import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../../../packages/store/test/support/redis";
import { waitFor } from "../../worker/test/support/wait-for";
import { createReplyLog, mailerKeys } from "../src";
import { example, mailerHarness, type MailerHarness } from "./support/mailer-harness";
import { startSmtpSink, type Received, type SmtpSink } from "./support/smtp-sink";

const RECEIVED_AT = "2026-11-20T20:00:00.000Z";
// The mailer's clock: a minute after the messages arrived (the examples' receive time is fixed).
const NOW = new Date("2026-11-20T20:01:00.000Z");

const EXAMPLES = [
  "01-acme-crm-outage-urgent.eml",
  "17-solnube-login-critico.eml",
  "19-solnube-cambio-superadmin.eml",
  "25-nuvemtec-sistema-fora-do-ar.eml",
  "29-cloudconseil-panne-generale.eml",
  "36-mitrasolusi-tidak-bisa-login.eml",
  "41-datenwerk-desk-ausfall.eml",
  "50-techbridge-no-template-outage.eml",
  "14-gmail-partner-rejected.eml",
  "23-hotmail-es-rejected.eml",
  "51-acme-ooo-auto-submitted.eml",
  "53-mailer-daemon-dsn.eml",
  "55-techbridge-newsletter-bulk.eml",
];

let redis: TestRedis;
let sink: SmtpSink;
let h: MailerHarness;
const tickets = new Map<string, string>();

/** The one reply the sink got for `to`. */
function replyTo(to: string): Received {
  const found = sink.messages.filter((m) => m.to.includes(to));
  expect(found, to).toHaveLength(1);
  return found[0]!;
}

beforeAll(async () => {
  redis = await startTestRedis();
  sink = await startSmtpSink();
  h = await mailerHarness(redis.url, "mailer-replies");
  // The mailer first: its consumer group starts at the end of the stream, so it must exist before the first event.
  await h.startMailer(sink.port, {}, { now: () => NOW });
  await h.startWorker();
  const receipts: Awaited<ReturnType<typeof h.intake.intake>>[] = [];
  for (const name of EXAMPLES) receipts.push(await h.intake.intake(example(name), { receivedAt: RECEIVED_AT, source: "http" }));
  // The same hotmail sender writes again the same day (a new Message-ID): POLICY §3 allows one rejection reply per day.
  const again = new TextDecoder().decode(example("23-hotmail-es-rejected.eml")).replace(/^Message-ID: <[^>]+>/m, "Message-ID: <second-try@hotmail.example>");
  await h.intake.intake(new TextEncoder().encode(again), { receivedAt: RECEIVED_AT, source: "http" });
  await waitFor("every example to be triaged", async () => {
    const jobs = await Promise.all(receipts.map((r) => h.intake.queue.getJob(r.jobId)));
    return jobs.every((j) => j?.finishedOn !== undefined);
  });
  for (const [i, r] of receipts.entries()) {
    const job = await h.intake.queue.getJob(r.jobId);
    const ticketId = (job?.returnvalue as { ticketId?: string | null } | undefined)?.ticketId;
    if (typeof ticketId === "string") tickets.set(EXAMPLES[i]!, ticketId);
  }
  await h.settled();
}, 60_000);

afterAll(async () => {
  await h.cleanup();
  await sink.stop();
  await redis.stop();
});

describe("replies over SMTP, from real messages through the worker", () => {
  it.each([
    ["01-acme-crm-outage-urgent.eml", "oliver.grant@acme-partner.example", "en", "Request received:", "(Europe/London)", "Severity: 1 – critical business impact"],
    ["17-solnube-login-critico.eml", "alejandra.mendez@solucionesnube.example", "es", "Solicitud recibida:", "15:00 GMT-6 (America/Mexico_City)", "Gravedad: 1 – impacto crítico en el negocio"],
    ["25-nuvemtec-sistema-fora-do-ar.eml", "", "pt", "Solicitação recebida:", "(America/Sao_Paulo)", "Gravidade: 1"],
    ["29-cloudconseil-panne-generale.eml", "", "fr", "Demande reçue :", "(Europe/London)", "Gravité : 1"],
    ["36-mitrasolusi-tidak-bisa-login.eml", "andi.pratama@mitrasolusi.example", "id", "Permintaan diterima:", "(Asia/Singapore)", "Tingkat keparahan: 1"],
    ["41-datenwerk-desk-ausfall.eml", "jonas.becker@datenwerk-partner.example", "de", "Anfrage erhalten:", "Freitag, 20. November 2026 um 22:00 GMT+0 (Europe/London)", "Schweregrad: 1 – kritische Auswirkung"],
  ])("when %s creates a ticket, then the sender gets an acknowledgement in its language, threaded, with due times in the region's zone", async (file, knownSender, language, subject, zone, severity) => {
    const ticketId = tickets.get(file)!;
    const reply = sink.messages.find((m) => m.parsed.subject?.startsWith(`[${ticketId}]`));
    expect(reply, file).toBeDefined();
    if (knownSender !== "") expect(reply!.to).toEqual([knownSender]);
    expect(reply!.parsed.subject).toContain(subject);
    expect(reply!.header("auto-submitted")).toBe("auto-replied");
    expect(reply!.header("content-language")).toBe(language);
    const view = await h.store.getTicket(ticketId);
    const original = view!.ticket.result.messageId!;
    expect(reply!.parsed.inReplyTo).toBe(original);
    expect([reply!.parsed.references].flat()).toContain(original);
    expect(reply!.parsed.text).toContain(severity);
    expect(reply!.parsed.text).toContain(zone);
    expect(reply!.parsed.from?.text).toContain("support@mailtriage.example");
  });

  it("when template fields are missing, then the acknowledgement lists them and carries the template to copy", () => {
    const reply = replyTo("marcus.lee@techbridge-solutions.example");
    expect(reply.parsed.subject).toBe(`[${tickets.get("50-techbridge-no-template-outage.eml")}] Request received: Redwood Dental - everything down`);
    expect(reply.parsed.text).toContain("The following fields of the request template are missing:\n- Customer email address\n- Support request type");
    expect(reply.parsed.text).toContain("Problem/question description: \nTroubleshooting steps performed: \nScreenshots/screencast: ");
    expect(reply.parsed.text).toContain("First response due by: Friday, November 20, 2026 at 18:00 EST (America/New_York)");
  });

  it("when a ticket waits for the customer's consent, then the sender is told from whom and how to give it, in Spanish", () => {
    const ticketId = tickets.get("19-solnube-cambio-superadmin.eml")!;
    const reply = sink.messages.find((m) => m.parsed.subject?.startsWith(`[${ticketId}]`))!;
    expect(reply.parsed.subject).toContain("Se necesita el consentimiento del cliente");
    expect(reply.parsed.text).toContain("El consentimiento debe venir de direccion@ferreteria-elmartillo.example.");
    expect(reply.parsed.text).toContain("Responda a este correo con direccion@ferreteria-elmartillo.example en copia (CC)");
    expect(reply.parsed.text).toContain("Reenvíenos el consentimiento por escrito del cliente");
  });

  it.each([
    ["nexoconsultores.soporte@gmail.com", "Please resend from your company email address:", "(gmail.com)"],
    ["soporte.integradores.mx@hotmail.com", "Reenvíe su solicitud desde el correo de su empresa:", "(hotmail.com)"],
  ])("when %s is rejected as a generic sender, then it gets exactly one rejection reply a day, in its language", (to, subject, domain) => {
    const reply = replyTo(to);
    expect(reply.parsed.subject).toContain(subject);
    expect(reply.parsed.text).toContain(domain);
    expect(reply.header("auto-submitted")).toBe("auto-replied");
  });

  it("when automatic mail arrives (out-of-office, bounce, newsletter), then nobody gets a reply", () => {
    const recipients = sink.messages.flatMap((m) => m.to);
    for (const robot of ["hannah.walsh@acme-partner.example", "mailer-daemon@mx.mailtriage.example", "news@techbridge-solutions.example"]) expect(recipients).not.toContain(robot);
    // Six acknowledgements, one consent request, one missing-fields acknowledgement, two rejections.
    expect(sink.messages).toHaveLength(10);
  });

  it("when a reply was sent, then its ticket records what was sent when", async () => {
    const ticketId = tickets.get("01-acme-crm-outage-urgent.eml")!;
    const records = await createReplyLog(h.redis, mailerKeys(h.keys)).listForTicket(ticketId);
    expect(records).toMatchObject([{ replyId: `ack-${ticketId}`, kind: "acknowledgement", status: "sent", language: "en", sentAt: NOW.toISOString(), attempts: 1 }]);
  });
});
