import type { FieldName, Language } from "@mailtriage/contracts";
import { findSignatureStart } from "../reply/signature";
import { parseLabelLine } from "./label-line";
import { stripHint } from "./strip-hint";
import { readTableRow } from "./table-row";

/** The lines written for one template field: from its label to the next label. */
export interface FieldBlock {
  field: FieldName;
  /** Languages of the label that opened the block. */
  languages: readonly Language[];
  /** Value lines, hints removed, the label line's own value first; blank lines kept. */
  lines: string[];
}

/** A text read as a template: the labelled blocks in order and the lines before the first label. */
export interface FieldBlocks {
  blocks: FieldBlock[];
  preamble: string[];
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Cuts a text into template fields (POLICY §4): a label line (or each label cell of a table
 * row) opens a block that runs until the next label; a sign-off followed by a short name block
 * ends it ("Thanks,\nAna" after the last field is not troubleshooting text); the template's
 * hint text is removed from every line.
 */
export function collectFieldBlocks(text: string): FieldBlocks {
  // The new text of a message has LF only: a plain split, the regular expression when needed.
  const lines = text.includes("\r") ? text.split(LINE_BREAK) : text.split("\n");
  const preamble: string[] = [];
  const blocks: FieldBlock[] = [];
  // A label outside the template ("Priority: urgent") opens a block that is dropped.
  let current: (Omit<FieldBlock, "field"> & { field: FieldName | null }) | null = null;
  const close = (): void => {
    if (current !== null && current.field !== null) blocks.push(finishBlock({ ...current, field: current.field }));
  };
  for (const line of lines) {
    const labels = readTableRow(line) ?? [parseLabelLine(line)].filter((l) => l !== null);
    if (labels.length > 0) {
      for (const label of labels) {
        close();
        current = { field: label.field, languages: label.languages, lines: label.value === "" ? [] : [label.value] };
      }
    } else if (current !== null) {
      current.lines.push(line);
    } else {
      preamble.push(line);
    }
  }
  close();
  return { blocks, preamble };
}

function finishBlock(block: FieldBlock): FieldBlock {
  const signatureAt = findSignatureStart(block.lines) ?? block.lines.length;
  const lines: string[] = [];
  for (const line of block.lines.slice(0, signatureAt)) {
    if (line.trim() === "") lines.push("");
    else {
      const value = stripHint(line, block.field);
      if (value !== "") lines.push(value);
    }
  }
  return { field: block.field, languages: block.languages, lines };
}
