import type { ReproductionDetails } from "@mailtriage/contracts";
import reproducible from "../lexicon/template-reproducible.json" with { type: "json" };
import { foldText } from "../text/fold";
import { findFirstEmail } from "./first-email";
import { PhraseIndex } from "../text/phrase-index";
import { tokenizeWords, type WordToken } from "../text/word-tokens";

type Detail = keyof typeof reproducible.details;

const LABELS = (Object.keys(reproducible.details) as Detail[]).reduce((index, key) => index.add(reproducible.details[key], key), new PhraseIndex<Detail>());
const ACCESS = (["yes", "no"] as const).reduce((index, value) => index.add(reproducible.supportAccess[value], value), new PhraseIndex<"yes" | "no">());
// Labels and answers are read whatever punctuation sits between their words.
const ANYWHERE = { maxBreak: 2 } as const;
const MAX_SEGMENT_CHARS = 1000;
const VALUE_SEPARATORS = ":=|-";

/**
 * Pulls the details the seeds ask for when an issue is reproducible (POLICY §4) out of the
 * explanation: "User ID: 123, Super admin: ana@x.example, Workflow: Lead assignment, Date: 3 Nov
 * 10:00, support access enabled". A detail is its label followed by ":", "-", "=" or "|"
 * (support access also without one, a user ID also when a number follows); its value runs to
 * the next detail, the end of the line or a ";".
 * Missing details are null, and support access "unknown".
 */
export function extractReproductionDetails(text: string): ReproductionDetails {
  const found = new Map<Detail, string[]>();
  for (const segment of text.split(/[\n;]/)) readSegment(segment.slice(0, MAX_SEGMENT_CHARS), found);
  const first = (key: Detail): string | null => found.get(key)?.[0] ?? null;
  const superAdmin = first("superAdminEmail");
  return {
    userId: first("userId"),
    superAdminEmail: (superAdmin === null ? null : findFirstEmail(superAdmin)) ?? adminEmailInProse(text),
    customization: first("customization"),
    occurredAt: found.get("occurredAt")?.join(" ") ?? null,
    supportAccessEnabled: classifyAccess(first("supportAccess")),
  };
}

interface LabelledValue {
  key: Detail;
  /** Where the label starts: the value before it ends here. */
  from: number;
  valueStart: number;
  /** Set when the value is one word (a bare user ID). */
  valueEnd: number | null;
}

function readSegment(segment: string, found: Map<Detail, string[]>): void {
  const folded = foldText(segment);
  const tokens = tokenizeWords(segment);
  const labelled: LabelledValue[] = [];
  let coveredUntil = 0;
  for (const hit of LABELS.findLongest(tokens, ANYWHERE)) {
    const first = tokens[hit.first] as WordToken;
    const last = tokens[hit.last] as WordToken;
    const next = tokens[hit.last + 1];
    const key = hit.payload;
    if (first.start < coveredUntil) continue;
    coveredUntil = last.end;
    const after = folded.slice(last.end).trimStart();
    if (after !== "" && VALUE_SEPARATORS.includes(after[0] ?? "")) {
      labelled.push({ key, from: first.start, valueStart: folded.length - after.length + 1, valueEnd: null });
    } else if (key === "supportAccess") {
      // Judged on its whole phrase: "support access enabled".
      labelled.push({ key, from: first.start, valueStart: first.start, valueEnd: null });
    } else if (key === "userId" && next !== undefined && /\d/.test(next.text)) {
      // "User ID 7730021000000123456": an ID needs no separator when a number follows.
      labelled.push({ key, from: first.start, valueStart: next.start, valueEnd: next.end });
    }
  }
  for (const [k, item] of labelled.entries()) {
    const end = item.valueEnd ?? labelled[k + 1]?.from ?? segment.length;
    const value = segment.slice(item.valueStart, end).trim().replace(/[\s,.;]+$/, "");
    if (value !== "") found.set(item.key, [...(found.get(item.key) ?? []), value]);
  }
}

function classifyAccess(value: string | null): "yes" | "no" | "unknown" {
  if (value === null) return "unknown";
  return ACCESS.findLongest(tokenizeWords(value), ANYWHERE)[0]?.payload ?? "unknown";
}

/** Without a labelled super-admin email: an address on a line that talks about the admin. */
function adminEmailInProse(text: string): string | null {
  for (const line of text.split("\n")) {
    if (foldText(line.slice(0, MAX_SEGMENT_CHARS)).includes("admin")) {
      const email = findFirstEmail(line);
      if (email !== null) return email;
    }
  }
  return null;
}
