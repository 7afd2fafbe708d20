import type { Product } from "@mailtriage/contracts";
import { foldText } from "../text/fold";
import { boundedEditDistance } from "./edit-distance";
import { PhraseIndex, type PhraseSpan } from "./phrase-index";
import { compactKey, wordTokens } from "./word-tokens";

interface Catalogue {
  index: PhraseIndex<string>;
  compact: { name: string; key: string }[];
}

// Catalogues are policy data, passed in on every call; build each one's index once.
const catalogues = new WeakMap<readonly Product[], Catalogue>();
const MAX_VALUE_CHARS = 200;
const MAX_WINDOW_WORDS = 3;

/**
 * Normalises a written product ("CRM", "zoho crm plus", "Zoho Dsek") to its catalogue name
 * (POLICY §4; the catalogue is `policy.products`: a name and its aliases). Each name also
 * matches without its "Zoho " prefix. The first product mentioned wins, and of overlapping
 * ones the longest ("Zoho CRM Plus" over "Zoho CRM"); with no exact mention, one or two typos
 * are forgiven on names of 5 or 10 letters and more. Null when nothing fits.
 */
export function normaliseProduct(raw: string, products: readonly Product[]): string | null {
  const catalogue = catalogueOf(products);
  const words = wordTokens(foldText(raw.slice(0, MAX_VALUE_CHARS))).map((t) => t.text);
  const spans = catalogue.index.findAll(words);
  let chosen: PhraseSpan<string> | undefined = spans[0];
  for (const span of spans) {
    if (chosen !== undefined && span.start < chosen.start + chosen.words && span.chars > chosen.chars) chosen = span;
  }
  return chosen?.key ?? closestByTypo(words, catalogue);
}

function catalogueOf(products: readonly Product[]): Catalogue {
  const known = catalogues.get(products);
  if (known !== undefined) return known;
  const entries: [string, string][] = [];
  for (const product of products) {
    const short = product.name.replace(/^zoho\s+/i, "");
    for (const phrase of new Set([product.name, short, ...product.aliases])) entries.push([product.name, phrase]);
  }
  const compact = entries.map(([name, phrase]) => ({ name, key: compactKey(foldText(phrase)) }));
  const catalogue = { index: new PhraseIndex(entries), compact };
  catalogues.set(products, catalogue);
  return catalogue;
}

function closestByTypo(words: readonly string[], catalogue: Catalogue): string | null {
  let best: { name: string; distance: number; length: number } | null = null;
  for (let start = 0; start < Math.min(words.length, 12); start++) {
    for (let size = 1; size <= MAX_WINDOW_WORDS && start + size <= words.length; size++) {
      const key = words.slice(start, start + size).join("");
      for (const entry of catalogue.compact) {
        const max = entry.key.length >= 10 ? 2 : entry.key.length >= 5 ? 1 : 0;
        if (max === 0) continue;
        const distance = boundedEditDistance(key, entry.key, max);
        if (distance > max) continue;
        if (best === null || distance < best.distance || (distance === best.distance && entry.key.length > best.length)) {
          best = { name: entry.name, distance, length: entry.key.length };
        }
      }
    }
  }
  return best?.name ?? null;
}
