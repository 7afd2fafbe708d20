import type { TriageResult } from "@mailtriage/contracts";
import { keyRoot } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTopologyService, type TopologyService } from "../../services/api/test/support/topology-app";
import { bearer } from "../../services/api/test/support/test-api";
import type { JobView } from "../../services/api/test/support/wait-for-job";
import { EXAMPLES_RECEIVED_AT, loadExamples } from "../support/examples";
import { offlineResults } from "../support/offline-results";
import { nodeCommand, startRedisCluster, topologySkipReason, type TestRedisCluster } from "../support/redis-topology";

// README "Redis topologies", Cluster: the master holding the installation's slot (every key is
// under one `{prefix}` hash tag) crashes (SIGKILL) between two batches of messages; its cluster
// replica is promoted and the service follows it without a restart.
const examples = loadExamples();
/** The batch before the crash ends with 19-solnube…: its follow-up (20-…) arrives after it, so threading must find a ticket written before the failover. */
const SPLIT = examples.findIndex((e) => e.file.startsWith("20-"));
const skip = topologySkipReason();

let cluster: TestRedisCluster | undefined;
let service: TopologyService | undefined;
let offline: TriageResult[] = [];

beforeAll(async () => {
  if (skip !== null) return;
  offline = await offlineResults(examples, EXAMPLES_RECEIVED_AT);
  // A 1 s node timeout: the replica takes over a second or two after the crash, not 5 s+.
  cluster = await startRedisCluster({ masters: 3, replicas: 1, nodeTimeoutMs: 1000 });
  service = await openTopologyService("cluster-failover", cluster.env, EXAMPLES_RECEIVED_AT);
}, 60_000);

afterAll(async () => {
  try {
    await service?.close();
  } finally {
    await cluster?.close();
  }
});

/** Posts messages one at a time (a reply must find the ticket before it) and waits for each job. */
async function postAll(messages: readonly { raw: Uint8Array }[]): Promise<{ jobId: string; duplicate: boolean; view: JobView }[]> {
  const out = [];
  for (const m of messages) {
    const posted = await service!.post(m.raw);
    out.push({ ...posted, view: await service!.job(posted.jobId) });
  }
  return out;
}

describe.skipIf(skip !== null)(`Redis Cluster failover${skip === null ? "" : ` (skipped: ${skip})`}`, () => {
  it("when the master of the installation's slot is SIGKILLed between two batches, then its replica is promoted, later messages become tickets as before, and no message taken in before is ticketed again", async () => {
    expect(SPLIT).toBeGreaterThan(5);
    const slot = Number(await nodeCommand(cluster!.nodes[0]!, "CLUSTER", "KEYSLOT", keyRoot(service!.prefix)));
    const before = await postAll(examples.slice(0, SPLIT));
    // What was acknowledged before the crash is on the replica (Redis replicates asynchronously:
    // see README "Redis topologies" for what a crash inside that window can lose).
    await cluster!.waitForReplicaOf(slot);
    const { crashed, promoted, ms } = await cluster!.crashMasterOf(slot);
    console.info(`Redis Cluster failover: the replica on port ${promoted.port} took slot ${slot} over ${ms} ms after the master on port ${crashed.port} was killed`);
    expect(promoted.port).not.toBe(crashed.port);
    expect(await cluster!.masterOf(slot)).toEqual(promoted);

    // Posted after the failover, to the same API and worker (no restart): the same results as the offline run.
    const after = await postAll(examples.slice(SPLIT));
    [...before, ...after].forEach((job, i) => {
      const reference = offline[i]!;
      expect(job.view.state, examples[i]!.file).toBe("completed");
      if (reference.reason === "duplicate") expect(job.view.ticketId, examples[i]!.file).toBe(reference.ticketId);
      else expect(job.view.result, examples[i]!.file).toEqual(reference);
    });

    // The first batch again (a client retrying after the outage): recognised, nothing new.
    const again = await postAll(examples.slice(0, SPLIT));
    again.forEach((job, i) => {
      expect(job.duplicate, examples[i]!.file).toBe(true);
      expect(job.jobId, examples[i]!.file).toBe(before[i]!.jobId);
      expect(job.view.ticketId, examples[i]!.file).toBe(before[i]!.view.ticketId);
    });
    const listed = await service!.app.inject({ url: "/v1/tickets?limit=200", headers: bearer(service!.key) });
    const ticketIds = listed.json<{ items: { ticketId: string }[] }>().items.map((t) => t.ticketId);
    expect(ticketIds.sort()).toEqual(offline.filter((r) => r.outcome === "ticket").map((r) => r.ticketId).sort());
  }, 120_000);
});
