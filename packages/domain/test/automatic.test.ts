import { describe, expect, it } from "vitest";
import { detectAutomatic } from "../src/automatic";
import type { InboundMessage } from "../src/message";
import { addr, makeMessage } from "./support/make-message";

const cases: [string, Partial<InboundMessage>, string | null][] = [
  ["Auto-Submitted: auto-generated", { headers: { "auto-submitted": ["auto-generated"] } }, "auto_submitted"],
  ["Auto-Submitted: auto-replied with an OOO subject", { headers: { "auto-submitted": ["auto-replied"] }, subject: "Automatic reply: Ticket" }, "auto_submitted"],
  ["Auto-Submitted: no", { headers: { "auto-submitted": ["no"] } }, null],
  ["Precedence: bulk", { headers: { precedence: ["bulk"] } }, "precedence_bulk"],
  ["Precedence: list", { headers: { precedence: ["list"] } }, "precedence_bulk"],
  ["Precedence: junk", { headers: { precedence: ["junk"] } }, "precedence_bulk"],
  ["a delivery-status report", { contentType: "multipart/report" }, "bounce"],
  ["MAILER-DAEMON", { from: [addr("mailer-daemon@mx.example")] }, "mailer_daemon"],
  ["postmaster", { from: [addr("postmaster@acme-partner.example")] }, "mailer_daemon"],
  ["X-Autoreply: yes", { headers: { "x-autoreply": ["yes"] } }, "out_of_office"],
  ["an English OOO subject", { subject: "Automatic reply: Login problem" }, "out_of_office"],
  ["a Spanish OOO subject", { subject: "Respuesta automática: Problema" }, "out_of_office"],
  ["a German OOO subject", { subject: "Abwesenheitsnotiz: Ihre Anfrage" }, "out_of_office"],
  ["a French OOO subject", { subject: "Réponse automatique : demande" }, "out_of_office"],
  ["a Portuguese OOO subject", { subject: "Resposta automática: Fora do escritório" }, "out_of_office"],
  ["an Indonesian OOO subject", { subject: "Balasan otomatis: Di luar kantor" }, "out_of_office"],
  ["a short OOO body", { subject: "Re: Ticket", text: "Ich bin derzeit nicht im Büro und ab Montag wieder erreichbar." }, "out_of_office"],
  ["a partner asking about absence management", { subject: "Absence management in Zoho People", text: "Absence requests are not approved." }, null],
  ["a long request mentioning someone out of office", { subject: "CRM down", text: `The admin is out of the office. ${"The CRM is down for everyone. ".repeat(80)}` }, null],
  ["an ordinary request", { subject: "Users cannot log in", text: "Customer email address: it@c.example" }, null],
];

describe("detectAutomatic", () => {
  it.each(cases)("when the message has %s, then it is %s", (_what, overrides, expected) => {
    expect(detectAutomatic(makeMessage(overrides))?.reason ?? null).toBe(expected);
  });
});
