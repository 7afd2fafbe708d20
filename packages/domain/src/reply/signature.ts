import { foldText } from "../text/fold";
import { parseLabelLine } from "../template/label-line";
import { isMobileFooter, isSignOffLine } from "./sign-off";

// A sign-off ends the message only before a short name block (name, title, company, phone);
// a "Thanks," followed by more than this is in the middle of the message.
const MAX_NAME_BLOCK_LINES = 8;
const MAX_NAME_BLOCK_LINE_CHARS = 100;
// Lines a "-- " delimiter (RFC 3676 §4.3) or an app footer may have below it and still be the
// signature; a "--" line higher up is a separator in the text.
const MAX_LINES_AFTER_DELIMITER = 30;
const MAX_LINES_AFTER_FOOTER = 3;

/**
 * Index of the line where the signature starts, or null: the "-- " delimiter (RFC 3676 §4.3),
 * a mobile footer ("Sent from my iPhone") near the end, or a sign-off ("Best regards",
 * "Un saludo" …) followed by at most 8 short lines none of which is a template label — so a
 * "Thanks," above a filled-in template never cuts it (POLICY §4). Only the last lines of a
 * text can start a signature, so only those are looked at closely.
 */
export function findSignatureStart(lines: readonly string[]): number | null {
  const nonBlankAfter = countNonBlankAfter(lines);
  for (let i = 0; i < lines.length; i++) {
    const after = nonBlankAfter[i] ?? 0;
    const line = lines[i] ?? "";
    if (after > MAX_LINES_AFTER_DELIMITER || line.length > MAX_NAME_BLOCK_LINE_CHARS) continue;
    const folded = foldText(line);
    const text = folded.trim();
    if (text === "") continue;
    if (text === "--") return i;
    if (after <= MAX_LINES_AFTER_FOOTER && isMobileFooter(text)) return i;
    if (after <= MAX_NAME_BLOCK_LINES && isSignOffLine(line, folded) && isNameBlock(lines, i + 1)) return i;
  }
  return null;
}

/** For every line, how many non-blank lines follow it. */
function countNonBlankAfter(lines: readonly string[]): number[] {
  const counts = new Array<number>(lines.length).fill(0);
  let seen = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    counts[i] = seen;
    if ((lines[i] ?? "").trim() !== "") seen++;
  }
  return counts;
}

function isNameBlock(lines: readonly string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    if (line.length > MAX_NAME_BLOCK_LINE_CHARS) return false;
    if (parseLabelLine(line) !== null) return false;
  }
  return true;
}
