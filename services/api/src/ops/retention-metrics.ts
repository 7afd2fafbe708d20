import type { RedisClient, StoreKeys } from "@mailtriage/store";
import { Counter, type Registry } from "prom-client";

/** What the retention sweep counts (`StoreKeys.retentionRemoved` fields). */
const KINDS = ["tickets", "records"] as const;

/**
 * `mailtriage_retention_removed_total{kind}`: what the retention sweep removed (README
 * "Retention and export"), read from the totals the sweep keeps in Redis, so any API process
 * reports the sweeps of whichever scheduler ran them. The installation's totals, not this
 * process's: the same value on every API process.
 */
export function createRetentionMetrics(redis: RedisClient, keys: StoreKeys, registry: Registry): { refresh(): Promise<void> } {
  const removed = new Counter({
    name: "mailtriage_retention_removed_total",
    help: "Expired data the retention sweep removed: resolved tickets (with everything they own) and message records (with their raw bytes).",
    labelNames: ["kind"],
    registers: [registry],
  });
  return {
    async refresh() {
      const totals = await redis.hmget(keys.retentionRemoved, ...KINDS);
      // A counter set to an outside total: start over, then add it (prom-client counters have no set).
      removed.reset();
      KINDS.forEach((kind, i) => removed.inc({ kind }, Number(totals[i] ?? 0)));
    },
  };
}
