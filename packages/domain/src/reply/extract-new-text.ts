import { foldText } from "../text/fold";
import { findReplyMarker, type ReplyMarker } from "./reply-marker";
import { findSignatureStart } from "./signature";

/** A body split into what the sender wrote now and what came with it (POLICY §4). */
export interface ReplyParts {
  /** What the sender wrote in this message, without signature; "" when nothing. */
  newText: string;
  /** Quoted history of a reply, from its marker line ("On … wrote:", "From: …", "> …") on. */
  quoted: string;
  /** The sign-off and name block, "-- " signature or mobile footer cut from the new text. */
  signature: string;
  /**
   * The body of a forwarded message (header block removed) when the first marker is a forward;
   * it may hold its own history and signature (call `extractNewText` on it again). "" otherwise.
   */
  forwarded: string;
  /** The header block of that forwarded message ("From: … Date: … Subject: …"), "" when none. */
  forwardedHeader: string;
}

/**
 * Splits a plain-text body (LF or CRLF; up to the policy's `maxTextChars`) into what the
 * sender wrote now vs quoted history, a forwarded message and the signature. The body is cut
 * at the first reply or forward marker in any of the six languages (see `findReplyMarker`).
 * When the body opens with quoted lines and the sender wrote below them (bottom-posting), the
 * text below counts as new. When the whole message is a forward, `newText` is whatever precedes
 * it (often "") and the caller decides what the forward means.
 */
export function extractNewText(text: string): ReplyParts {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const folded = foldText(lines.join("\n")).split("\n");
  let marker = findReplyMarker(folded);
  let headStart = 0;
  let quotedLines: string[] = [];
  if (marker !== null && marker.quoteEnd !== null && isBlank(folded, 0, marker.line)) {
    // Bottom-posting: history first, the answer below it.
    const next = findReplyMarker(folded, marker.quoteEnd);
    if (!isBlank(folded, marker.quoteEnd, next?.line ?? lines.length)) {
      quotedLines = lines.slice(marker.line, marker.quoteEnd);
      headStart = marker.quoteEnd;
      marker = next;
    }
  }
  const headEnd = marker?.line ?? lines.length;
  const head = lines.slice(headStart, headEnd);
  const signatureAt = findSignatureStart(head) ?? head.length;
  const forward = marker?.kind === "forward" ? forwardParts(lines, marker) : null;
  if (marker !== null && forward === null) quotedLines = [...quotedLines, ...lines.slice(marker.line)];
  return {
    newText: joinLines(head.slice(0, signatureAt)),
    quoted: joinLines(quotedLines),
    signature: joinLines(head.slice(signatureAt)),
    forwarded: forward?.body ?? "",
    forwardedHeader: forward?.header ?? "",
  };
}

function forwardParts(lines: readonly string[], marker: ReplyMarker): { body: string; header: string } {
  const header = marker.header;
  const body = lines.slice(header?.end ?? marker.line + 1);
  return { body: joinLines(unquoted(body)), header: header === null ? "" : joinLines(lines.slice(header.start, header.end)) };
}

/** A forward quoted as a whole ("> " on every line) loses one level of quoting. */
function unquoted(lines: readonly string[]): readonly string[] {
  if (!lines.every((line) => line.trim() === "" || line.trimStart().startsWith(">"))) return lines;
  return lines.map((line) => line.replace(/^\s*> ?/, ""));
}

function isBlank(folded: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((folded[i] ?? "").trim() !== "") return false;
  return true;
}

/** Lines joined with LF, without blank lines or trailing spaces at either end. */
function joinLines(lines: readonly string[]): string {
  return lines.join("\n").replace(/^\s*\n/, "").trimEnd();
}
