import type { MailAddress } from "@mailtriage/domain";
import type { HeaderField } from "./header-block";
import { decodeEncodedWords, parseAddressList, type ParsedAddress } from "./mailparser-deps";

/** The `From` addresses and why they cannot be trusted, if so (`InboundMessage.fromProblem`). */
export interface SenderAddresses {
  from: MailAddress[];
  fromProblem: "encoded_word" | "oversized" | null;
}

/**
 * Reads the sender from the raw `From` fields (all of them, topmost first, repeats dropped),
 * never from a decoded value: an address that only appears once an RFC 2047 encoded-word is
 * decoded was not seen by the receiving server's DMARC check, so it is a spoof
 * (HOSTILE-MAIL.md) and the whole sender is refused (`from: []`, `encoded_word`). `From` fields
 * over `maxChars` together are refused too (`oversized`): a cut list could name the wrong
 * sender. Display names are decoded.
 */
export function readSender(fields: readonly HeaderField[], maxChars: number): SenderAddresses {
  const fromFields = fields.filter((field) => field.name === "from");
  const total = fromFields.reduce((sum, field) => sum + field.value.length, 0);
  if (total > maxChars || fromFields.some((field) => field.oversized)) return { from: [], fromProblem: "oversized" };
  const from: MailAddress[] = [];
  for (const field of fromFields) {
    const list = readAddressValue(field.value);
    if (list.encodedWord) return { from: [], fromProblem: "encoded_word" };
    // A repeated From field naming the same address is one sender; different ones all stay.
    from.push(...list.addresses.filter((entry) => !from.some((seen) => seen.address === entry.address)));
  }
  return { from, fromProblem: null };
}

/**
 * Reads the addresses of every field named `name` (`to`, `cc`, `reply-to`), topmost first,
 * up to `maxChars` of field values in all (later fields are ignored: the address parser's cost
 * grows with its input, and a header section may repeat a field hundreds of times).
 * Addresses hidden in encoded-words are dropped; from a cut (oversized) field the last address
 * is dropped, since the cut may have shortened it.
 */
export function readAddressFields(fields: readonly HeaderField[], name: string, maxChars: number): MailAddress[] {
  const addresses: MailAddress[] = [];
  let budget = maxChars;
  for (const field of fields) {
    if (field.name !== name) continue;
    if (field.value.length > budget) break;
    budget -= field.value.length;
    const list = readAddressValue(field.value).addresses;
    if (field.oversized) list.pop();
    addresses.push(...list);
  }
  return addresses;
}

/**
 * Parses one raw (undecoded, capped) address-list value. Groups are flattened (an empty group
 * gives nothing), a display name alone gives nothing, addresses are lower-cased.
 * `encodedWord` is set when an entry's address is an encoded-word, or when an entry without an
 * address has an encoded-word that decodes to something holding `@`.
 */
export function readAddressValue(value: string): { addresses: MailAddress[]; encodedWord: boolean } {
  const addresses: MailAddress[] = [];
  let encodedWord = false;
  // Explicit stack, not recursion: group nesting comes from the sender.
  const pending: ParsedAddress[] = parseAddressList(value).reverse();
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (entry.group !== undefined) {
      for (let i = entry.group.length - 1; i >= 0; i--) pending.push(entry.group[i] as ParsedAddress);
      continue;
    }
    const address = withoutRoute((entry.address ?? "").trim());
    const name = entry.name ?? "";
    if (address.includes("=?")) {
      encodedWord = true;
    } else if (isAddrSpec(address)) {
      addresses.push({ address: address.toLowerCase(), name: decodeEncodedWords(name).trim() });
    } else {
      const raw = `${name} ${address}`;
      const decoded = decodeEncodedWords(raw);
      if (decoded !== raw && decoded.includes("@")) encodedWord = true;
    }
  }
  return { addresses, encodedWord };
}

/** Drops an obsolete source route (RFC 5322 §4.4 obs-route: `<@relay.example:ana@x.example>`). */
function withoutRoute(address: string): string {
  return address.startsWith("@") && address.includes(":") ? address.slice(address.lastIndexOf(":") + 1).trim() : address;
}

/** `local@domain` with both sides non-empty and no whitespace or angle brackets. */
function isAddrSpec(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return false;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code <= 0x20 || code === 0x3c || code === 0x3e) return false;
  }
  return true;
}
