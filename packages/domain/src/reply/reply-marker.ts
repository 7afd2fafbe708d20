import markers from "../lexicon/reply-markers.json" with { type: "json" };
import { foldText } from "../text/fold";
import { compactKey } from "../text/compact-key";
import { isForwardSubject, readHeaderBlock, type HeaderBlock } from "./header-block";

/** Where quoted history or a forwarded message starts in a body. */
export interface ReplyMarker {
  /** First line of the history (the attribution, separator or header line). */
  line: number;
  kind: "reply" | "forward";
  /** The header block of the quoted or forwarded message, when there is one. */
  header: HeaderBlock | null;
  /** For a run of "> " lines: the line after the run. */
  quoteEnd: number | null;
}

const SEPARATORS = new Map<string, "reply" | "forward">();
for (const kind of ["reply", "forward"] as const) {
  for (const list of Object.values(markers.separators[kind])) for (const s of list) SEPARATORS.set(compactKey(foldText(s)), kind);
}
const STARTS = markers.attribution.starts;
const VERBS = markers.attribution.verbs.map((verb) => ({ ...verb, text: foldText(verb.text) }));
// Attributions are one sentence; longer lines are never markers, which also bounds the work.
const MAX_MARKER_CHARS = 400;
const MAX_NAME_AFTER_VERB = 80;

/**
 * The first reply or forward marker at or after line `from` (POLICY §4: only the new part of a
 * reply counts): an attribution ("On … wrote:", "El … escribió:", "Am … schrieb Ana:", also
 * wrapped over up to three lines), an Outlook separator ("-----Original Message-----" and its
 * translations), a forward separator ("---------- Forwarded message ---------", "Begin forwarded
 * message:"), an Outlook/Gmail header block (after a line of underscores or on its own), or a
 * run of "> " lines. `folded` holds `foldText` of every line. Null when the body has none.
 */
export function findReplyMarker(folded: readonly string[], from = 0): ReplyMarker | null {
  for (let i = from; i < folded.length; i++) {
    const text = (folded[i] ?? "").trim();
    if (text === "") continue;
    if (text.startsWith(">")) {
      const quoteEnd = quoteRunEnd(folded, i);
      if (quoteEnd !== null) return { line: i, kind: "reply", header: null, quoteEnd };
      continue;
    }
    if (text.length > MAX_MARKER_CHARS) continue;
    const separator = separatorKind(text);
    if (separator !== null) {
      const header = readHeaderBlock(folded, i + 1, false);
      return { line: i, kind: separator === "forward" || isForwardSubject(header?.subject ?? null) ? "forward" : "reply", header, quoteEnd: null };
    }
    const header = /^[_-]{5,}$/.test(text) ? readHeaderBlock(folded, i + 1, true) : readHeaderBlock(folded, i, true);
    if (header !== null) return { line: i, kind: isForwardSubject(header.subject) ? "forward" : "reply", header, quoteEnd: null };
    if (isAttributionAt(folded, i)) return { line: i, kind: "reply", header: null, quoteEnd: null };
  }
  return null;
}

/** "-----Original Message-----", "-------- Message transféré --------", "Begin forwarded message:". */
function separatorKind(text: string): "reply" | "forward" | null {
  const dashed = /^[-_=*\s]{2,}/.test(text) || text.endsWith(":");
  if (!dashed) return null;
  return SEPARATORS.get(compactKey(text)) ?? null;
}

/**
 * The line after a run of quoted lines starting at `start`, when the run is history: two quoted
 * lines or more, or one that nothing but blank lines follows. A single "> " line inside the
 * text (quoting one sentence of the customer) is not.
 */
function quoteRunEnd(folded: readonly string[], start: number): number | null {
  let quoted = 0;
  let end = start;
  for (; end < folded.length; end++) {
    const text = (folded[end] ?? "").trim();
    if (text.startsWith(">")) quoted++;
    else if (text !== "") break;
  }
  return quoted >= 2 || end >= folded.length ? end : null;
}

function isAttributionAt(folded: readonly string[], i: number): boolean {
  let joined = "";
  for (let span = 0; span < 3 && i + span < folded.length; span++) {
    const text = (folded[i + span] ?? "").trim();
    // A wrapped attribution continues a line that opened it; a line that is a whole attribution
    // by itself ("On … wrote:") starts its own, and the line above it is the sender's text.
    if (span > 0 && (text === "" || /[.!?]$/.test(joined) || (startsWithStartWord(text) && isAttribution(text)))) return false;
    joined = span === 0 ? text : `${joined} ${text}`;
    if (joined.length > MAX_MARKER_CHARS) return false;
    if (isAttribution(joined)) return true;
    if (span === 0 && !startsWithStartWord(joined) && !joined.includes("@")) return false;
  }
  return false;
}

function startsWithStartWord(text: string): boolean {
  return STARTS.some((s) => text.startsWith(`${s} `));
}

/**
 * One folded, trimmed attribution: opens with a start word ("on", "el", "em", "le", "pada",
 * "am") and holds a digit (the date), or holds an address; and ends with a verb and a colon
 * ("wrote:", "a écrit :"; German puts the name after the verb: "schrieb Ana:").
 */
function isAttribution(text: string): boolean {
  if (!text.endsWith(":")) return false;
  const body = text.slice(0, -1).trimEnd();
  const hasAddress = body.includes("@");
  if (!hasAddress && !(startsWithStartWord(body) && /\d/.test(body))) return false;
  return VERBS.some((verb) => {
    if (body.endsWith(` ${verb.text}`)) return true;
    if (!verb.nameAfter) return false;
    const at = body.lastIndexOf(` ${verb.text} `);
    return at >= 0 && body.length - at - verb.text.length - 2 <= MAX_NAME_AFTER_VERB;
  });
}
