import type { Product } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import defaultPolicy from "../../../policy/default-policy.json" with { type: "json" };
import { countWords, normaliseProduct, normaliseRequestType, parseReproducible } from "../src/template";

const CATALOGUE: readonly Product[] = defaultPolicy.products;

describe("normaliseRequestType", () => {
  it.each([
    ["Technical Support", "technical_support"],
    ["Tech support", "technical_support"],
    ["Tecnical suport", "technical_support"],
    ["Soporte técnico", "technical_support"],
    ["Asistencia técnica", "technical_support"],
    ["Suporte técnico", "technical_support"],
    ["Assistance technique", "technical_support"],
    ["Support technique", "technical_support"],
    ["Dukungan teknis", "technical_support"],
    ["Technischer Support", "technical_support"],
    ["Payments Renewal", "payment_renewal"],
    ["Renovación de pagos", "payment_renewal"],
    ["Renovação de pagamento", "payment_renewal"],
    ["Renouvellement de paiements", "payment_renewal"],
    ["Perpanjangan Pembayaran", "payment_renewal"],
    ["Zahlungsverlängerung", "payment_renewal"],
    ["Trial Extension", "trial_extension"],
    ["Extensión de pruebas", "trial_extension"],
    ["Extensão de avaliação", "trial_extension"],
    ["Extension de la version d'évaluation", "trial_extension"],
    ["Perpanjangan Uji Coba", "trial_extension"],
    ["Verlängerung des Testzeitraums", "trial_extension"],
    ["Store Related", "store"],
    ["Temas relacionados con la tienda", "store"],
    ["Relacionado à loja", "store"],
    ["Lié au magasin", "store"],
    ["Terkait Toko", "store"],
    ["Shop", "store"],
    ["Upgrades", "upgrades"],
    ["Actualizaciones", "upgrades"],
    ["Mises à niveau", "upgrades"],
    ["Upgrade", "upgrades"],
    ["Invoice changes", "invoice_changes"],
    ["Cambios en las facturas", "invoice_changes"],
    ["Alterações de fatura", "invoice_changes"],
    ["Modifications de facture", "invoice_changes"],
    ["Perubahan Invoice", "invoice_changes"],
    ["Rechnungsänderungen", "invoice_changes"],
    ["Commission Payment", "commission_payment"],
    ["Pago de comisiones", "commission_payment"],
    ["Pagamento de comissão", "commission_payment"],
    ["Paiement de commission", "commission_payment"],
    ["Pembayaran Komisi", "commission_payment"],
    ["Provisionszahlungen", "commission_payment"],
    ["Product Management Related", "product_management"],
    ["Temas relacionados con la gestión de productos", "product_management"],
    ["Gestão de produto", "product_management"],
    ["Gestion de produit", "product_management"],
    ["Terkait Manajemen Produk", "product_management"],
    ["Produktmanagement", "product_management"],
    ["Sales Discussions", "sales_discussion"],
    ["Análisis de ventas", "sales_discussion"],
    ["Discussão de vendas", "sales_discussion"],
    ["Discussions sur les ventes", "sales_discussion"],
    ["Diskusi Penjualan", "sales_discussion"],
    ["Verkaufsgespräche", "sales_discussion"],
    ["TECHNICAL SUPPORT - login problem", "technical_support"],
    ["Data migration", "other"],
    ["Question", "other"],
    ["", "other"],
  ])("when the request type reads %j, then it is %s", (raw, preset) => {
    expect(normaliseRequestType(raw)).toBe(preset);
  });
});

describe("normaliseProduct", () => {
  it.each([
    ["Zoho CRM", "Zoho CRM"],
    ["CRM", "Zoho CRM"],
    ["zoho crm", "Zoho CRM"],
    ["ZohoCRM", "Zoho CRM"],
    ["Zoho-CRM Enterprise", "Zoho CRM"],
    ["zoho crm plus", "Zoho CRM Plus"],
    ["CRM Plus", "Zoho CRM Plus"],
    ["Zoho CRMPlus", "Zoho CRM Plus"],
    ["Zoho CMR", "Zoho CRM"],
    ["Zoho Dsek", "Zoho Desk"],
    ["Zoho Analitycs", "Zoho Analytics"],
    ["desk", "Zoho Desk"],
    ["Zoho Books (India edition)", "Zoho Books"],
    ["CRM and Desk", "Zoho CRM"],
    ["Bigin by Zoho CRM", "Zoho Bigin"],
    ["Zoho One", "Zoho One"],
    ["Zoho Workplace Standard", "Zoho Workplace"],
    ["Zoho", null],
    ["Salesforce", null],
    ["N/A", null],
    ["", null],
  ])("when the product reads %j, then it is %j", (raw, name) => {
    expect(normaliseProduct(raw, CATALOGUE)).toBe(name);
  });

  it("when the catalogue changes, then the new catalogue is used", () => {
    const catalogue: Product[] = [{ name: "Acme Widgets", aliases: ["widgets"] }];
    expect(normaliseProduct("widgets", catalogue)).toBe("Acme Widgets");
    expect(normaliseProduct("Zoho CRM", catalogue)).toBeNull();
  });
});

describe("parseReproducible", () => {
  it.each([
    ["Yes", "yes", null],
    ["yes, every time", "yes", "every time"],
    ["Sí, siempre", "yes", "siempre"],
    ["Si", "yes", null],
    ["Sim. Acontece sempre.", "yes", "Acontece sempre."],
    ["Oui", "yes", null],
    ["Ya, selalu terjadi", "yes", "selalu terjadi"],
    ["Ja - bei jedem Login", "yes", "bei jedem Login"],
    ["No", "no", null],
    ["No, only once", "no", "only once"],
    ["Não", "no", null],
    ["Nao", "no", null],
    ["Non, une seule fois", "no", "une seule fois"],
    ["Tidak", "no", null],
    ["Nein.", "no", null],
    ["N/A", "unknown", null],
    ["not sure", "unknown", null],
    ["No aplica", "unknown", null],
    ["tidak yakin", "unknown", null],
    ["Não se aplica", "unknown", null],
    ["Nicht sicher, manchmal", "unknown", "manchmal"],
    ["Only on the customer's laptop", "unknown", "Only on the customer's laptop"],
    ["", "unknown", null],
  ])("when the answer reads %j, then it is %s with details %j", (raw, value, details) => {
    const answer = parseReproducible(raw);
    expect(answer.value).toBe(value);
    expect(answer.details).toBe(details);
  });

  it.each([
    [
      "Yes. User ID: 12345, Super admin email: Boss@Customer.example, Customization name: Lead assignment rule, Date & time: 3 Nov 2026 10:00 CET, Support access: enabled",
      { userId: "12345", superAdminEmail: "boss@customer.example", customization: "Lead assignment rule", occurredAt: "3 Nov 2026 10:00 CET", supportAccessEnabled: "yes" },
    ],
    [
      "Sí\nID de usuario: 998\nCorreo electrónico del superadministrador: admin@cliente.example\nFlujo de trabajo: Asignar prospectos\nFecha y hora: 03/11/2026 10:00\nAcceso a la asistencia: no habilitado",
      { userId: "998", superAdminEmail: "admin@cliente.example", customization: "Asignar prospectos", occurredAt: "03/11/2026 10:00", supportAccessEnabled: "no" },
    ],
    [
      "Sim; ID do usuário: 55; Personalização: função enviarFatura; Data: 3/11/2026; Hora: 10h",
      { userId: "55", superAdminEmail: null, customization: "função enviarFatura", occurredAt: "3/11/2026 10h", supportAccessEnabled: "unknown" },
    ],
    [
      "Oui. ID utilisateur : 42. Accès au support : activé",
      { userId: "42", superAdminEmail: null, customization: null, occurredAt: null, supportAccessEnabled: "yes" },
    ],
    [
      "Ya. ID pengguna: 7, email super admin: root@pelanggan.example, akses dukungan sudah diaktifkan",
      { userId: "7", superAdminEmail: "root@pelanggan.example", customization: null, occurredAt: null, supportAccessEnabled: "yes" },
    ],
    [
      "Ja. Benutzer-ID: 31337\nName der Anpassung: Funktion rechnungSenden\nDatum/Uhrzeit: 03.11.2026 10:00\nSupportzugang: nicht aktiviert",
      { userId: "31337", superAdminEmail: null, customization: "Funktion rechnungSenden", occurredAt: "03.11.2026 10:00", supportAccessEnabled: "no" },
    ],
    [
      "Yes, the admin (owner@customer.example) sees it too",
      { userId: null, superAdminEmail: "owner@customer.example", customization: null, occurredAt: null, supportAccessEnabled: "unknown" },
    ],
  ])("when a yes carries details (%j), then they are extracted", (raw, reproduction) => {
    const answer = parseReproducible(raw);
    expect(answer.value).toBe("yes");
    expect(answer.reproduction).toEqual(reproduction);
  });

  it("when the answer is no, then no reproduction details are extracted", () => {
    expect(parseReproducible("No. User ID: 12345").reproduction).toBeNull();
  });
});

describe("countWords", () => {
  it.each([
    ["", 0],
    ["   ", 0],
    ["one", 1],
    ["Users cannot log in", 4],
    ["e-mail v2.1 - | …", 2],
    ["línea\nnueva\tpalabra", 3],
    ["100 % of users", 3],
  ])("when the text is %j, then it has %i words", (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});

describe("parseReproducible: details written as prose", () => {
  it.each([
    ["Yes. User ID 7730021000000123456, super admin sysadmin@initech.example, run on 20-Nov-2026.", "7730021000000123456", "sysadmin@initech.example"],
    ["Sí. ID de usuario 50012000000331877, superadministrador it@farmacias.example. Desde el 17/11/2026.", "50012000000331877", "it@farmacias.example"],
    ["Ya. ID pengguna 60019000000872213, email super admin owner@bengkel.example.", "60019000000872213", "owner@bengkel.example"],
  ])("when a yes names the user ID without a colon (%j), then the ID and the admin are found", (raw, userId, admin) => {
    const { reproduction } = parseReproducible(raw);
    expect(reproduction?.userId).toBe(userId);
    expect(reproduction?.superAdminEmail).toBe(admin);
  });

  it("when 'user ID' is followed by words, then no ID is invented", () => {
    expect(parseReproducible("Yes, for the user ID field of the form").reproduction?.userId).toBeNull();
  });
});
