import { randomBytes } from "node:crypto";
import { keyRoot, type RedisClient } from "@mailtriage/store";
import { hashApiKey, looksLikeApiKey, mintApiKey, type ApiKeyIdentity, type Scope } from "./api-key";

/** A stored key's record (the key itself is never stored, only its SHA-256). */
export interface ApiKeyRecord extends ApiKeyIdentity {
  /** ISO-8601. */
  createdAt: string;
}

/**
 * API keys in Redis under the store's key root `{<prefix>}` (`keyRoot`: the installation's Cluster
 * slot; `@mailtriage/store` has no key of its own for them):
 * - `{<prefix>}:apikey:<sha256 of key>` string: the record JSON;
 * - `{<prefix>}:apikeys` hash: key id → sha256 (lists and revocation).
 */
export interface ApiKeyStore {
  /** Mints a key, stores its hash, returns the key (shown once) and its record. */
  create(input: { name: string; scopes: Scope[]; now?: Date }): Promise<{ key: string; record: ApiKeyRecord }>;
  /** The record of a presented key; null when unknown, revoked or not shaped like a key. */
  find(key: string): Promise<ApiKeyRecord | null>;
  /** Every key's record, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Deletes a key by id; false when there is none. */
  revoke(id: string): Promise<boolean>;
}

export function createApiKeyStore(redis: RedisClient, prefix: string): ApiKeyStore {
  const root = keyRoot(prefix);
  const recordKey = (hash: string) => `${root}:apikey:${hash}`;
  const indexKey = `${root}:apikeys`;
  return {
    async create({ name, scopes, now = new Date() }) {
      const key = mintApiKey();
      const hash = hashApiKey(key);
      const record: ApiKeyRecord = { id: `key_${randomBytes(6).toString("hex")}`, name, scopes: [...new Set(scopes)], createdAt: now.toISOString() };
      await redis.multi().set(recordKey(hash), JSON.stringify(record)).hset(indexKey, record.id, hash).exec();
      return { key, record };
    },
    async find(key) {
      if (!looksLikeApiKey(key)) return null;
      const json = await redis.get(recordKey(hashApiKey(key)));
      return json === null ? null : (JSON.parse(json) as ApiKeyRecord);
    },
    async list() {
      const hashes = Object.values(await redis.hgetall(indexKey));
      if (hashes.length === 0) return [];
      const records = (await redis.mget(hashes.map(recordKey))).flatMap((json) => (json === null ? [] : [JSON.parse(json) as ApiKeyRecord]));
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async revoke(id) {
      const hash = await redis.hget(indexKey, id);
      if (hash === null) return false;
      await redis.multi().del(recordKey(hash)).hdel(indexKey, id).exec();
      return true;
    },
  };
}
