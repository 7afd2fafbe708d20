import type { Product } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import { extractNewText } from "../src/reply";
import { extractTemplate, type TemplateOptions } from "../src/template";

const PRODUCTS: Product[] = [
  { name: "Zoho CRM", aliases: ["crm"] },
  { name: "Zoho Desk", aliases: ["desk"] },
];
const OPTIONS: TemplateOptions = { products: PRODUCTS, shortBelowWords: 50, longAboveWords: 400 };

const OLD_TEMPLATE = [
  "Customer email address: old@customer.example",
  "Support request type: Trial extension",
  "Can you reproduce the issue? No",
  "Zoho product name: Zoho Desk",
  "Problem/question description: The trial ends tomorrow.",
  "Troubleshooting steps performed: None",
];

function readNew(body: string): ReturnType<typeof extractTemplate> {
  return extractTemplate(extractNewText(body).newText, OPTIONS);
}

describe("extractNewText + extractTemplate: only the new text counts", () => {
  it.each([
    ["a Gmail reply", "On Tue, 3 Nov 2026 at 10:00, Ana <ana@partner.example> wrote:", (l: string) => `> ${l}`],
    ["a Gmail reply in Spanish", "El mar, 3 nov 2026 a las 10:00, Ana (<ana@partner.example>) escribió:", (l: string) => `> ${l}`],
    ["an Outlook reply", "________________________________\nFrom: Ana <ana@partner.example>\nSent: Tuesday, November 3, 2026 10:00\nTo: Support\nSubject: RE: trial", (l: string) => l],
    ["an Outlook reply in German", "-----Ursprüngliche Nachricht-----\nVon: Ana <ana@partner.example>\nGesendet: Dienstag\nAn: Support\nBetreff: AW: Test", (l: string) => l],
  ])("when %s quotes an earlier template, then only the new answer's fields are read", (_style, marker, quote) => {
    const body = [
      "Product: CRM",
      "Description: The users of the new customer cannot log in.",
      "",
      "Best regards,",
      "Ana",
      "",
      marker,
      ...OLD_TEMPLATE.map(quote),
    ].join("\n");
    const result = readNew(body);
    expect(result.fields.product).toBe("Zoho CRM");
    expect(result.fields.description).toBe("The users of the new customer cannot log in.");
    expect(result.fields.customerEmail).toBeNull();
    expect(result.fields.requestType).toBeNull();
    expect(result.missingFields).toEqual(["customerEmail", "requestType", "reproducible", "troubleshooting"]);
  });

  it("when a reply has no template of its own, then the quoted template gives no fields", () => {
    const body = ["Any news on this?", "", "On Tue, 3 Nov 2026 at 10:00, Ana <ana@partner.example> wrote:", ...OLD_TEMPLATE.map((l) => `> ${l}`)].join("\n");
    const result = readNew(body);
    expect(result.labelsFound).toBe(0);
    expect(result.fields.customerEmail).toBeNull();
    expect(result.fields.description).toBe("Any news on this?");
  });

  it("when a partner forwards a filled-in template with nothing above it, then the forward can be read on its own", () => {
    const body = ["---------- Forwarded message ---------", "From: Bo <bo@partner.example>", "Date: Tue, 3 Nov 2026", "Subject: Trial", "To: Ana", "", ...OLD_TEMPLATE].join("\n");
    const parts = extractNewText(body);
    expect(parts.newText).toBe("");
    const forwarded = extractTemplate(parts.forwarded, OPTIONS);
    expect(forwarded.labelsFound).toBe(6);
    expect(forwarded.fields.customerEmail).toBe("old@customer.example");
    expect(forwarded.fields.requestType).toBe("trial_extension");
  });

  it("when a template ends with a sign-off and a signature, then neither is part of the last field", () => {
    const body = [
      "Kundenmail: it@kunde.example",
      "Art der Supportanfrage: Technischer Support",
      "Kann das Problem reproduziert werden? Ja",
      "Produkt: CRM",
      "Beschreibung: Der Export bricht ab.",
      "Durchgeführte Schritte zur Fehlerbehebung: Cache geleert.",
      "",
      "Viele Grüße",
      "Anna Müller",
      "",
      "-- ",
      "ACME GmbH · Hauptstraße 1 · 10115 Berlin",
      "Tel. +49 30 1234567",
    ].join("\n");
    const parts = extractNewText(body);
    expect(parts.signature.startsWith("Viele Grüße")).toBe(true);
    const result = extractTemplate(parts.newText, OPTIONS);
    expect(result.fields.troubleshooting).toBe("Cache geleert.");
    expect(result.missingFields).toEqual([]);
    expect(result.language).toBe("de");
  });

  it("when 'Thanks,' opens a template pasted below it, then every field is still read", () => {
    const body = [
      "Hi team,",
      "Thanks,",
      "Customer email address: it@customer.example",
      "Support request type: Technical support",
      "Can you reproduce the issue? Yes",
      "Zoho product name: Zoho Desk",
      "Problem/question description: Tickets are not assigned.",
      "Troubleshooting steps performed: Checked the assignment rules.",
    ].join("\n");
    const result = readNew(body);
    expect(result.missingFields).toEqual([]);
    expect(result.fields.product).toBe("Zoho Desk");
  });
});
