import type { Language, TriageResult } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import { decideReply, DEFAULT_REPLY_TEXTS, readOriginalMessage, type ReplyContext, type ReplyDecision, type SentReply } from "../src/replies";

const NOW = "2026-11-20T20:00:10.000Z";
const SETTINGS = { texts: DEFAULT_REPLY_TEXTS, limits: { maxPerRecipient: 3, windowMinutes: 60, rejectionsPerDay: 1 }, ownAddresses: ["support@mailtriage.example"], maxAgeHours: 72 };

/** A stored triage result of a new ticket (Acme, premium, EU); override what the case is about. */
function ticketResult(overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    outcome: "ticket",
    reason: null,
    ticketId: "MT-Y65K38FPMT",
    messageId: "<m1@acme-partner.example>",
    from: "oliver.grant@acme-partner.example",
    subject: "Zoho CRM down for all users",
    receivedAt: "2026-11-20T20:00:00.000Z",
    language: "en",
    partner: { id: "acme", tier: "premium", region: "EU" },
    fields: null,
    missingFields: [],
    severity: 1,
    severityReasons: ["signal:outage — 'Zoho CRM down'", "stated:1 — 'Priority: urgent'"],
    statedSeverity: 1,
    flags: { basic: false, slaExempt: false, critical: true, largeAccount: false, unregisteredDomain: false, authFailed: false },
    consent: { required: false, present: false, reasons: [] },
    status: "open",
    sla: {
      clock: "24x7",
      timezone: "Europe/London",
      acknowledgeBy: "2026-11-20T21:00:00.000Z",
      determineBy: "2026-11-20T22:00:00.000Z",
      acknowledgeRangeHours: [1, 3],
      determineRangeHours: [2, 8],
      acknowledgeHours: 1,
      determineHours: 2,
      band: "lower",
      determinationStartedAt: "2026-11-20T20:00:00.000Z",
    },
    ...overrides,
  };
}

const rejectedResult = (overrides: Partial<TriageResult> = {}): TriageResult =>
  ticketResult({ outcome: "rejected", reason: "generic_sender_domain", ticketId: null, from: "nexo.soporte@gmail.com", language: null, partner: null, severity: null, severityReasons: [], status: "rejected", sla: null, subject: "CRM workflow emails not going out", ...overrides });

function decide(overrides: Partial<ReplyContext> = {}): ReplyDecision {
  return decideReply({ event: { id: "1763668800000-0", type: "created" }, result: ticketResult(), original: null, history: [], now: NOW, ...overrides }, SETTINGS);
}

function sent(decision: ReplyDecision) {
  if (!decision.send) throw new Error(`expected a reply, got ${decision.reason}`);
  return decision.reply;
}

describe("which reply an event calls for", () => {
  it.each([
    ["a new open ticket", "created", ticketResult(), "acknowledgement"],
    ["a new ticket awaiting consent", "created", ticketResult({ status: "awaiting_consent", consent: { required: true, present: false, reasons: ["consent:super_admin_change — 'change the super admin'"] } }), "consent_request"],
    ["a generic-domain rejection", "rejected", rejectedResult(), "generic_sender_rejection"],
  ])("when %s is stored, then a %s is planned", (_what, type, result, kind) => {
    expect(sent(decide({ event: { id: "1-0", type }, result })).kind).toBe(kind);
  });

  it.each([
    ["a follow-up", "followup", ticketResult({ outcome: "followup" })],
    ["an ignored auto-reply", "ignored", ticketResult({ outcome: "ignored", reason: "auto_submitted", status: "ignored" })],
    ["a too-large rejection", "rejected", rejectedResult({ reason: "too_large" })],
    ["a failed message", "failed", ticketResult({ outcome: "failed", reason: "unparseable", from: null })],
    ["an operator event", "acknowledged", ticketResult()],
  ])("when %s is stored, then nothing is sent", (_what, type, result) => {
    expect(decide({ event: { id: "1-0", type }, result })).toEqual({ send: false, reason: "not_answered" });
  });
});

describe("never answering automatic mail (RFC 3834)", () => {
  const head = (headers: string): string => `${headers}\r\nFrom: oliver.grant@acme-partner.example\r\nSubject: x\r\n\r\nbody`;
  it.each([
    ["Auto-Submitted: auto-replied", "auto_submitted"],
    ["Auto-Submitted: auto-generated", "auto_submitted"],
    ["Precedence: bulk", "precedence"],
    ["Precedence: junk", "precedence"],
    ["Precedence: list", "precedence"],
    ["List-Id: <news.acme-partner.example>", "list_mail"],
    ["X-Autoreply: yes", "vendor_auto_reply"],
    ["X-Auto-Response-Suppress: All", "vendor_auto_reply"],
    ["Return-Path: <>", "empty_return_path"],
  ])("when the original carries %s, then nothing is sent (%s)", (header, reason) => {
    expect(decide({ original: readOriginalMessage(head(header)) })).toEqual({ send: false, reason });
  });

  it.each([
    ["mailer-daemon@mx.acme-partner.example", "robot_sender"],
    ["postmaster@acme-partner.example", "robot_sender"],
    ["no-reply@acme-partner.example", "robot_sender"],
    ["support@mailtriage.example", "own_address"],
  ])("when the sender is %s, then nothing is sent (%s)", (from, reason) => {
    expect(decide({ result: ticketResult({ from }) })).toEqual({ send: false, reason });
  });

  it("when the original says Auto-Submitted: no and has a normal return path, then it is answered", () => {
    const original = readOriginalMessage("Return-Path: <oliver.grant@acme-partner.example>\r\nAuto-Submitted: no\r\n\r\nbody");
    expect(decide({ original }).send).toBe(true);
  });

  it("when the message was received four days ago (a backlog), then it is not answered", () => {
    expect(decide({ now: "2026-11-24T20:00:01.000Z" })).toEqual({ send: false, reason: "stale" });
  });
});

describe("rate limits", () => {
  const earlier = (n: number, kind: SentReply["kind"] = "acknowledgement", at = "2026-11-20T19:30:00.000Z"): SentReply[] =>
    Array.from({ length: n }, (_, i) => ({ replyId: `ack-MT-OTHER${i}`, kind, at }));

  it.each([
    [2, "2026-11-20T19:30:00.000Z", true],
    [3, "2026-11-20T19:30:00.000Z", false],
    [3, "2026-11-20T18:30:00.000Z", true],
  ])("when the recipient got %i replies at %s within a limit of 3 per hour, then sending is %s", (n, at, allowed) => {
    expect(decide({ history: earlier(n, "acknowledgement", at) }).send).toBe(allowed);
  });

  it("when a generic-domain sender was already told today, then the second rejection is not sent; a day later it is", () => {
    const history = earlier(1, "generic_sender_rejection", "2026-11-20T08:00:00.000Z");
    expect(decide({ event: { id: "2-0", type: "rejected" }, result: rejectedResult(), history })).toEqual({ send: false, reason: "rejected_today" });
    expect(decide({ event: { id: "2-0", type: "rejected" }, result: rejectedResult({ receivedAt: "2026-11-21T09:00:00.000Z" }), history, now: "2026-11-21T09:00:00.000Z" }).send).toBe(true);
  });

  it("when the same event is read again after its reply was planned, then the same reply id is planned again (no second reply)", () => {
    const first = sent(decide());
    const again = sent(decide({ history: [...earlier(3), { replyId: first.replyId, kind: first.kind, at: NOW }] }));
    expect(again.replyId).toBe(first.replyId);
  });
});

describe("what the acknowledgement says", () => {
  it.each<[Language, string, string, string]>([
    ["en", "Request received:", "Severity: 1", "Friday, November 20, 2026"],
    ["es", "Solicitud recibida:", "Gravedad: 1", "viernes, 20 de noviembre de 2026"],
    ["pt", "Solicitação recebida:", "Gravidade: 1", "sexta-feira, 20 de novembro de 2026"],
    ["fr", "Demande reçue :", "Gravité : 1", "vendredi 20 novembre 2026"],
    ["id", "Permintaan diterima:", "Tingkat keparahan: 1", "Jumat, 20 November 2026"],
    ["de", "Anfrage erhalten:", "Schweregrad: 1", "Freitag, 20. November 2026"],
  ])("when the partner wrote in %s, then the reply is in that language with the due date localised", (language, subject, severity, date) => {
    const reply = sent(decide({ result: ticketResult({ language }) }));
    expect(reply.language).toBe(language);
    expect(reply.subject).toBe(`[MT-Y65K38FPMT] ${subject} Zoho CRM down for all users`);
    expect(reply.text).toContain(severity);
    expect(reply.text).toContain(date);
    expect(reply.text).toContain("(Europe/London)");
  });

  it("when no language was detected, then the reply is in English", () => {
    expect(sent(decide({ result: ticketResult({ language: null }) })).subject).toContain("Request received");
  });

  it("when the region is in another zone, then the due times are written in that zone", () => {
    const sla = { ...ticketResult().sla!, timezone: "America/Mexico_City", acknowledgeBy: "2026-11-20T21:00:00.000Z", determineBy: "2026-11-20T22:00:00.000Z" };
    const text = sent(decide({ result: ticketResult({ language: "es", sla }) })).text;
    expect(text).toContain("15:00");
    expect(text).toContain("16:00");
    expect(text).toContain("(America/Mexico_City)");
  });

  it("when the main reason is a signal, then it is named with the partner's words, not the stated priority", () => {
    expect(sent(decide()).text).toContain("Main reason: the service is down or unavailable (“Zoho CRM down”).");
  });

  it("when template fields are missing, then they are listed in the partner's language with the whole template to copy", () => {
    const text = sent(decide({ result: ticketResult({ language: "de", missingFields: ["customerEmail", "troubleshooting"] }) })).text;
    expect(text).toContain("- E-Mail-Adresse des Kunden\n- Durchgeführte Schritte zur Fehlerbehebung");
    expect(text).toContain("Kann das Problem reproduziert werden? \nName des Zoho Produkts: ");
  });

  it("when the request is SLA-exempt, then no due time is promised", () => {
    const text = sent(decide({ result: ticketResult({ sla: null, flags: { ...ticketResult().flags, slaExempt: true } }) })).text;
    expect(text).toContain("outside our response-time commitment");
    expect(text).not.toContain("due by");
  });

  it("when the original had References, then the reply threads after them and the original Message-ID", () => {
    const original = readOriginalMessage("References: <a@x.example>\r\n <b@x.example>\r\n\r\nbody");
    const reply = sent(decide({ original }));
    expect(reply).toMatchObject({ inReplyTo: "<m1@acme-partner.example>", references: ["<a@x.example>", "<b@x.example>", "<m1@acme-partner.example>"], headers: { "Auto-Submitted": "auto-replied" } });
  });

  it("when the partner's subject holds a line break, then the reply subject stays one line", () => {
    expect(sent(decide({ result: ticketResult({ subject: "Down\r\nBcc: victim@example.com" }) })).subject).toBe("[MT-Y65K38FPMT] Request received: Down Bcc: victim@example.com");
  });
});

describe("what the consent request and the rejection say", () => {
  const awaiting = (customerEmail: string | null) =>
    ticketResult({
      language: "pt",
      status: "awaiting_consent",
      fields: { customerEmail } as TriageResult["fields"],
      consent: { required: true, present: false, reasons: ["consent:ownership_transfer — 'transferência de titularidade'"] },
      sla: { ...ticketResult().sla!, determineBy: null },
    });

  it.each([
    ["ti@cliente.example", "O consentimento deve vir de ti@cliente.example."],
    [null, "O consentimento deve vir de o superadministrador ou o proprietário da conta do cliente."],
  ])("when the customer email is %s, then the request names who must consent and both ways to give it", (email, from) => {
    const reply = sent(decide({ result: awaiting(email) }));
    expect(reply.subject).toContain("[MT-Y65K38FPMT] Consentimento do cliente necessário");
    expect(reply.text).toContain("a transferência de titularidade da conta");
    expect(reply.text).toContain(from);
    expect(reply.text).toContain("em cópia (Cc)");
    expect(reply.text).toContain("Encaminhe para nós o consentimento por escrito");
    expect(reply.text).toContain("Determinação do problema: começa quando recebermos o consentimento");
  });

  it("when a generic-domain message has no detected language but a Spanish plain body, then the rejection is in Spanish and names the domain", () => {
    const original = readOriginalMessage("Content-Type: text/plain; charset=utf-8\r\n\r\nBuen día, el cliente necesita más días de prueba para terminar la evaluación con su equipo.");
    const reply = sent(decide({ event: { id: "9-0", type: "rejected" }, result: rejectedResult({ from: "soporte.mx@hotmail.com", subject: "Extensión de prueba" }), original }));
    expect(reply).toMatchObject({ kind: "generic_sender_rejection", language: "es", replyId: "reject-9-0" });
    expect(reply.text).toContain("(hotmail.com)");
    expect(reply.subject).toBe("Reenvíe su solicitud desde el correo de su empresa: Extensión de prueba");
  });
});
