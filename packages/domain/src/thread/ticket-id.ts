const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

/**
 * A stable ticket id from the message's identity (its Message-ID, else its content hash):
 * `MT-` + 10 base32 characters of FNV-1a-64. The same message always gets the same id, so a
 * retried or re-delivered message can never mint a second ticket (POLICY §2).
 */
export function ticketIdFor(identity: string, prefix: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < identity.length; i++) {
    hash ^= BigInt(identity.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  let out = "";
  for (let i = 0; i < 10; i++) {
    out += ALPHABET[Number(hash & 31n)];
    hash >>= 5n;
  }
  return `${prefix}-${out}`;
}

/** The subject tag that makes replies thread back: `[MT-7KQ2M9XW4A]`. */
export function ticketReference(ticketId: string): string {
  return `[${ticketId}]`;
}
