import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** What a key may do. `admin` includes `read` and `write`; `read` and `write` are independent. */
export const ScopeSchema = z.enum(["read", "write", "admin"]);
export type Scope = z.infer<typeof ScopeSchema>;

/** Who is calling: a stored key, or the bootstrap key from the environment. */
export interface ApiKeyIdentity {
  /** Stable id (never the key): shown in lists and logs, used to revoke. */
  id: string;
  name: string;
  scopes: Scope[];
}

/** `mt_` + 32 random bytes in base64url (43 characters): 256 bits, never stored, shown once. */
export function mintApiKey(): string {
  return `mt_${randomBytes(32).toString("base64url")}`;
}

/** Shape check before any lookup: anything else is not a key (and is never hashed or logged). */
export function looksLikeApiKey(value: string): boolean {
  return /^mt_[A-Za-z0-9_-]{32,200}$/.test(value);
}

/** Hex SHA-256 of a key: what Redis holds. A fast hash suffices for 256-bit random keys (no guessing). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** True when `granted` allows `needed` (`admin` allows everything). */
export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes(needed) || granted.includes("admin");
}
