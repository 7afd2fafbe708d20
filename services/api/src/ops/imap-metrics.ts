import { readPollerHealth } from "@mailtriage/imap-poller";
import type { RedisClient } from "@mailtriage/store";
import { Gauge, type Registry } from "prom-client";

/**
 * Per-mailbox IMAP gauges (issue 4: connection state, last successful poll, messages fetched,
 * lag), read from the health the polling leaders write to Redis, so any API process reports
 * every mailbox whichever replica polls it.
 */
export function createImapMetrics(redis: RedisClient, prefix: string, registry: Registry): { refresh(): Promise<void> } {
  const registers = [registry];
  const labelNames = ["mailbox"];
  const connected = new Gauge({ name: "mailtriage_imap_connected", help: "1 when the mailbox's leader has an open IMAP connection.", labelNames, registers });
  const lastPoll = new Gauge({ name: "mailtriage_imap_last_poll_age_seconds", help: "Seconds since the last successful poll (-1: never).", labelNames, registers });
  const fetched = new Gauge({ name: "mailtriage_imap_messages_fetched", help: "Messages queued from the mailbox (all replicas).", labelNames, registers });
  const tooLarge = new Gauge({ name: "mailtriage_imap_messages_too_large", help: "Messages rejected too_large without download.", labelNames, registers });
  const backlog = new Gauge({ name: "mailtriage_imap_backlog", help: "UIDs waiting at the last poll (lag).", labelNames, registers });
  return {
    async refresh() {
      const report = await readPollerHealth(redis, { prefix, unreachableAfterMs: Number.MAX_SAFE_INTEGER });
      for (const m of report.mailboxes) {
        const labels = { mailbox: m.mailboxId };
        connected.set(labels, m.state === "connected" || m.state === "idle" ? 1 : 0);
        lastPoll.set(labels, m.secondsSinceLastPoll ?? -1);
        fetched.set(labels, m.fetched);
        tooLarge.set(labels, m.tooLarge);
        backlog.set(labels, m.backlog);
      }
    },
  };
}
