import type { RegistrySnapshot, RegistryStore } from "./registry-store";

/** The registries as a worker uses them: read from Redis only when they changed. */
export interface RegistryCache {
  /** The current snapshot; at most `maxAgeMs` stale. */
  get(): Promise<RegistrySnapshot>;
}

/**
 * Caches registry snapshots. After `maxAgeMs` (default 5 s) the next `get` reads the version
 * counter (one small GET) and reloads both registries only when it moved; concurrent callers
 * share one reload.
 */
export function createRegistryCache(store: RegistryStore, options: { maxAgeMs?: number; now?: () => number } = {}): RegistryCache {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  let cached: RegistrySnapshot | null = null;
  let checkedAt = 0;
  let pending: Promise<RegistrySnapshot> | null = null;

  const refresh = async (): Promise<RegistrySnapshot> => {
    const version = cached === null ? -1 : await store.version();
    if (cached === null || version !== cached.version) cached = await store.snapshot();
    checkedAt = now();
    return cached;
  };

  return {
    get() {
      if (cached !== null && now() - checkedAt < maxAgeMs) return Promise.resolve(cached);
      pending ??= refresh().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
