import type { Partner } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import { classifySender, isGenericDomain } from "../src/sender";
import { addr } from "./support/make-message";

const generic = new Set(["gmail.com", "yahoo.co.jp", "hotmail.com", "web.de"]);
const acme: Partner = { id: "acme", name: "Acme", domains: ["acme-partner.example"], tier: "premium", region: "EU", accountManager: "pam@vendor.example" };

describe("isGenericDomain", () => {
  it.each([
    ["gmail.com", true],
    ["GMAIL.com".toLowerCase(), true],
    ["mail.yahoo.co.jp", true],
    ["gmailsolutions.example", false],
    ["gmail.com.evil.example", false],
    ["notgmail.com", false],
    ["web.de", true],
    ["deweb.de", false],
  ])("when the domain is %s, then generic is %s", (domain, expected) => {
    expect(isGenericDomain(domain, generic)).toBe(expected);
  });
});

describe("classifySender", () => {
  it.each([
    ["a registered partner", [addr("ana@acme-partner.example")], null, "accepted", "acme"],
    ["a partner subdomain", [addr("ana@eu.acme-partner.example")], null, "accepted", "acme"],
    ["an unknown company", [addr("bo@gmailsolutions.example")], null, "accepted", null],
    ["gmail", [addr("ana@gmail.com")], null, "generic_sender_domain", null],
    ["a yahoo subdomain", [addr("ana@mail.yahoo.co.jp")], null, "generic_sender_domain", null],
    ["a partner address as display name only", [addr("ana@gmail.com", "ana@acme-partner.example")], null, "generic_sender_domain", null],
    ["no From at all", [], null, "no_sender", null],
    ["an oversized From", [], "oversized", "no_sender", null],
    ["an encoded-word address", [], "encoded_word", "encoded_sender", null],
    ["two domains", [addr("a@acme-partner.example"), addr("b@other.example")], null, "multiple_senders", null],
    ["two people of one company", [addr("a@acme-partner.example"), addr("b@acme-partner.example")], null, "accepted", "acme"],
  ] as const)("when the sender is %s, then the verdict is %s", (_what, from, fromProblem, expected, partnerId) => {
    const verdict = classifySender({ from: [...from], fromProblem }, generic, [acme]);
    if (verdict.kind === "accepted") {
      expect("accepted").toBe(expected);
      expect(verdict.partner?.id ?? null).toBe(partnerId);
    } else {
      expect(verdict.reason).toBe(expected);
    }
  });
});
