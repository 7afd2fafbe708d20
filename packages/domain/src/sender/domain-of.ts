/** The domain part of an address, lower-cased, without a trailing dot; "" when there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).toLowerCase().replace(/\.$/, "");
}

/**
 * The domain and each parent that still has a dot: `mail.yahoo.co.jp` → [`mail.yahoo.co.jp`,
 * `yahoo.co.jp`, `co.jp`]. Whole labels only, so `gmailsolutions.example` never matches `gmail.com`.
 */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split(".").filter((l) => l !== "");
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
  return out;
}
