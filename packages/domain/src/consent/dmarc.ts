/**
 * Reads DMARC from the `Authentication-Results` header the inbox's own server wrote (RFC 8601,
 * POLICY §3). By default only the topmost header counts (the receiving server adds it above
 * anything the sender wrote); with `trustedAuthservIds`, only headers from those servers count.
 * @returns "fail" | "pass" | other method result, or null when no trusted header speaks of DMARC.
 */
export function readDmarc(authenticationResults: readonly string[], trustedAuthservIds: readonly string[]): { result: string; headerFrom: string | null } | null {
  const candidates = trustedAuthservIds.length === 0 ? authenticationResults.slice(0, 1) : authenticationResults.filter((h) => trustedAuthservIds.includes(authservId(h)));
  for (const header of candidates) {
    const m = /(?:^|[;\s])dmarc\s*=\s*([a-z]+)/i.exec(header.slice(0, 4096));
    if (!m?.[1]) continue;
    const from = /header\.from\s*=\s*([^\s;]+)/i.exec(header.slice(m.index, m.index + 512));
    return { result: m[1].toLowerCase(), headerFrom: from?.[1]?.toLowerCase() ?? null };
  }
  return null;
}

function authservId(header: string): string {
  return (header.trim().split(/[;\s]/, 1)[0] ?? "").toLowerCase();
}
