// Load generation for bench/api.bench.ts (autocannon is a dev dependency of this package).
import { createRequire } from "node:module";

interface Histogram {
  average: number;
  p99: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** What one load run measured. */
export interface LoadFigures {
  requestsPerSecond: number;
  /** 99th-percentile latency, ms. */
  p99Ms: number;
  /** Requests that did not answer 2xx, or failed. */
  failures: number;
}

/**
 * GET `url` with `connections` keep-alive connections for `seconds` (autocannon in a worker
 * thread, so the load generator does not share the server's event loop).
 */
export async function runLoad(url: string, options: { headers?: Record<string, string>; connections?: number; seconds?: number } = {}): Promise<LoadFigures> {
  const result = await autocannon({ url, headers: options.headers ?? {}, connections: options.connections ?? 10, duration: options.seconds ?? 5, workers: 1 });
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, failures: result.non2xx + result.errors };
}
