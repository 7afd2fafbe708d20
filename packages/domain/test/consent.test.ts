import { describe, expect, it } from "vitest";
import { assessConsent, findConsentReasons, readDmarc, type ConsentEvidence } from "../src/consent";

const generic = new Set(["gmail.com"]);
const evidence = (over: Partial<ConsentEvidence>): ConsentEvidence => ({ text: "", forwardedText: "", participants: ["ana@acme-partner.example"], forwardedSenders: [], ...over });

describe("findConsentReasons", () => {
  it.each([
    ["Please change the super admin of the account to maria@c.example", "super_admin_change"],
    ["Necesitamos cambiar el superadministrador de la cuenta", "super_admin_change"],
    ["Precisamos transferir a propriedade da conta", "ownership_transfer"],
    ["Le compte administrateur est bloqué, merci de débloquer le compte administrateur", "admin_unlock"],
    ["Mohon verifikasi ulang domain pelanggan kami", "domain_reverification"],
    ["Bitte das Konto löschen, der Kunde kündigt", "account_deletion"],
    ["Could you merge the accounts of both subsidiaries?", "account_merge"],
    ["The former partner refuses to release the org", "account_dispute"],
  ])("when the request says %j, then consent is required for %s", (text, kind) => {
    expect(findConsentReasons(text)[0]).toMatch(new RegExp(`^consent:${kind} — '`));
  });

  it.each(["Users cannot log in since this morning", "How do I add a custom field?", "Change the owner field of the deal layout"])("when the request says %j, then no consent is required", (text) => {
    expect(findConsentReasons(text)).toEqual([]);
  });
});

describe("assessConsent", () => {
  const text = "Please change the super admin to maria@customer.example";
  it.each([
    ["nobody from the customer", {}, "it@customer.example", false],
    ["the customer on Cc", { participants: ["ana@acme-partner.example", "it@customer.example"] }, "it@customer.example", true],
    ["a colleague of the customer's company on Cc", { participants: ["boss@customer.example"] }, "it@customer.example", true],
    ["a different gmail user for a gmail customer", { participants: ["other@gmail.com"] }, "cust@gmail.com", false],
    ["the gmail customer themself", { participants: ["cust@gmail.com"] }, "cust@gmail.com", true],
    ["the customer's forwarded mail", { forwardedSenders: ["it@customer.example"] }, "it@customer.example", true],
    ["written consent", { text: `${text}\nI authorize this change. — Maria` }, "it@customer.example", true],
    ["written consent in German", { text: `${text}\nIch stimme der Änderung zu.` }, null, true],
  ] as const)("when the evidence is %s, then present is %s", (_what, over, customer, present) => {
    const consent = assessConsent(evidence({ text, ...over }), customer, generic, false, "2026-11-20T20:00:00.000Z");
    expect(consent.required).toBe(true);
    expect(consent.present).toBe(present);
  });

  it("when the message failed DMARC, then even the customer on Cc does not count", () => {
    const consent = assessConsent(evidence({ text, participants: ["it@customer.example"] }), "it@customer.example", generic, true, "2026-11-20T20:00:00.000Z");
    expect(consent).toMatchObject({ required: true, present: false });
  });
});

describe("readDmarc", () => {
  const ours = "mx.mailtriage.example; spf=pass smtp.mailfrom=acme-partner.example; dmarc=fail (p=reject) header.from=acme-partner.example";
  const forged = "evil.example; dmarc=pass header.from=acme-partner.example";
  it.each([
    ["the topmost header only by default", [ours, forged], [], "fail"],
    ["a forged header below ours is ignored", [ours, forged], [], "fail"],
    ["a forged header above is used when nothing is trusted", [forged, ours], [], "pass"],
    ["only trusted authserv-ids count", [forged, ours], ["mx.mailtriage.example"], "fail"],
    ["no trusted header at all", [forged], ["mx.mailtriage.example"], null],
    ["no DMARC in the header", ["mx.mailtriage.example; spf=pass"], [], null],
  ] as const)("when reading %s, then the result is %s", (_what, headers, trusted, expected) => {
    expect(readDmarc(headers, trusted)?.result ?? null).toBe(expected);
  });
});
