import markers from "../lexicon/reply-markers.json" with { type: "json" };
import { foldText } from "../text/fold";

/** A header field of a quoted or forwarded message, as Outlook, Gmail and Apple Mail write them. */
export type HeaderField = "from" | "sent" | "to" | "cc" | "subject" | "replyTo";

/** The header block above a quoted or forwarded message ("From: … Sent: … To: … Subject: …"). */
export interface HeaderBlock {
  /** First header line. */
  start: number;
  /** Line after the last header line. */
  end: number;
  fields: ReadonlySet<HeaderField>;
  /** The Subject value, folded; null when there is none. */
  subject: string | null;
}

const FIELD_BY_LABEL = new Map<string, HeaderField>();
for (const [field, labels] of Object.entries(markers.headerFields) as [HeaderField, string[]][]) {
  for (const label of labels) FIELD_BY_LABEL.set(foldText(label), field);
}
const FORWARD_PREFIXES = new Set(markers.forwardSubjectPrefixes);
// Header labels are short; a colon further in is text, not a header.
const MAX_LABEL_CHARS = 24;
const MAX_BLOCK_LINES = 12;
const MAX_HEADER_LINE_CHARS = 2000;

/** Reads a folded line as `Label: value` of a mail header ("*From:* Ana", "De : Ana", "Betreff: …"). */
export function readHeaderLine(folded: string): { field: HeaderField; value: string } | null {
  // "> From: …" when the forwarded message is itself quoted. A header line is short; reading
  // only its start keeps a huge line from costing more than a short one.
  const text = folded.slice(0, MAX_HEADER_LINE_CHARS).replace(/^[\s>]+/, "");
  const colon = text.indexOf(":");
  if (colon <= 0 || colon > MAX_LABEL_CHARS) return null;
  const label = text.slice(0, colon).replace(/[*_]/g, "").trim();
  const field = FIELD_BY_LABEL.get(label);
  if (field === undefined) return null;
  return { field, value: text.slice(colon + 1).replace(/^[\s*_]+/, "") };
}

/**
 * Reads the header block starting at line `start` (blank lines before it are skipped), or null.
 * With `requireFrom`, the block must open with a From line and name at least two of
 * Sent/Date, To, Cc and Subject, on their own lines or inline after From (Outlook pasted as one
 * line), so that a partner writing "From: the customer" is not taken for quoted history.
 */
export function readHeaderBlock(folded: readonly string[], start: number, requireFrom: boolean): HeaderBlock | null {
  let at = start;
  while (at < folded.length && at < start + 3 && (folded[at] ?? "").trim() === "") at++;
  const first = readHeaderLine(folded[at] ?? "");
  if (first === null || (requireFrom && first.field !== "from")) return null;
  const fields = new Set<HeaderField>([first.field]);
  let subject = first.field === "subject" ? first.value : null;
  let end = at + 1;
  while (end < folded.length && end < at + MAX_BLOCK_LINES) {
    const header = readHeaderLine(folded[end] ?? "");
    if (header === null) break;
    fields.add(header.field);
    if (header.field === "subject") subject = header.value;
    end++;
  }
  if (requireFrom) {
    for (const field of inlineFields(folded[at] ?? "")) fields.add(field);
    const others = [...fields].filter((f) => f === "sent" || f === "to" || f === "cc" || f === "subject");
    if (others.length < 2) return null;
  }
  return { start: at, end, fields, subject };
}

/** True when a Subject such as "FW: …", "RV: …", "WG: …" or "TR : …" marks a forward. */
export function isForwardSubject(subject: string | null): boolean {
  const m = /^\s*([a-z]{2,11})\s*:/.exec(subject ?? "");
  return m !== null && FORWARD_PREFIXES.has(m[1] ?? "");
}

/** Header labels written inline after From on one line ("From: Ana Sent: Monday To: Bo Subject: x"). */
function inlineFields(folded: string): HeaderField[] {
  const found: HeaderField[] = [];
  const line = folded.slice(0, MAX_HEADER_LINE_CHARS);
  for (const [label, field] of FIELD_BY_LABEL) {
    if (field === "from" || label.length < 2) continue;
    if (line.includes(` ${label}:`) || line.includes(` ${label} :`)) found.push(field);
  }
  return found;
}
