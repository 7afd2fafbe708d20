import type { Product } from "@mailtriage/contracts";
import { foldText } from "../text/fold";
import { boundedEditDistance } from "./edit-distance";
import { compactKey } from "../text/compact-key";
import { hitLength, PhraseIndex, type PhraseHit } from "../text/phrase-index";
import { tokenizeWords } from "../text/word-tokens";

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
  const tokens = tokenizeWords(raw.slice(0, MAX_VALUE_CHARS));
  const hits = catalogue.index.findLongest(tokens, { maxBreak: 2 });
  let chosen: PhraseHit<string> | undefined = hits[0];
  for (const hit of hits) {
    if (chosen !== undefined && hit.first <= chosen.last && hitLength(tokens, hit) > hitLength(tokens, chosen)) chosen = hit;
  }
  return chosen?.payload ?? closestByTypo(tokens.map((t) => t.text), catalogue);
}

function catalogueOf(products: readonly Product[]): Catalogue {
  const known = catalogues.get(products);
  if (known !== undefined) return known;
  const index = new PhraseIndex<string>();
  const compact: Catalogue["compact"] = [];
  for (const product of products) {
    const short = product.name.replace(/^zoho\s+/i, "");
    const phrases = [...new Set([product.name, short, ...product.aliases])];
    // Policy data, not lexicon: taken literally, so an alias holding "*" or "|" means just that.
    index.addLiteral(phrases, product.name);
    for (const phrase of phrases) compact.push({ name: product.name, key: compactKey(foldText(phrase)) });
  }
  const catalogue = { index, compact };
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
