import type { FieldName, Language, Product, TemplateFields } from "@mailtriage/contracts";
import { findSignatureStart } from "../reply/signature";
import { countWords } from "./count-words";
import { detectLanguage } from "./detect-language";
import { collectFieldBlocks, type FieldBlock } from "./field-blocks";
import { findFirstEmail } from "./first-email";
import { normaliseProduct } from "./product";
import { parseReproducible } from "./reproducible";
import { normaliseRequestType } from "./request-type";

/** What template extraction needs from the policy file. */
export interface TemplateOptions {
  /** Product catalogue (`policy.products`). */
  products: readonly Product[];
  /** Descriptions with fewer words are "short" (policy `description.shortBelowWords`, default 50). */
  shortBelowWords: number;
  /** Descriptions with more words are "long" (policy `description.longAboveWords`, default 400). */
  longAboveWords: number;
}

/** The template as read from the new text of a message. */
export interface TemplateExtraction {
  /** Attachments and screenshots are the caller's: here always `[]` and `false`. */
  fields: TemplateFields;
  /** Expected fields not found or found empty, in template order (screenshots is optional). */
  missingFields: FieldName[];
  /** Language of the labels (majority); without labels, of the prose; null when unclear. */
  language: Language | null;
  /** How many different template fields had their label in the text. */
  labelsFound: number;
}

const EXPECTED = ["customerEmail", "requestType", "reproducible", "product", "description", "troubleshooting"] as const;
// A request type or product is one line; what follows it before the next label is prose.
const FIRST_LINE_ONLY: ReadonlySet<FieldName> = new Set(["requestType", "product"]);

/**
 * Reads the request template of POLICY §4 from the new text of a message (quoted history and
 * signature already removed: see `extractNewText`). Labels are recognised in six languages and
 * in the forms partners write them (see `parseLabelLine`); values are normalised: request type
 * to a preset, product to the catalogue, reproducible to yes/no/unknown with details, the
 * description counted. The customer email is taken from its own field only. Without a
 * description label, free prose counts as the description when the message has no labels at
 * all, or when it is at least `shortBelowWords` long.
 */
export function extractTemplate(newText: string, options: TemplateOptions): TemplateExtraction {
  const { blocks, preamble } = collectFieldBlocks(newText);
  const values = new Map<FieldName, string[]>();
  const prose = [...preamble];
  for (const block of blocks) {
    const lines = trimBlankLines(block.lines);
    if (lines.length === 0 || values.has(block.field)) continue;
    if (FIRST_LINE_ONLY.has(block.field)) {
      values.set(block.field, lines.slice(0, 1));
      for (const line of lines.slice(1)) prose.push(line);
    } else values.set(block.field, lines);
  }
  const text = (field: FieldName): string | null => {
    const lines = values.get(field);
    return lines === undefined ? null : lines.join("\n").replace(/\n{3,}/g, "\n\n").trim() || null;
  };
  const labelsFound = new Set(blocks.map((b) => b.field)).size;
  const description = text("description") ?? proseDescription(prose, labelsFound, options.shortBelowWords);
  const requestTypeRaw = text("requestType");
  const productRaw = text("product");
  const reproducibleRaw = text("reproducible");
  const answer = reproducibleRaw === null ? null : parseReproducible(reproducibleRaw);
  const descriptionWords = description === null ? 0 : countWords(description);
  const fields: TemplateFields = {
    customerEmail: findFirstEmail(text("customerEmail") ?? ""),
    requestType: requestTypeRaw === null ? null : normaliseRequestType(requestTypeRaw),
    requestTypeRaw,
    reproducible: answer?.value ?? null,
    reproducibleDetails: answer?.details ?? null,
    reproduction: answer?.reproduction ?? null,
    product: productRaw === null ? null : normaliseProduct(productRaw, options.products),
    productRaw,
    description,
    descriptionWords,
    descriptionLength: description === null ? null : lengthClass(descriptionWords, options),
    troubleshooting: text("troubleshooting"),
    screenshots: false,
    attachments: [],
  };
  const missing: Record<(typeof EXPECTED)[number], boolean> = {
    customerEmail: fields.customerEmail === null,
    requestType: requestTypeRaw === null,
    reproducible: answer === null,
    product: productRaw === null,
    description: description === null,
    troubleshooting: fields.troubleshooting === null,
  };
  return {
    fields,
    missingFields: EXPECTED.filter((field) => missing[field]),
    language: labelLanguage(blocks) ?? detectLanguage(newText),
    labelsFound,
  };
}

function lengthClass(words: number, options: TemplateOptions): "short" | "ok" | "long" {
  if (words < options.shortBelowWords) return "short";
  return words > options.longAboveWords ? "long" : "ok";
}

/** Unlabelled prose as the description: all of it without labels, else only when substantial. */
function proseDescription(prose: readonly string[], labelsFound: number, shortBelowWords: number): string | null {
  const signatureAt = findSignatureStart(prose);
  const text = prose.slice(0, signatureAt ?? prose.length).join("\n").replace(/\n{3,}/g, "\n\n").trim();
  if (text === "" || countWords(text) === 0) return null;
  return labelsFound === 0 || countWords(text) >= shortBelowWords ? text : null;
}

/** The language most labels are written in; a label shared by n languages gives each 1/n. */
function labelLanguage(blocks: readonly FieldBlock[]): Language | null {
  const votes = new Map<Language, number>();
  for (const block of blocks) {
    for (const language of block.languages) votes.set(language, (votes.get(language) ?? 0) + 1 / block.languages.length);
  }
  let best: [Language, number] | null = null;
  for (const entry of votes) if (best === null || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}

function trimBlankLines(lines: readonly string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && (lines[from] ?? "").trim() === "") from++;
  while (to > from && (lines[to - 1] ?? "").trim() === "") to--;
  return lines.slice(from, to);
}
