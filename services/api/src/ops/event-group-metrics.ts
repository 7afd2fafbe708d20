import type { RedisClient } from "@mailtriage/store";
import { Gauge, type Registry } from "prom-client";

/** One consumer group of the events stream, as `XINFO GROUPS` reports it. */
export interface EventGroupInfo {
  /** Group name (`replies`: the mailer, `webhooks`: the webhook dispatcher). */
  name: string;
  /** Entries read by a consumer but not acknowledged yet (in work, or held by a consumer that died). */
  pending: number;
  /** Entries not delivered to the group yet; null when Redis cannot tell (Redis < 7, or entries deleted with XDEL). */
  lag: number | null;
}

/**
 * The consumer groups of `stream` (`XINFO GROUPS`); none when the stream does not exist yet.
 * The store trims the stream (`XADD MAXLEN ~`) but never deletes entries one by one, so on
 * Redis 7 `lag` is always known.
 */
export async function readEventGroups(redis: RedisClient, stream: string): Promise<EventGroupInfo[]> {
  let reply: unknown;
  try {
    reply = await redis.xinfo("GROUPS", stream);
  } catch (err) {
    if ((err as Error).message.includes("no such key")) return [];
    throw err;
  }
  return (reply as unknown[][]).map((flat) => {
    const field = (name: string): unknown => flat[flat.indexOf(name) + 1];
    const lag = field("lag");
    return { name: String(field("name")), pending: Number(field("pending") ?? 0), lag: lag === null || lag === undefined ? null : Number(lag) };
  });
}

/**
 * `mailtriage_events_group_lag{group}` and `mailtriage_events_group_pending{group}`: how far the
 * events stream's consumers (mailer `replies`, webhook dispatcher `webhooks`) are behind, read
 * from Redis, so any API process reports them whichever processes consume. A group whose
 * consumers are all down keeps growing its lag; past the stream's cap (about 100,000 entries)
 * its oldest undelivered events are trimmed away unread.
 */
export function createEventGroupMetrics(redis: RedisClient, stream: string, registry: Registry): { refresh(): Promise<void> } {
  const registers = [registry];
  const labelNames = ["group"];
  const lag = new Gauge({ name: "mailtriage_events_group_lag", help: "Events-stream entries not yet delivered to the consumer group (XINFO GROUPS lag).", labelNames, registers });
  const pending = new Gauge({ name: "mailtriage_events_group_pending", help: "Events-stream entries delivered to the group's consumers but not acknowledged (XINFO GROUPS pending).", labelNames, registers });
  return {
    async refresh() {
      const groups = await readEventGroups(redis, stream);
      // A destroyed group must disappear, not keep its last value.
      lag.reset();
      pending.reset();
      for (const group of groups) {
        pending.set({ group: group.name }, group.pending);
        if (group.lag !== null) lag.set({ group: group.name }, group.lag);
      }
    },
  };
}
