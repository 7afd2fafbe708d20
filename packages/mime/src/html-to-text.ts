import { decodeHtmlEntities } from "./mailparser-deps";
import { TextLines } from "./text-lines";

/** Elements whose start and end end the current line. */
const BLOCK = new Set([
  "address", "article", "aside", "center", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
  "footer", "form", "header", "hr", "li", "main", "nav", "ol", "section", "ul",
]);
/** Block elements that also leave a blank line. */
const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"]);
/** Elements whose content is not text: skipped up to their end tag. */
const SKIPPED = new Map(["script", "style", "title", "template", "noscript", "xml"].map((name) => [name, new RegExp(`</${name}[\\s>/]`, "gi")]));

/** Cell state of one open `<table>`: a stack of these replaces recursion on nesting depth. */
interface TableState {
  cells: number;
  inCell: boolean;
}

/**
 * Renders HTML as plain text for the template parser (POLICY §4): block elements end lines,
 * cells of one table row are joined with " | " (so a "Label | Value" row stays on one line,
 * even when Outlook wraps each cell in `<p>`), rows end lines, `<br>` is a line break, inline
 * markup (bold, links) is unwrapped, scripts and styles are dropped, entities decoded.
 *
 * Bounded: the input is cut at `maxChars` first, then read in one left-to-right pass with
 * `indexOf`; nesting is tracked with counters and an explicit stack, never recursion, so
 * 100,000 nested `<div>` or a 3 MB one-line table (HOSTILE-MAIL.md) cost linear time.
 */
export function htmlToText(html: string, maxChars: number): string {
  const input = html.length > maxChars ? html.slice(0, maxChars) : html;
  const out = new TextLines();
  const tables: TableState[] = [];
  let preDepth = 0;
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf("<", i);
    const textEnd = lt === -1 ? input.length : lt;
    if (textEnd > i) out.text(decodeHtmlEntities(input.slice(i, textEnd)), preDepth > 0);
    if (lt === -1) break;
    const next = input.charCodeAt(lt + 1);
    if (input.startsWith("<!--", lt)) {
      i = after(input.indexOf("-->", lt + 4), 3, input.length);
    } else if (next === 0x21 || next === 0x3f) {
      i = after(input.indexOf(">", lt), 1, input.length); // <!DOCTYPE …>, <?xml …?>
    } else if (next === 0x2f || isLetter(next)) {
      const closing = next === 0x2f;
      const nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      while (nameEnd < input.length && isNameChar(input.charCodeAt(nameEnd))) nameEnd++;
      const name = input.slice(nameStart, nameEnd).toLowerCase();
      i = tagEnd(input, nameEnd);
      const table = tables[tables.length - 1];
      const inCell = table?.inCell === true;
      const skipped = closing ? undefined : SKIPPED.get(name);
      if (skipped !== undefined) {
        skipped.lastIndex = i;
        const end = skipped.exec(input);
        i = end === null ? input.length : tagEnd(input, end.index + 2);
      } else if (name === "br") {
        out.lineBreak();
      } else if (name === "td" || name === "th") {
        if (table !== undefined) table.inCell = !closing;
        if (!closing && table !== undefined && ++table.cells > 1) out.cellSeparator();
      } else if (name === "tr") {
        out.endLine();
        if (table !== undefined) Object.assign(table, { cells: 0, inCell: false });
      } else if (name === "table") {
        if (closing) tables.pop();
        else tables.push({ cells: 0, inCell: false });
        out.paragraphBreak();
      } else if (BLOCK.has(name) || PARAGRAPH.has(name)) {
        if (name === "pre") preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
        // Inside a cell a block only separates words: the row must stay one line.
        if (inCell) out.text(" ", false);
        else if (PARAGRAPH.has(name)) out.paragraphBreak();
        else out.endLine();
      }
    } else {
      out.text("<", preDepth > 0);
      i = lt + 1;
    }
  }
  return out.toString();
}

/** Position after a delimiter found at `index` (of length `length`), or the end when not found. */
function after(index: number, length: number, end: number): number {
  return index === -1 ? end : index + length;
}

/** Position after the `>` closing a tag; a quote opens a value only right after `=`. */
function tagEnd(input: string, from: number): number {
  let quote = 0;
  let afterEquals = false;
  for (let i = from; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if ((code === 0x22 || code === 0x27) && afterEquals) {
      quote = code;
    } else if (code === 0x3e) {
      return i + 1;
    }
    if (code === 0x3d) afterEquals = true;
    else if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) afterEquals = false;
  }
  return input.length;
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isNameChar(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x3a;
}
