import type { TriageResult } from "@mailtriage/contracts";
import type { RedisNode } from "@mailtriage/config";
import { keyRoot } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTopologyService, type TopologyService } from "../../services/api/test/support/topology-app";
import { bearer } from "../../services/api/test/support/test-api";
import type { JobView } from "../../services/api/test/support/wait-for-job";
import { EXAMPLES_RECEIVED_AT, loadExamples } from "../support/examples";
import { offlineResults } from "../support/offline-results";
import { nodeCommand, startRedisCluster, startRedisSentinel, topologySkipReason } from "../support/redis-topology";

// README "Redis topologies": the master holding the installation's data crashes (SIGKILL)
// between two batches of messages; the topology promotes a replica and the service follows it
// without a restart. Every key is under one `{prefix}` hash tag, so on a Cluster that is the
// master serving the tag's slot.
const examples = loadExamples();
/** The batch before the crash ends with 19-solnube…: its follow-up (20-…) arrives after it, so threading must find a ticket written before the failover. */
const SPLIT = examples.findIndex((e) => e.file.startsWith("20-"));
const skip = topologySkipReason();

/** One topology with a replica behind the installation's master, seen the same way for both kinds. */
interface FailoverTopology {
  readonly env: Record<string, string>;
  /** Waits until the replica holds everything the master acknowledged (replication is asynchronous). */
  waitForReplica(): Promise<void>;
  /** SIGKILLs the master and waits for the promotion. */
  crashMaster(): Promise<{ crashed: RedisNode; promoted: RedisNode; ms: number }>;
  /** The master the topology names now. */
  currentMaster(): Promise<RedisNode>;
  close(): Promise<void>;
}

const TOPOLOGIES: readonly { name: string; open: (prefix: () => string) => Promise<FailoverTopology> }[] = [
  {
    name: "Sentinel (master, replica, 3 sentinels)",
    open: async () => startRedisSentinel({ sentinels: 3 }),
  },
  {
    name: "Cluster (3 masters with a replica each)",
    open: async (prefix) => {
      // A 1 s node timeout: the replica takes over a second or two after the crash, not 5 s+.
      const cluster = await startRedisCluster({ masters: 3, replicas: 1, nodeTimeoutMs: 1000 });
      // Asked once, before any node is killed (nodes[0] may be the master that goes).
      let known: number | undefined;
      const slot = async () => (known ??= Number(await nodeCommand(cluster.nodes[0]!, "CLUSTER", "KEYSLOT", keyRoot(prefix()))));
      return {
        env: cluster.env,
        waitForReplica: async () => cluster.waitForReplicaOf(await slot()),
        crashMaster: async () => cluster.crashMasterOf(await slot()),
        currentMaster: async () => cluster.masterOf(await slot()),
        close: () => cluster.close(),
      };
    },
  },
];

describe.skipIf(skip !== null).each(TOPOLOGIES)(`Redis failover: $name${skip === null ? "" : ` (skipped: ${skip})`}`, ({ name, open }) => {
  let topology: FailoverTopology | undefined;
  let service: TopologyService | undefined;
  let offline: TriageResult[] = [];

  beforeAll(async () => {
    offline = await offlineResults(examples, EXAMPLES_RECEIVED_AT);
    topology = await open(() => service!.prefix);
    service = await openTopologyService(name.startsWith("Cluster") ? "cluster-failover" : "sentinel-failover", topology.env, EXAMPLES_RECEIVED_AT);
  }, 60_000);

  afterAll(async () => {
    try {
      await service?.close();
    } finally {
      await topology?.close();
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

  it("when the master is SIGKILLed between two batches, then a replica is promoted, later messages become tickets as before, and no message taken in before is ticketed again", async () => {
    expect(SPLIT).toBeGreaterThan(5);
    const before = await postAll(examples.slice(0, SPLIT));
    // What was acknowledged before the crash is on the replica (Redis replicates asynchronously:
    // see README "Redis topologies" for what a crash inside that window can lose).
    await topology!.waitForReplica();
    const { crashed, promoted, ms } = await topology!.crashMaster();
    console.info(`${name}: the replica on port ${promoted.port} took over ${ms} ms after the master on port ${crashed.port} was killed`);
    expect(promoted.port).not.toBe(crashed.port);
    expect(await topology!.currentMaster()).toEqual(promoted);

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
