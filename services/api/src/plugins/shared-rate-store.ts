import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { LuaScript, type RedisClient } from "@mailtriage/store";

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
type ChildOptions = Parameters<FastifyRateLimitStore["child"]>[0];

export interface SharedRateStoreOptions {
  /** Key namespace of the counters; a bucket's key is namespace + bucket. */
  namespace: string;
  /** How long requests counted in this process wait before they are added to the shared count, ms. */
  flushMs?: number;
}

// One fixed window per key: the first increment starts it (PEXPIRE), like the plugin's own Redis store.
const ADD = new LuaScript(
  "rate-limit-add",
  `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return { n, ttl }`,
);

/** What this process knows of one bucket's shared count. */
interface Bucket {
  /** The shared count at the last answer from Redis. */
  shared: number;
  /** Requests this process let through and has not added to the shared count yet. */
  unsent: number;
  /** When the window ends (epoch ms), as Redis said. */
  windowEnd: number;
  /** When Redis last answered for this bucket (epoch ms). */
  heardAt: number;
  timer: NodeJS.Timeout | null;
}

/** The buckets and the connection every store of one app (global and per route) shares. */
interface Shared {
  redis: RedisClient;
  flushMs: number;
  buckets: Map<string, Bucket>;
}

/**
 * A @fastify/rate-limit store whose counts live in Redis (`INCRBY` + `PEXPIRE`), so every API
 * process on one prefix draws on one budget per bucket, without a Redis round trip on most
 * requests. While Redis said, less than `4 × flushMs` ago, that a bucket's shared count is below
 * half its budget, a process counts requests itself and adds them to Redis in one `INCRBY`
 * after `flushMs` (that answer refreshes what it knows). From half the budget on, on the first
 * request of a window and when its knowledge is older, it asks Redis on every request, so the
 * limit holds exactly where it bites. The slack: what other processes counted but had not sent
 * yet is unknown for up to `flushMs`, so the budget can be exceeded by about what the processes
 * serve in that time (bench/api.bench.ts: the plugin's own Redis store, one round trip per
 * request, costs a third of the ticket GET's throughput; this one nearly nothing).
 */
export function sharedRateStore(redis: RedisClient, options: SharedRateStoreOptions): FastifyRateLimitStoreCtor {
  const shared: Shared = { redis, flushMs: options.flushMs ?? 25, buckets: new Map() };
  return class extends SharedRateStore {
    constructor() {
      super(shared, options.namespace);
    }
  };
}

/** Buckets kept before windows that ended are swept (many client addresses). */
const SWEEP_AT = 10_000;

class SharedRateStore implements FastifyRateLimitStore {
  constructor(
    private readonly shared: Shared,
    private readonly namespace: string,
  ) {}

  incr(bucketName: string, callback: Callback, timeWindow: number, max: number): void {
    const key = this.namespace + bucketName;
    const { buckets, flushMs } = this.shared;
    const now = Date.now();
    let bucket = buckets.get(key);
    if (bucket === undefined || bucket.windowEnd <= now) {
      // A pending flush of the old bucket still adds its requests (to the new window).
      if (buckets.size >= SWEEP_AT) this.sweep(now);
      bucket = { shared: 0, unsent: 0, windowEnd: 0, heardAt: 0, timer: null };
      buckets.set(key, bucket);
    }
    const estimate = bucket.shared + bucket.unsent + 1;
    if (bucket.windowEnd > now && now - bucket.heardAt <= 4 * flushMs && estimate * 2 <= max) {
      const counted = bucket;
      counted.unsent++;
      counted.timer ??= setTimeout(() => this.flush(key, counted, timeWindow), flushMs).unref();
      callback(null, { current: estimate, ttl: counted.windowEnd - now });
      return;
    }
    const count = bucket.unsent + 1;
    bucket.unsent = 0;
    this.add(key, bucket, count, timeWindow).then(
      (result) => callback(null, result),
      (error: Error) => callback(error),
    );
  }

  /** The state without counting a request (`{ increment: false }`). */
  read(bucketName: string, callback: Callback): void {
    const bucket = this.shared.buckets.get(this.namespace + bucketName);
    const now = Date.now();
    if (bucket === undefined || bucket.windowEnd <= now) callback(null, { current: 0, ttl: 0 });
    else callback(null, { current: bucket.shared + bucket.unsent, ttl: bucket.windowEnd - now });
  }

  /** A route with its own limits counts apart, as the plugin's Redis store does it. */
  child(routeOptions: ChildOptions): FastifyRateLimitStore {
    // The plugin passes its merged route parameters, which carry `routeInfo` (its types say otherwise).
    const { method, url } = (routeOptions as unknown as { routeInfo: { method: string; url: string } }).routeInfo;
    return new SharedRateStore(this.shared, `${this.namespace}${method}${url}-`);
  }

  private async add(key: string, bucket: Bucket, count: number, timeWindow: number): Promise<{ current: number; ttl: number }> {
    const [current, ttl] = (await ADD.run(this.shared.redis, [key], [count, timeWindow])) as [number, number];
    bucket.heardAt = Date.now();
    bucket.shared = Math.max(bucket.shared, current);
    bucket.windowEnd = bucket.heardAt + ttl;
    return { current, ttl };
  }

  private flush(key: string, bucket: Bucket, timeWindow: number): void {
    bucket.timer = null;
    const count = bucket.unsent;
    if (count === 0) return;
    bucket.unsent = 0;
    // On a Redis error they are lost: those requests were served already; the count runs a little low.
    this.add(key, bucket, count, timeWindow).catch(() => undefined);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.shared.buckets) if (bucket.windowEnd <= now && bucket.timer === null) this.shared.buckets.delete(key);
  }
}
