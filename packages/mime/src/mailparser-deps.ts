/**
 * The address parser, RFC 2047 decoder and HTML entity decoder that mailparser itself uses,
 * loaded from mailparser's own dependency tree (they are not direct dependencies of this
 * package, and pnpm does not hoist them). Resolving from mailparser's real location is exactly
 * how mailparser loads them, so the versions always match the parser we run.
 */
import { createRequire } from "node:module";
import { realpathSync } from "node:fs";

/** One entry of nodemailer's `addressparser` output (groups keep their members in `group`). */
export interface ParsedAddress {
  name: string;
  address?: string;
  group?: ParsedAddress[];
}

const requireHere = createRequire(import.meta.url);
const requireFromMailparser = createRequire(realpathSync(requireHere.resolve("mailparser")));

const addressparser = requireFromMailparser("nodemailer/lib/addressparser") as (
  value: string,
  options?: { flatten?: boolean },
) => ParsedAddress[];
const libmime = requireFromMailparser("libmime") as { decodeWords(value: string): string };
/** What libmime's `decodeWords` puts between encoded-words it joins, and removes wherever found. */
const JOIN_MARKER = "__\x00JOIN\x00__";
const he = requireFromMailparser("he") as { decode(html: string): string };

/** Splits an address-list header value (RFC 5322 §3.4) without decoding encoded-words. */
export function parseAddressList(value: string): ParsedAddress[] {
  return addressparser(value);
}

/** Decodes RFC 2047 encoded-words; returns the input when a charset is unknown or broken. */
export function decodeEncodedWords(value: string): string {
  // Most header values hold no encoded-word: libmime would only run five regular expressions
  // over them (it also strips its own join marker, hence the second test).
  if (!value.includes("=?") && !value.includes(JOIN_MARKER)) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Decodes HTML character references (named, decimal, hex) as the HTML5 spec does. */
export function decodeHtmlEntities(text: string): string {
  return he.decode(text);
}
