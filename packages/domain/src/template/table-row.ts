import { parseLabelLine, type LabelLine } from "./label-line";

// A template table has two or four columns; a line with many pipes is text, not a row.
const MAX_CELLS = 12;

/**
 * Reads a table row of HTML mail converted to text ("Label | value", "| Label | value |", or
 * two pairs on one row: "Customer email | a@b.example | Product | CRM") as one label line per
 * label cell, each with the cells after it up to the next label as its value. Cells before the
 * first label must hold no letters (row numbers). Null when the line is not such a row.
 */
export function readTableRow(line: string): LabelLine[] | null {
  if (!line.includes("|")) return null;
  const cells = line.split("|").map((c) => c.trim()).filter((c) => c !== "");
  if (cells.length < 2 || cells.length > MAX_CELLS) return null;
  const labels: LabelLine[] = [];
  for (const cell of cells) {
    const label = parseLabelLine(cell);
    const last = labels.at(-1);
    if (label !== null) labels.push(label);
    else if (last !== undefined) last.value = last.value === "" ? cell : `${last.value} | ${cell}`;
    else if (/[\p{L}]/u.test(cell)) return null;
  }
  return labels.length === 0 ? null : labels;
}
