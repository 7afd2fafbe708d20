
import { describe, expect, it } from "vitest";
import { extractTemplate } from "../src/template";
import { OPTIONS } from "./support/template-options";


describe("extractTemplate: hints left in the template", () => {
  it.each([
    [
      "en",
      [
        "Customer email address",
        "Email address with reference to the raised request.",
        "it@customer.example",
        "Support request type",
        "Preset Values ( Technical Support, Payments Renewal, Trial Extension, Store Related, Upgrades, Invoice changes, Commission Payment, Product Management Related, Sales Discussions)",
        "Sales Discussions",
        "Can you reproduce the issue? Yes or No (Elaborate)",
        "No",
        "Zoho product name",
        "Ex - Zoho CRM, Zoho Desk, etc.",
        "Zoho Books",
        "Problem/question description",
        "(50 words)",
        "The customer wants a quote for 40 more licences.",
        "Troubleshooting steps performed",
        "If any",
        "None",
        "Screenshots/screencast, if relevant",
        "Can be attached with the email when sent.",
      ],
      { requestType: "sales_discussion", reproducible: "no", product: "Zoho Books", description: "The customer wants a quote for 40 more licences." },
    ],
    [
      "es",
      [
        "Dirección de correo electrónico personalizada",
        "Dirección de correo electrónico con referencia a la solicitud planteada",
        "it@customer.example",
        "Tipo de solicitud de asistencia",
        "Valores predeterminados (asistencia técnica, renovación de pagos, extensión de pruebas, temas relacionados con la tienda, actualizaciones, cambios en las facturas, pago de comisiones, temas relacionados con la gestión de productos, análisis de ventas)",
        "Análisis de ventas",
        "¿Puedes replicar el problema? Sí o no (explícalo)",
        "Sí, siempre.",
        "Si la respuesta es afirmativa, incluye detalles adicionales (ID de usuario, correo electrónico del superadministrador, nombre de la personalización [por ejemplo, flujo de trabajo, nombre de función, etc.], fecha y hora en relación con el problema planteado, habilitación previa del acceso a la asistencia si el producto lo requiere).",
        "Nombre del producto de Zoho",
        "Por ejemplo: Zoho CRM, Zoho Desk, etc.",
        "Zoho Desk",
        "Descripción del problema o la pregunta",
        "(150-200 palabras)",
        "El cliente quiere hablar de precios.",
        "Pasos de solución de problemas realizados",
        "Si los hubiera",
        "Ninguno",
        "Capturas o proyecciones de pantalla, si corresponden",
        "Se pueden adjuntar al correo electrónico cuando se envíe.",
      ],
      { requestType: "sales_discussion", reproducible: "yes", product: "Zoho Desk", description: "El cliente quiere hablar de precios." },
    ],
    [
      "pt",
      [
        "Endereço de e-mail do cliente",
        "Endereço de e-mail com referência à solicitação levantada.",
        "it@customer.example",
        "Tipo de solicitação de suporte: Gestão de produto",
        "Você consegue reproduzir o problema? Sim ou não (Explique): Não",
        "Nome do produto Zoho: Zoho CRM",
        "Descrição do problema/pergunta: (150-200 palavras) Precisamos mudar o proprietário do produto.",
        "Passos de solução de problemas executados: nenhum",
        "Capturas de tela/projeção de tela, se relevante",
      ],
      { requestType: "product_management", reproducible: "no", product: "Zoho CRM", description: "Precisamos mudar o proprietário do produto." },
    ],
    [
      "fr",
      [
        "Adresse e-mail du client",
        "Adresse e-mail faisant référence à la demande émise.",
        "it@customer.example",
        "Type de demande de support",
        "Valeurs prédéfinies (support technique, renouvellement de paiements, extension de la version d'évaluation, lié au magasin, mises à niveau, modifications de facture, paiement de commission, gestion de produit, discussions sur les ventes)",
        "Paiement de commission",
        "Est-il possible de reproduire le problème ? Oui ou Non (préciser)",
        "Non",
        "Nom du produit Zoho",
        "Exemple : Zoho CRM, Zoho Desk, etc.",
        "Zoho Books",
        "Description du problème/de la question",
        "(150 à 200 mots)",
        "La commission du trimestre n'a pas été versée.",
        "Étapes de dépannage effectuées",
        "Le cas échéant",
        "Aucune",
      ],
      { requestType: "commission_payment", reproducible: "no", product: "Zoho Books", description: "La commission du trimestre n'a pas été versée." },
    ],
    [
      "id",
      [
        "Alamat email pelanggan",
        "Alamat email dengan referensi ke permintaan yang dibuat.",
        "it@customer.example",
        "Jenis permintaan Dukungan",
        "Nilai Preset (Dukungan Teknis, Perpanjangan Pembayaran, Perpanjangan Uji Coba, Terkait Toko, Upgrade, Perubahan Invoice, Pembayaran Komisi, Terkait Manajemen Produk, Diskusi Penjualan)",
        "Terkait Toko",
        "Bisa merekonstruksi masalah? Ya atau Tidak (Jelaskan)",
        "Tidak",
        "Nama produk Zoho",
        "Mis - Zoho CRM, Zoho Desk, dll.",
        "Zoho Desk",
        "Deskripsi masalah/pertanyaan",
        "(150 - 200 Kata)",
        "Profil toko mitra tidak bisa diperbarui.",
        "Langkah pemecahan masalah yang dilakukan",
        "Jika ada",
        "Tidak ada",
      ],
      { requestType: "store", reproducible: "no", product: "Zoho Desk", description: "Profil toko mitra tidak bisa diperbarui." },
    ],
    [
      "de",
      [
        "E-Mail-Adresse des Kunden",
        "E-Mail-Adresse mit Verweis auf die gestellte Anfrage.",
        "it@customer.example",
        "Art der Supportanfrage",
        "Voreingestellte Werte (Technischer Support, Zahlungsverlängerung, Verlängerung des Testzeitraums, Shop, Upgrades, Rechnungsänderungen, Provisionszahlungen, Produktmanagement, Verkaufsgespräche)",
        "Upgrades",
        "Kann das Problem reproduziert werden? Ja oder Nein (bitte ausführen)",
        "Nein",
        "Name des Zoho Produkts",
        "Zum Beispiel Zoho CRM, Zoho Desk usw.",
        "Zoho CRM",
        "Beschreibung des Problems/der Frage",
        "(150 – 200 Wörter)",
        "Der Kunde möchte auf die Enterprise-Edition wechseln.",
        "Durchgeführte Schritte zur Fehlerbehebung",
        "Falls zutreffend",
        "Keine",
      ],
      { requestType: "upgrades", reproducible: "no", product: "Zoho CRM", description: "Der Kunde möchte auf die Enterprise-Edition wechseln." },
    ],
  ] as const)("when a %s partner leaves the template's hints in, then the hints are not values", (language, lines, expected) => {
    const result = extractTemplate(lines.join("\n"), OPTIONS);
    expect(result.language).toBe(language);
    expect(result.missingFields).toEqual([]);
    expect(result.fields).toMatchObject({ customerEmail: "it@customer.example", ...expected });
  });

  it.each([
    ["Zoho product name\nEx - Zoho CRM, Zoho Desk, etc.\n\nProblem/question description\nLogin fails.", "product", "productRaw"],
    ["Support request type\nPreset Values ( Technical Support, Payments Renewal )\nZoho product name: CRM", "requestType", "requestTypeRaw"],
    ["Can you reproduce the issue? Yes or No (Elaborate)\nZoho product name: CRM", "reproducible", "reproducibleDetails"],
  ] as const)("when a field holds only its hint (%j), then it is missing", (text, field, raw) => {
    const result = extractTemplate(text, OPTIONS);
    expect(result.missingFields).toContain(field);
    expect(result.fields[raw]).toBeNull();
  });
});
