import type { RedisClient, SlaPhase, StoreKeys } from "@mailtriage/store";
import { Gauge, type Registry } from "prom-client";

const PHASES: readonly SlaPhase[] = ["acknowledge", "determine"];

/** The look-ahead windows reported, as the `within` label value and its length in ms: the alert picks one. */
const DUE_SOON_WINDOWS: readonly { within: string; ms: number }[] = [
  { within: "15m", ms: 15 * 60_000 },
  { within: "1h", ms: 60 * 60_000 },
  { within: "4h", ms: 4 * 60 * 60_000 },
];

/**
 * `mailtriage_sla_due_soon{phase,within}`: running SLA phases (POLICY §5) that fall due between
 * now and now + window, counted in the store's due sets (`ZCOUNT`: scores are due times in ms;
 * a phase leaves its set when its event arrives, its clock stops or it is marked breached), so
 * an alert can fire before the breach. Phases already past due are not counted: the scheduler
 * marks them breached at its next scan (`mailtriage_sla_breaches_total`).
 */
export function createSlaDueMetrics(redis: RedisClient, keys: StoreKeys, registry: Registry, now: () => Date = () => new Date()): { refresh(): Promise<void> } {
  const dueSoon = new Gauge({
    name: "mailtriage_sla_due_soon",
    help: "Running SLA phases due within the window from now (not yet breached), by phase; within = 15m, 1h or 4h.",
    labelNames: ["phase", "within"],
    registers: [registry],
  });
  return {
    async refresh() {
      const from = now().getTime();
      const pipeline = redis.pipeline();
      for (const phase of PHASES) for (const window of DUE_SOON_WINDOWS) pipeline.zcount(keys.due(phase), from, from + window.ms);
      const counts = ((await pipeline.exec()) ?? []).map(([error, n]) => {
        if (error) throw error;
        return Number(n);
      });
      let i = 0;
      for (const phase of PHASES) for (const window of DUE_SOON_WINDOWS) dueSoon.set({ phase, within: window.within }, counts[i++] ?? 0);
    },
  };
}
