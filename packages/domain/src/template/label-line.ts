import { foldText } from "../text/fold";
import { matchLabel, type LabelMatch } from "./label-match";

/** A line read as a template label, with the value written on the same line ("" when none). */
export interface LabelLine extends LabelMatch {
  value: string;
}

// Only this much of a line can be a label; the value after it may be as long as the line.
const MAX_LABEL_CHARS = 120;
// Bullets, quote and table markers, markdown bold/headings, and numbering: "1." "1)" "(1)" "a)".
const DECORATION = /^(?:[\s*•·‣◦▪#>|_~-]+|\(?(?:\d{1,2}|[a-z])[.)](?=\s)|\(\d{1,2}\))/u;
const VALUE_EDGE = " \t:|?¿*_=>-";

/**
 * Reads one line as a template label (POLICY §4) in any of its forms: `Label: value`,
 * `Label | value` (a table row after HTML conversion), `Label - value`, `Question? value`, or
 * the label alone (value on the following lines). Numbering, bullets and bold markers around
 * the label are ignored. Only the start of the line is read as a label; the value, as written,
 * may be as long as the line.
 */
export function parseLabelLine(line: string): LabelLine | null {
  // Folding keeps every index (text/fold.ts), so positions in `head` are positions in `line`.
  const head = foldText(line.slice(0, MAX_LABEL_CHARS + 40));
  const start = skipDecoration(head);
  const separator = findSeparator(head, start);
  if (separator !== null) {
    const match = matchLabel(head.slice(start, separator.at));
    if (match !== null) return { ...match, value: cleanValue(line.slice(separator.at + separator.length)) };
  }
  if (line.length - start <= MAX_LABEL_CHARS) {
    const match = matchLabel(head.slice(start));
    if (match !== null) return { ...match, value: "" };
  }
  return null;
}

function skipDecoration(head: string): number {
  let at = 0;
  for (let round = 0; round < 12; round++) {
    const m = DECORATION.exec(head.slice(at));
    if (m === null || m[0].length === 0) break;
    at += m[0].length;
  }
  return at;
}

/** The earliest of ":" (not in "https://" or "10:00"), "|", "?" and " - " after `from`. */
function findSeparator(head: string, from: number): { at: number; length: number } | null {
  const limit = Math.min(head.length, from + MAX_LABEL_CHARS);
  for (let i = from + 1; i < limit; i++) {
    const ch = head[i];
    if (ch === "|" || ch === "?") return { at: i, length: 1 };
    if (ch === ":" && head[i + 1] !== "/" && !(isDigit(head[i - 1]) && isDigit(head[i + 1]))) return { at: i, length: 1 };
    if (ch === "-" && head[i - 1] === " " && head[i + 1] === " ") return { at: i, length: 1 };
  }
  return null;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/** Strips separators, table pipes and bold markers around a value, without a regex on it. */
function cleanValue(raw: string): string {
  let from = 0;
  let to = raw.length;
  while (from < to && VALUE_EDGE.includes(raw[from] ?? "")) from++;
  while (to > from && " \t|*_".includes(raw[to - 1] ?? "")) to--;
  return raw.slice(from, to);
}
