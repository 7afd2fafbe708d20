/**
 * Folded text reduced to its letters and digits: "E-Mail-Adresse des Kunden:" and
 * "email adresse des kunden" give the same key, to compare labels and typed values whatever
 * their spacing and punctuation. Input must already be folded (see `foldText`).
 */
export function compactKey(folded: string): string {
  return folded.replace(/[^\p{L}\p{N}]+/gu, "");
}
