import signatures from "../lexicon/reply-signatures.json" with { type: "json" };
import { foldText } from "../text/fold";
import { PhraseIndex } from "../text/phrase-index";
import { tokenizeWords } from "../text/word-tokens";

const SIGN_OFFS = Object.values(signatures.signOffs).reduce((index, list) => index.add(list, true), new PhraseIndex<true>());
const JOINERS = new Set(signatures.joiners);
const MOBILE_FOOTERS = signatures.mobileFooters.map((pattern) => foldText(pattern).split("*").map((part) => part.trim()));
const MAX_SIGN_OFF_CHARS = 60;
const MAX_FOOTER_CHARS = 80;

/**
 * True when a line is a sign-off ("Best regards,", "Un saludo", "Mit freundlichen Grüßen",
 * "Thanks, Ana", "Danke und schönes Wochenende"): a lexicon phrase alone, joined to a second
 * one, or followed by a name of up to three capitalised words. `line` is as written, `folded`
 * is `foldText(line)`. Whether the sign-off really ends the message depends on what follows
 * it (see `findSignatureStart`).
 */
export function isSignOffLine(line: string, folded: string): boolean {
  const text = folded.trim();
  if (text.length === 0 || text.length > MAX_SIGN_OFF_CHARS) return false;
  return isSignOff(line.trim(), text, true);
}

/** `original` and `text` are the same trimmed line as written and folded (same indices). */
function isSignOff(original: string, text: string, mayJoin: boolean): boolean {
  const tokens = tokenizeWords(text);
  const signOff = SIGN_OFFS.longestAt(tokens, 0, { maxBreak: 2 });
  const last = signOff === null ? undefined : tokens[signOff.last];
  if (last === undefined || (tokens[0]?.start ?? 1) > 1) return false;
  // The same offsets hold in the line as written: folding keeps every index (text/fold.ts).
  const rest = original.slice(last.end);
  const skipped = rest.length - rest.replace(/^[\s,!.:;-]+/, "").length;
  const name = rest.slice(skipped).replace(/[\s,!.]+$/, "");
  if (name === "") return true;
  if (mayJoin && isJoinedSignOff(original.slice(last.end + skipped), text.slice(last.end + skipped))) return true;
  if (skipped === 0) return false;
  const words = name.split(/\s+/);
  return words.length <= 3 && words.every((w) => /^\p{Lu}[\p{L}.'-]*$/u.test(w));
}

/** "und schönes Wochenende", "/ thanks": a joiner, then a second sign-off. */
function isJoinedSignOff(original: string, text: string): boolean {
  const joiner = /^(\S+)\s*/.exec(text);
  if (joiner === null || !JOINERS.has(joiner[1] ?? "")) return false;
  const at = joiner[0].length;
  return isSignOff(original.slice(at), text.slice(at), false);
}

/**
 * True when a folded line is a mobile or mail-app footer ("Sent from my iPhone", "Von meinem
 * iPhone gesendet", "Dikirim dari iPhone saya"). Lexicon patterns use `*` for any words; a
 * pattern without `*` matches lines that start with it.
 */
export function isMobileFooter(folded: string): boolean {
  const text = folded.trim().replace(/[.!]+$/, "");
  if (text.length === 0 || text.length > MAX_FOOTER_CHARS) return false;
  return MOBILE_FOOTERS.some((parts) => matchesInOrder(text, parts));
}

function matchesInOrder(text: string, parts: readonly string[]): boolean {
  let at = 0;
  for (const [k, part] of parts.entries()) {
    if (part === "") continue;
    const found = k === 0 ? (text.startsWith(part) ? 0 : -1) : text.indexOf(part, at + 1);
    if (found < 0) return false;
    if (k === parts.length - 1 && parts.length > 1 && !text.endsWith(part)) return false;
    at = found + part.length;
  }
  return true;
}
