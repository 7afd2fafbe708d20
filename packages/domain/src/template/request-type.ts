import type { RequestType } from "@mailtriage/contracts";
import requestTypes from "../lexicon/template-request-types.json" with { type: "json" };
import { foldText } from "../text/fold";
import { boundedEditDistance } from "./edit-distance";
import { compactKey } from "../text/compact-key";
import { hitLength, PhraseIndex } from "../text/phrase-index";
import { tokenizeWords } from "../text/word-tokens";

type Preset = Exclude<RequestType, "other">;

const PRESETS: Readonly<Record<Preset, Readonly<Record<string, readonly string[]>>>> = requestTypes.presets;
const ENTRIES = (Object.keys(PRESETS) as Preset[]).flatMap((preset) =>
  Object.values(PRESETS[preset]).flatMap((list) => list.map((phrase) => [preset, phrase] as const)),
);
const INDEX = ENTRIES.reduce((index, [preset, phrase]) => index.add([phrase], preset), new PhraseIndex<Preset>());
const COMPACT = ENTRIES.map(([preset, phrase]) => ({ preset, key: compactKey(foldText(phrase)) }));
// A request type is a few words; the rest of a long value is explanation.
const MAX_VALUE_CHARS = 200;

/**
 * Normalises a written request type to one of the nine presets of POLICY §4, in any of the six
 * languages ("Asistencia técnica", "Suporte técnico", "Verlängerung des Testzeitraums"), tolerant
 * of case, accents and a typo or two; the longest preset phrase found wins. "other" when none
 * fits (the caller keeps the raw text).
 */
export function normaliseRequestType(raw: string): RequestType {
  const folded = foldText(raw.slice(0, MAX_VALUE_CHARS));
  const tokens = tokenizeWords(folded);
  let best: { preset: Preset; chars: number } | null = null;
  for (const hit of INDEX.findLongest(tokens, { maxBreak: 2 })) {
    const chars = hitLength(tokens, hit);
    if (best === null || chars > best.chars) best = { preset: hit.payload, chars };
  }
  if (best !== null) return best.preset;
  return closestByTypo(compactKey(folded)) ?? "other";
}

function closestByTypo(key: string): Preset | null {
  if (key.length < 8) return null;
  let best: { preset: Preset; distance: number } | null = null;
  for (const entry of COMPACT) {
    const max = entry.key.length >= 16 ? 2 : entry.key.length >= 9 ? 1 : 0;
    const distance = boundedEditDistance(key, entry.key, max);
    if (distance <= max && (best === null || distance < best.distance)) best = { preset: entry.preset, distance };
  }
  return best?.preset ?? null;
}
