import type { HeaderBlock } from "./header-block";

/**
 * Returns the message with only the top-level header fields that shape the MIME tree
 * (`Content-*`, `MIME-Version`; the first of each), for mailparser. Everything else the rules need was already
 * read by our own capped header reader, so mailparser never parses a 900 KB `From` (3 s and
 * 330 MiB in its address parser), a 690,000-character subject or a hundred repeated `To`
 * fields (HOSTILE-MAIL.md). Kept fields are copied byte for byte; an oversized one is
 * written back as its capped value on one line.
 */
export function keepOnlyMimeHeaders(bytes: Uint8Array, block: HeaderBlock): Uint8Array {
  const eol = block.headerEnd >= 2 && bytes[block.headerEnd - 2] === 0x0d ? "\r\n" : "\n";
  const parts: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const field of block.fields) {
    if (!field.name.startsWith("content-") && field.name !== "mime-version") continue;
    // mailsplit reads the first of a repeated field; passing only that one makes it explicit.
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    if (field.oversized) {
      parts.push(Buffer.from(`${field.name}: ${field.value}${eol}`, "utf8"));
    } else {
      parts.push(bytes.subarray(field.start, field.end));
      if (bytes[field.end - 1] !== 0x0a) parts.push(Buffer.from(eol)); // a header-only stub may end without one
    }
  }
  parts.push(Buffer.from(eol), bytes.subarray(block.bodyStart));
  return Buffer.concat(parts);
}
