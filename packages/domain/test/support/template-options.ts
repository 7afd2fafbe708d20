import type { Product } from "@mailtriage/contracts";
import type { TemplateOptions } from "../../src/template";

/** A small product catalogue for template tests ("Zoho CRM Plus" beside "Zoho CRM" on purpose). */
export const PRODUCTS: Product[] = [
  { name: "Zoho CRM", aliases: ["crm", "zohocrm"] },
  { name: "Zoho CRM Plus", aliases: ["crm plus"] },
  { name: "Zoho Desk", aliases: ["desk"] },
  { name: "Zoho Books", aliases: ["books"] },
];

/** Template options with POLICY §4's description limits. */
export const OPTIONS: TemplateOptions = { products: PRODUCTS, shortBelowWords: 50, longAboveWords: 400 };
