import { timingSafeEqual } from "node:crypto";
import { hashApiKey, looksLikeApiKey, type ApiKeyIdentity, type Scope } from "./api-key";
import type { ApiKeyStore } from "./api-key-store";

/** Turns a presented key into who is calling, or null. */
export interface KeyResolver {
  resolve(key: string): Promise<ApiKeyIdentity | null>;
  /** The answer without I/O when it is known (bootstrap key, fresh cache entry); undefined when Redis must be asked. */
  peek(key: string): ApiKeyIdentity | null | undefined;
}

export interface KeyResolverOptions {
  /** SHA-256 (hex) of `MAILTRIAGE_BOOTSTRAP_API_KEY`, or null when none is set. */
  bootstrapKeyHash: string | null;
  /** How long an answer (also "unknown") is reused, ms; 0 asks Redis every time. */
  cacheMs: number;
  /** Clock, epoch ms. */
  now?: () => number;
}

/** Answers kept at most; past that the cache starts over (a flood of random keys cannot grow it). */
const MAX_CACHED = 10_000;

/** The bootstrap key is an admin key that lives only in the environment (env.ts). */
export const BOOTSTRAP_IDENTITY: ApiKeyIdentity = { id: "bootstrap", name: "MAILTRIAGE_BOOTSTRAP_API_KEY", scopes: ["admin"] as Scope[] };

/**
 * Resolves keys against the bootstrap hash, then the store, caching answers for `cacheMs` so a
 * request costs no Redis round trip for its key most of the time (a revoked key keeps working
 * that long).
 */
export function createKeyResolver(store: ApiKeyStore, options: KeyResolverOptions): KeyResolver {
  const now = options.now ?? Date.now;
  const bootstrap = options.bootstrapKeyHash === null ? null : Buffer.from(options.bootstrapKeyHash, "hex");
  // Keyed by the presented key itself: a hit costs no hashing (the key is in the request's memory anyway).
  const cache = new Map<string, { identity: ApiKeyIdentity | null; at: number }>();
  const isBootstrap = (key: string): boolean => bootstrap !== null && timingSafeEqual(Buffer.from(hashApiKey(key), "hex"), bootstrap);
  const peek = (key: string): ApiKeyIdentity | null | undefined => {
    if (!looksLikeApiKey(key)) return null;
    const cached = cache.get(key);
    if (cached !== undefined && now() - cached.at < options.cacheMs) return cached.identity;
    return isBootstrap(key) ? BOOTSTRAP_IDENTITY : undefined;
  };
  return {
    peek,
    async resolve(key) {
      const known = peek(key);
      if (known !== undefined) return known;
      const record = await store.find(key);
      const identity = record === null ? null : { id: record.id, name: record.name, scopes: record.scopes };
      if (options.cacheMs > 0) {
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(key, { identity, at: now() });
      }
      return identity;
    },
  };
}
