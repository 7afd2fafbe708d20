import type { FieldName, Language } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import { extractTemplate } from "../src/template";
import { OPTIONS } from "./support/template-options";


type Field = Exclude<FieldName, "screenshots">;
interface Sample {
  labels: Record<Field, string>;
  values: Record<Field, string>;
  expected: { requestType: string; reproducible: string; product: string };
}

// The labels of the POLICY §4 table, verbatim, with values as partners write them.
const SAMPLES: Record<Language, Sample> = {
  en: {
    labels: {
      customerEmail: "Customer email address",
      requestType: "Support request type",
      reproducible: "Can you reproduce the issue?",
      product: "Zoho product name",
      description: "Problem/question description",
      troubleshooting: "Troubleshooting steps performed",
    },
    values: {
      customerEmail: "IT@Customer.example",
      requestType: "Technical support",
      reproducible: "Yes, every time a sales rep saves a deal",
      product: "Zoho CRM",
      description: "Since Monday the sales reps cannot save deals; the page shows error 500.",
      troubleshooting: "Cleared the cache and tried another browser.",
    },
    expected: { requestType: "technical_support", reproducible: "yes", product: "Zoho CRM" },
  },
  es: {
    labels: {
      customerEmail: "Dirección de correo electrónico del cliente",
      requestType: "Tipo de solicitud de asistencia",
      reproducible: "¿Puedes replicar el problema?",
      product: "Nombre del producto de Zoho",
      description: "Descripción del problema o la pregunta",
      troubleshooting: "Pasos de solución de problemas realizados",
    },
    values: {
      customerEmail: "soporte@cliente.example",
      requestType: "Renovación de pagos",
      reproducible: "No, solo ocurrió una vez",
      product: "Zoho Desk",
      description: "El cliente no puede renovar la suscripción desde el portal de pagos.",
      troubleshooting: "Probamos con otra tarjeta.",
    },
    expected: { requestType: "payment_renewal", reproducible: "no", product: "Zoho Desk" },
  },
  pt: {
    labels: {
      customerEmail: "Endereço de e-mail do cliente",
      requestType: "Tipo de solicitação de suporte",
      reproducible: "Você consegue reproduzir o problema?",
      product: "Nome do produto Zoho",
      description: "Descrição do problema/pergunta",
      troubleshooting: "Passos de solução de problemas executados",
    },
    values: {
      customerEmail: "ti@cliente.example",
      requestType: "Extensão de avaliação",
      reproducible: "Sim, sempre",
      product: "Zoho Books",
      description: "O cliente precisa de mais 15 dias de avaliação para concluir a migração.",
      troubleshooting: "Nenhum.",
    },
    expected: { requestType: "trial_extension", reproducible: "yes", product: "Zoho Books" },
  },
  fr: {
    labels: {
      customerEmail: "Adresse e-mail du client",
      requestType: "Type de demande de support",
      reproducible: "Est-il possible de reproduire le problème ?",
      product: "Nom du produit Zoho",
      description: "Description du problème/de la question",
      troubleshooting: "Étapes de dépannage effectuées",
    },
    values: {
      customerEmail: "admin@client.example",
      requestType: "Modifications de facture",
      reproducible: "Non",
      product: "zoho crm plus",
      description: "Le client souhaite modifier l'adresse de facturation sur la dernière facture.",
      troubleshooting: "Vérifié les paramètres du compte.",
    },
    expected: { requestType: "invoice_changes", reproducible: "no", product: "Zoho CRM Plus" },
  },
  id: {
    labels: {
      customerEmail: "Alamat email pelanggan",
      requestType: "Jenis permintaan Dukungan",
      reproducible: "Bisa merekonstruksi masalah?",
      product: "Nama produk Zoho",
      description: "Deskripsi masalah/pertanyaan",
      troubleshooting: "Langkah pemecahan masalah yang dilakukan",
    },
    values: {
      customerEmail: "it@pelanggan.example",
      requestType: "Dukungan Teknis",
      reproducible: "Tidak yakin",
      product: "CRM",
      description: "Pengguna tidak bisa login ke akun sejak pagi ini.",
      troubleshooting: "Sudah reset kata sandi.",
    },
    expected: { requestType: "technical_support", reproducible: "unknown", product: "Zoho CRM" },
  },
  de: {
    labels: {
      customerEmail: "E-Mail-Adresse des Kunden",
      requestType: "Art der Supportanfrage",
      reproducible: "Kann das Problem reproduziert werden?",
      product: "Name des Zoho Produkts",
      description: "Beschreibung des Problems/der Frage",
      troubleshooting: "Durchgeführte Schritte zur Fehlerbehebung",
    },
    values: {
      customerEmail: "it@kunde.example",
      requestType: "Verlängerung des Testzeitraums",
      reproducible: "Ja, bei jedem Versuch",
      product: "Zoho Desk",
      description: "Der Kunde braucht zwei weitere Wochen, um die Migration abzuschließen.",
      troubleshooting: "Keine.",
    },
    expected: { requestType: "trial_extension", reproducible: "yes", product: "Zoho Desk" },
  },
};

const FIELDS: Field[] = ["customerEmail", "requestType", "reproducible", "product", "description", "troubleshooting"];
const FORMS: Record<string, (label: string, value: string) => string> = {
  "Label: value": (label, value) => (label.endsWith("?") ? `${label} ${value}` : `${label}: ${value}`),
  "label on its own line": (label, value) => `${label}\n${value}\n`,
  "table row (Label | value)": (label, value) => `${label} | ${value}`,
  "Label - value": (label, value) => `${label} - ${value}`,
  "bold label (**Label:** value)": (label, value) => `**${label}${label.endsWith("?") ? "" : ":"}** ${value}`,
  "numbered (1. Label: value)": (label, value) => `${label}: ${value}`,
};

function render(language: Language, form: string): string {
  const sample = SAMPLES[language];
  const write = FORMS[form];
  if (write === undefined) throw new Error(form);
  const lines = FIELDS.map((f, i) => {
    const line = write(sample.labels[f], sample.values[f]);
    return form.startsWith("numbered") ? `${i + 1}. ${line}` : line;
  });
  return `Hello team,\n\n${lines.join("\n")}\n`;
}

describe("extractTemplate: the full template in every language and form", () => {
  const rows = (Object.keys(SAMPLES) as Language[]).flatMap((language) => Object.keys(FORMS).map((form) => [language, form] as const));

  it.each(rows)("when a %s template is written as %s, then every field is read", (language, form) => {
    const sample = SAMPLES[language];
    const result = extractTemplate(render(language, form), OPTIONS);

    expect(result.missingFields).toEqual([]);
    expect(result.labelsFound).toBe(6);
    expect(result.language).toBe(language);
    expect(result.fields).toMatchObject({
      customerEmail: sample.values.customerEmail.toLowerCase(),
      requestType: sample.expected.requestType,
      requestTypeRaw: sample.values.requestType,
      reproducible: sample.expected.reproducible,
      product: sample.expected.product,
      productRaw: sample.values.product,
      description: sample.values.description,
      troubleshooting: sample.values.troubleshooting,
      screenshots: false,
      attachments: [],
    });
  });
});

describe("extractTemplate: forgiving label matching", () => {
  it.each([
    ["Custmer email adress: it@customer.example", "customerEmail"],
    ["Customer's email: it@customer.example", "customerEmail"],
    ["Client email - it@customer.example", "customerEmail"],
    ["CUSTOMER E-MAIL ADDRESS:: it@customer.example", "customerEmail"],
    ["Dirección de correo electrónico personalizada: it@customer.example", "customerEmail"],
    ["Email klien: it@customer.example", "customerEmail"],
    ["Kunden-E-Mail: it@customer.example", "customerEmail"],
    ["E-Mail-Adresse des Kundens: it@customer.example", "customerEmail"],
    ["Request type: Technical support", "requestType"],
    ["Type of request: Technical support", "requestType"],
    ["Suport request tipe: Technical support", "requestType"],
    ["Tipo de solicitud: Technical support", "requestType"],
    ["Type de demande : Technical support", "requestType"],
    ["Anfrageart: Technical support", "requestType"],
    ["Reproducible: yes", "reproducible"],
    ["Puedes replicar el problema? si", "reproducible"],
    ["Ist das Problem reproduzierbar? ja", "reproducible"],
    ["Product: CRM", "product"],
    ["Product name: CRM", "product"],
    ["Zoho prodcut name: CRM", "product"],
    ["Producto: CRM", "product"],
    ["Produkt: CRM", "product"],
    ["Description: the export fails", "description"],
    ["Issue description: the export fails", "description"],
    ["Descripción del problema o la pregunat: the export fails", "description"],
    ["Problembeschreibung: the export fails", "description"],
    ["Steps taken: restarted", "troubleshooting"],
    ["Troubleshooting: restarted", "troubleshooting"],
    ["Troubleshooting steps perfomed: restarted", "troubleshooting"],
    ["Étapes de dépannage : restarted", "troubleshooting"],
    ["Fehlerbehebung: restarted", "troubleshooting"],
    ["*Product*: CRM", "product"],
    ["__Product__: CRM", "product"],
    ["**Product**: **CRM**", "product"],
    ["### Product: CRM", "product"],
    ["- Product: CRM", "product"],
    ["• Product: CRM", "product"],
    ["1) Product: CRM", "product"],
    ["a. Product: CRM", "product"],
    ["(3) Product: CRM", "product"],
    ["| Product | CRM |", "product"],
    ["\tProduct\u00a0:\u00a0CRM", "product"],
  ])("when a line reads %j, then it fills %s", (line, field) => {
    const result = extractTemplate(line, OPTIONS);
    expect(result.labelsFound).toBe(1);
    expect(result.missingFields).not.toContain(field);
  });

  it.each([
    ["Note: the customer is in a hurry"],
    ["See https://crm.zoho.com/crm/org123/tab/Deals for the deal"],
    ["At 10:00 the export failed"],
    ["Production users are affected: all of them"],
    ["Produce a report: done"],
    ["Desk: fine"],
  ])("when a prose line reads %j, then no label is found", (line) => {
    expect(extractTemplate(line, OPTIONS).labelsFound).toBe(0);
  });
});
