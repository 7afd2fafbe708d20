import type { RequestType, Reproducible } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import { assignSeverity, type SeverityInput } from "../src/severity";

function input(newText: string, requestType: RequestType | null = "technical_support", reproducible: Reproducible | null = "no", subject = "Support request"): SeverityInput {
  return { subject, newText, requestType, reproducible };
}

describe("assignSeverity (POLICY §5)", () => {
  it.each([
    ["Los usuarios no pueden iniciar sesión desde ayer", 1, true, "signal:login — 'no pueden iniciar sesión'"],
    ["Os usuários não conseguem fazer login", 1, true, "signal:login — 'não conseguem fazer login'"],
    ["Impossible de se connecter depuis ce matin", 1, true, "signal:login — 'Impossible de se connecter'"],
    ["Pengguna tidak bisa login", 1, true, "signal:login — 'tidak bisa login'"],
    ["Die Benutzer können sich nicht anmelden", 1, true, "signal:login — 'können sich nicht anmelden'"],
    ["Our CRM is down since 9am", 1, true, "signal:outage — 'CRM is down'"],
    ["O CRM está fora do ar", 1, true, "signal:outage — 'CRM está fora do ar'"],
    ["Ausfall des Servers seit 9 Uhr", 1, true, "signal:outage — 'Ausfall'"],
    ["We noticed data loss after the import", 1, false, "signal:data_integrity — 'data loss'"],
    ["Afecta a todos los usuarios de la empresa", 1, false, "signal:all_users — 'todos los usuarios'"],
    ["Le CRM est d'une lenteur incroyable", 1, false, "signal:slowness — 'lenteur'"],
    ["The invoice report shows wrong totals", 2, false, "signal:incorrect_results — 'shows wrong totals'"],
    ["Der Bericht liefert falsche Werte", 2, false, "signal:incorrect_results — 'falsche Werte'"],
  ] as const)("when the text says %j, then the severity is %s (critical %s)", (text, severity, critical, reason) => {
    const decision = assignSeverity(input(text));
    expect(decision).toMatchObject({ severity, critical, basic: false, slaExempt: false });
    expect(decision.reasons[0]).toBe(reason);
  });

  it("when the signal is only in the subject, then it still counts", () => {
    const decision = assignSeverity(input("Please see below.", "technical_support", "no", "URGENT: users cannot log in"));
    expect(decision).toMatchObject({ severity: 1, critical: true, reasons: ["signal:login — 'cannot log in'"] });
  });

  it("when a login signal and a slowness signal are both present, then it is critical severity 1 quoting both", () => {
    const decision = assignSeverity(input("Everything is very slow and now users cannot sign in."));
    expect(decision).toMatchObject({ severity: 1, critical: true });
    expect(decision.reasons).toEqual(["signal:slowness — 'is very slow'", "signal:login — 'cannot sign in'"]);
  });

  it.each([
    ["technical_support", "yes", 2, "rule:technical_reproducible"],
    ["technical_support", "no", 3, "rule:technical_not_reproducible"],
    ["technical_support", "unknown", 3, "rule:technical_not_reproducible"],
    ["other", "yes", 2, "rule:technical_reproducible"],
    [null, "yes", 2, "rule:technical_reproducible"],
    [null, null, 3, "rule:technical_not_reproducible"],
    ["payment_renewal", "yes", 3, "rule:non_technical_request — payment_renewal"],
    ["sales_discussion", null, 3, "rule:non_technical_request — sales_discussion"],
  ] as const)("when a %s request (reproducible: %s) has no signal, then the severity is %s", (requestType, reproducible, severity, reason) => {
    const decision = assignSeverity(input("The export button does nothing when clicked.", requestType, reproducible));
    expect(decision).toMatchObject({ severity, reasons: [reason], basic: false, slaExempt: false, critical: false });
  });

  it("when a non-technical request carries a severity 1 signal, then the signal wins", () => {
    const decision = assignSeverity(input("After the renewal nobody can log in.", "payment_renewal", "no"));
    expect(decision).toMatchObject({ severity: 1, critical: true, reasons: ["signal:login — 'nobody can log in'"] });
  });

  it.each([
    ["How do I add a custom field to the Deals layout?", "rule:howto — 'How do I'"],
    ["¿Cómo puedo exportar los contactos?", "rule:howto — 'Cómo puedo'"],
    ["Wie kann ich einen Bericht planen?", "rule:howto — 'Wie kann ich'"],
    ["We need help writing a Deluge function that updates deals.", "rule:customization — 'help writing a Deluge function'"],
    ["Necesitamos configurar un flujo de trabajo para asignar tratos.", "rule:customization — 'configurar un flujo de trabajo'"],
  ])("when the partner asks %j and can reproduce, then it is a basic severity 3", (text, reason) => {
    const decision = assignSeverity(input(text, "technical_support", "yes"));
    expect(decision).toMatchObject({ severity: 3, basic: true, slaExempt: false, critical: false, reasons: [reason] });
  });

  it("when a how-to question also reports wrong results, then the severity 2 signal wins and it is not basic", () => {
    const decision = assignSeverity(input("How do I fix this? The report shows wrong totals.", "technical_support", "yes"));
    expect(decision).toMatchObject({ severity: 2, basic: false, reasons: ["signal:incorrect_results — 'shows wrong totals'"] });
  });

  it("when a non-technical request is a how-to question, then it is basic severity 3 with both reasons", () => {
    const decision = assignSeverity(input("How do I renew the subscription?", "payment_renewal", null));
    expect(decision).toMatchObject({ severity: 3, basic: true, reasons: ["rule:non_technical_request — payment_renewal", "rule:howto — 'How do I'"] });
  });

  it.each([
    ["Feature request: bulk edit for tags", "rule:feature_request — 'Feature request'"],
    ["Permintaan fitur: ekspor massal", "rule:feature_request — 'Permintaan fitur'"],
    ["Is this a product limitation? Custom fonts are not supported.", "rule:limitation — 'limitation'"],
    ["Ist das eine Einschränkung von Zoho Books?", "rule:limitation — 'Einschränkung'"],
  ])("when the partner writes %j, then it is SLA-exempt severity 3", (text, reason) => {
    const decision = assignSeverity(input(text, "technical_support", "yes"));
    expect(decision).toMatchObject({ severity: 3, slaExempt: true, basic: false, critical: false, reasons: [reason] });
  });

  it("when an outage mail also mentions something unsupported, then the outage keeps its deadlines", () => {
    const decision = assignSeverity(input("The portal is down for everyone; the error says the browser is not supported."));
    expect(decision).toMatchObject({ severity: 1, critical: true, slaExempt: false });
  });

  it.each([
    ["Severity: 1\nHow do I change the date format?", 1, "stated:1 — 'Severity: 1'"],
    ["Prioridad: alta\n¿Cómo puedo cambiar el formato?", 2, "stated:2 — 'Prioridad: alta'"],
    ["Priority: urgent. How do I change the date format?", 1, "stated:1 — 'Priority: urgent'"],
  ] as const)("when the partner states a severity (%j), then it is recorded, not obeyed", (text, stated, reason) => {
    const decision = assignSeverity(input(text, "technical_support", "yes"));
    expect(decision).toMatchObject({ severity: 3, basic: true, statedSeverity: stated });
    expect(decision.reasons.at(-1)).toBe(reason);
  });

  it("when the severity is stated in the subject, then the subject's statement is recorded", () => {
    const decision = assignSeverity(input("Gravedad 3 en el texto", "technical_support", "no", "[Sev1] Problema con informes"));
    expect(decision.statedSeverity).toBe(1);
  });

  it.each([
    ["We would like to download the shutdown script from the drop-down menu."],
    ["There is no outage and the server is not down, just a question about reports."],
    ["Not all users are affected and there was no data loss."],
  ])("when %j is written, then no severity 1 signal fires", (text) => {
    expect(assignSeverity(input(text, "technical_support", "yes"))).toMatchObject({ severity: 2, reasons: ["rule:technical_reproducible"] });
  });

  it("when hostile mail repeats a signal 30,000 times, then the reasons stay short", () => {
    const decision = assignSeverity(input("outage data loss wrong totals ".repeat(30_000)));
    expect(decision.severity).toBe(1);
    expect(decision.reasons.length).toBeLessThanOrEqual(5);
  });
});
