import type { RedisClient } from "@mailtriage/store";

/**
 * Reads a Redis stream forward from where the previous call stopped (`XRANGE (last + COUNT`).
 * The first call only finds the stream's end: what came before this reader started is not
 * counted again by every new API process.
 */
export interface StreamTail {
  /** Entries added since the previous call, at most `pages × pageSize` (the rest on the next call). */
  read(): Promise<[id: string, fields: string[]][]>;
}

export function createStreamTail(redis: RedisClient, key: string, options: { pageSize?: number; pages?: number } = {}): StreamTail {
  const pageSize = options.pageSize ?? 1_000;
  const pages = options.pages ?? 20;
  let last: string | null = null;
  return {
    async read() {
      if (last === null) {
        const [newest] = await redis.xrevrange(key, "+", "-", "COUNT", 1);
        last = newest?.[0] ?? "0-0";
        return [];
      }
      const out: [string, string[]][] = [];
      for (let page = 0; page < pages; page++) {
        const entries: [string, string[]][] = await redis.xrange(key, `(${last}`, "+", "COUNT", pageSize);
        out.push(...entries);
        const tail: [string, string[]] | undefined = entries.at(-1);
        if (tail !== undefined) last = tail[0];
        if (entries.length < pageSize) break;
      }
      return out;
    },
  };
}

/** The value of `name` in a stream entry's flat field list. */
export function streamField(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
