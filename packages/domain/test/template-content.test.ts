
import { describe, expect, it } from "vitest";
import { extractTemplate } from "../src/template";
import { OPTIONS } from "./support/template-options";


describe("extractTemplate: values, language and completeness", () => {
  it("when English labels carry German prose, then the language is the labels' language", () => {
    const text = [
      "Customer email: it@kunde.example",
      "Request type: Technischer Support",
      "Can you reproduce the issue? Ja, jedes Mal",
      "Product: Zoho CRM",
      "Description: Die Benutzer können sich seit heute Morgen nicht mehr anmelden, und wir haben keine Ahnung warum.",
      "Troubleshooting: Cache geleert, anderer Browser.",
    ].join("\n");
    const result = extractTemplate(text, OPTIONS);
    expect(result.language).toBe("en");
    expect(result.fields.requestType).toBe("technical_support");
    expect(result.fields.reproducible).toBe("yes");
  });

  it("when values run over several lines, then each field keeps all its lines until the next label", () => {
    const text = [
      "Description:",
      "Users cannot log in.",
      "",
      "It started after the SSO change on Monday.",
      "Can you reproduce the issue?",
      "Yes",
      "User ID: 77881",
      "Super admin email: boss@customer.example",
      "Workflow: Lead assignment",
      "Date and time: 3 Nov 2026 10:00 CET",
      "Support access enabled: yes",
      "Troubleshooting steps performed:",
      "1. Reset the password",
      "2. Tried another browser",
    ].join("\n");
    const { fields } = extractTemplate(text, OPTIONS);
    expect(fields.description).toBe("Users cannot log in.\n\nIt started after the SSO change on Monday.");
    expect(fields.descriptionWords).toBe(12);
    expect(fields.troubleshooting).toBe("1. Reset the password\n2. Tried another browser");
    expect(fields.reproducible).toBe("yes");
    expect(fields.reproduction).toEqual({
      userId: "77881",
      superAdminEmail: "boss@customer.example",
      customization: "Lead assignment",
      occurredAt: "3 Nov 2026 10:00 CET",
      supportAccessEnabled: "yes",
    });
  });

  it("when the template ends with a sign-off and a name block, then the last field stops at the sign-off", () => {
    const text = "Product: CRM\nTroubleshooting steps performed: Restarted the sync.\n\nBest regards,\nAna Silva\nACME Partner GmbH\n+49 30 1234567";
    expect(extractTemplate(text, OPTIONS).fields.troubleshooting).toBe("Restarted the sync.");
  });

  it.each([
    [["Customer email address: it@customer.example"], ["requestType", "reproducible", "product", "description", "troubleshooting"]],
    [["Customer email address: to be confirmed", "Product: CRM"], ["customerEmail", "requestType", "reproducible", "description", "troubleshooting"]],
    [["Customer email address:", "Support request type:", "Product: CRM", "Description: Fails."], ["customerEmail", "requestType", "reproducible", "troubleshooting"]],
  ])("when the template holds only %j, then the missing fields are %j", (lines, missing) => {
    expect(extractTemplate(lines.join("\n"), OPTIONS).missingFields).toEqual(missing);
  });

  it("when an email appears outside the customer email field, then it is not the customer's", () => {
    const text = "Hi, our contact is ana@partner.example.\nProduct: CRM\nDescription: The admin boss@customer.example cannot log in.";
    expect(extractTemplate(text, OPTIONS).fields.customerEmail).toBeNull();
  });

  it.each([
    [10, "short"],
    [50, "ok"],
    [400, "ok"],
    [401, "long"],
  ])("when the description has %i words, then its length is %s", (words, length) => {
    const text = `Description: ${Array.from({ length: words }, (_, i) => `word${i}`).join(" ")}\nProduct: CRM`;
    const { fields } = extractTemplate(text, OPTIONS);
    expect(fields.descriptionWords).toBe(words);
    expect(fields.descriptionLength).toBe(length);
  });

  it("when a message has no template at all, then its prose is the description and its language is detected", () => {
    const text = "Hallo zusammen,\n\nseit heute Morgen können sich die Benutzer nicht mehr anmelden. Wir haben den Cache geleert, aber es ist immer noch so.";
    const result = extractTemplate(text, OPTIONS);
    expect(result.labelsFound).toBe(0);
    expect(result.language).toBe("de");
    expect(result.fields.description).toBe(text);
    expect(result.missingFields).toEqual(["customerEmail", "requestType", "reproducible", "product", "troubleshooting"]);
  });

  it("when a template has labels but no description label and only a greeting, then the description is missing", () => {
    const result = extractTemplate("Hi team, details below.\n\nCustomer email: it@customer.example\nProduct: CRM", OPTIONS);
    expect(result.fields.description).toBeNull();
    expect(result.fields.descriptionLength).toBeNull();
    expect(result.missingFields).toContain("description");
  });

  it("when the request type is not a preset, then it is other and the raw text is kept", () => {
    const { fields } = extractTemplate("Request type: Data migration help", OPTIONS);
    expect(fields.requestType).toBe("other");
    expect(fields.requestTypeRaw).toBe("Data migration help");
  });

  it("when the product is not in the catalogue, then the product is null and the raw text is kept", () => {
    const { fields } = extractTemplate("Product: Salesforce", OPTIONS);
    expect(fields.product).toBeNull();
    expect(fields.productRaw).toBe("Salesforce");
  });

  it("when the body is one huge line, then it is read without a label and counted", () => {
    const text = `Description: ${"lorem ipsum ".repeat(16_000)}`;
    const result = extractTemplate(text, OPTIONS);
    expect(result.fields.descriptionWords).toBe(32_000);
    expect(result.fields.descriptionLength).toBe("long");
  });

  it.each([
    ["a product line then 150,000 short lines", `Product: CRM\n${"x\n".repeat(150_000)}`],
    ["a request type line then 150,000 blank lines", `Request type: Upgrades\n${"\n".repeat(150_000)}`],
    ["one line of 100,000 pipes", `Product | ${"|".repeat(100_000)}`],
    ["one line of 50,000 label cells", "Product | CRM | ".repeat(12_500)],
  ])("when the body is %s, then it is read without failing", (_name, text) => {
    const result = extractTemplate(text, OPTIONS);
    expect(result.labelsFound).toBeGreaterThanOrEqual(1);
  });

  it("when thousands of label lines repeat, then the first value of each field wins", () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `Product: ${i === 0 ? "Desk" : "CRM"}\nCustmer email adress: x${i}@customer.example`).join("\n");
    const { fields } = extractTemplate(text, OPTIONS);
    expect(fields.product).toBe("Zoho Desk");
    expect(fields.customerEmail).toBe("x0@customer.example");
  });
});

describe("extractTemplate: tables from HTML mail", () => {
  it("when a row holds two label/value pairs, then both fields are read", () => {
    const text = "Customer email address | it@customer.example | Zoho product name | Zoho Desk\nSupport request type | Upgrades | Can you reproduce the issue? | No";
    const { fields, missingFields } = extractTemplate(text, OPTIONS);
    expect(fields).toMatchObject({ customerEmail: "it@customer.example", product: "Zoho Desk", requestType: "upgrades", reproducible: "no" });
    expect(missingFields).toEqual(["description", "troubleshooting"]);
  });

  it("when the template is a markdown table with a header row, then the fields are read", () => {
    const text = [
      "| Field | Value |",
      "|---|---|",
      "| Customer email address | it@customer.example |",
      "| Support request type | Store related |",
      "| 3 | Zoho product name | CRM |",
    ].join("\n");
    const { fields } = extractTemplate(text, OPTIONS);
    expect(fields).toMatchObject({ customerEmail: "it@customer.example", requestType: "store", product: "Zoho CRM" });
  });

  it("when a label cell is empty and its value is on the next row, then the value is still read", () => {
    const { fields } = extractTemplate("Problem/question description |\nThe sync stops at 5,000 records.\nZoho product name | Desk", OPTIONS);
    expect(fields.description).toBe("The sync stops at 5,000 records.");
    expect(fields.product).toBe("Zoho Desk");
  });

  it("when a description line holds a pipe, then it stays in the description", () => {
    const { fields } = extractTemplate("Description: Filter A | B returns nothing.\nProduct: CRM", OPTIONS);
    expect(fields.description).toBe("Filter A | B returns nothing.");
  });
});

describe("extractTemplate: lines partners add to the template", () => {
  it.each([
    ["Priority: urgent"],
    ["Gravedad: 1"],
    ["Prioridade: alta"],
    ["Priorité : haute"],
    ["Prioritas: tinggi"],
    ["Schweregrad: 1"],
  ])("when %j and a name follow the last field, then they are not part of it", (line) => {
    const text = `Product: CRM\nTroubleshooting steps performed: Cleared the cache.\n${line}\nDerek Holloway\nBluePeak Consulting | Austin, TX`;
    const result = extractTemplate(text, OPTIONS);
    expect(result.fields.troubleshooting).toBe("Cleared the cache.");
    expect(result.labelsFound).toBe(2);
  });

  it("when a Quebec partner writes 'Adresse courriel du client', then the customer email is read", () => {
    const result = extractTemplate("Adresse courriel du client : service@cooperative.example\nProduit Zoho : Zoho Desk", OPTIONS);
    expect(result.fields.customerEmail).toBe("service@cooperative.example");
    expect(result.language).toBe("fr");
  });
});
