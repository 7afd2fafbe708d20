import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";

/** Where raw bytes went. */
export interface StoredRaw {
  /** Hex SHA-256 of the bytes: their name in the store. */
  sha256: string;
  /** False when the same bytes were stored before (nothing was written). */
  created: boolean;
}

/**
 * Raw message bytes, stored once under their SHA-256 (`SET NX`) and kept: a `failed` message
 * keeps its bytes for a person to look at (POLICY §2), and jobs carry only the hash (a 500 KB
 * message inside the job is about 4x slower to queue and process, issue 3).
 */
export interface RawStore {
  /** Stores `raw` unless the same bytes are already there. */
  put(raw: Uint8Array): Promise<StoredRaw>;
  /** The bytes stored under `sha256`, or null when there are none. */
  get(sha256: string): Promise<Uint8Array | null>;
}

/** Hex SHA-256 of some bytes (the same hash `@mailtriage/mime` reports as `contentSha256`). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function createRawStore(redis: RedisClient, keys: StoreKeys): RawStore {
  return {
    async put(raw) {
      const sha256 = sha256Hex(raw);
      const reply = await redis.set(keys.raw(sha256), Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), "NX");
      return { sha256, created: reply === "OK" };
    },
    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      const bytes = await redis.getBuffer(keys.raw(sha256));
      return bytes === null ? null : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
