import type { TriageResult } from "@mailtriage/contracts";
import { keyRoot } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRedis } from "../../packages/store/test/support/redis";
import { openTopologyService, type TopologyService } from "../../services/api/test/support/topology-app";
import { bearer } from "../../services/api/test/support/test-api";
import type { JobView } from "../../services/api/test/support/wait-for-job";
import { EXAMPLES_RECEIVED_AT, loadExamples } from "../support/examples";
import { offlineResults } from "../support/offline-results";
import { nodeCommand, startRedisCluster, startRedisSentinel, topologySkipReason, type TestRedisCluster } from "../support/redis-topology";

// README "Redis topologies": the whole pipeline (HTTP intake → BullMQ worker → store → API) on
// one Redis, on a Redis Cluster of three masters and on a Sentinel-managed master with a
// replica, each against the same reference: the offline command's results for the examples
// (which the standalone end-to-end test also matches).
const examples = loadExamples();
const skip = topologySkipReason();

/** A running topology: the env keys a role needs for it, and how to stop it. */
interface Topology {
  env: Record<string, string>;
  cluster?: TestRedisCluster;
  close(): Promise<void>;
}

const TOPOLOGIES: [name: string, needsBinaries: boolean, start: () => Promise<Topology>][] = [
  [
    "standalone",
    false,
    async () => {
      const server = await startTestRedis();
      return { env: { REDIS_URL: server.url }, close: () => server.stop() };
    },
  ],
  [
    "cluster",
    true,
    async () => {
      const cluster = await startRedisCluster({ masters: 3 });
      return { env: cluster.env, cluster, close: () => cluster.close() };
    },
  ],
  [
    "sentinel",
    true,
    async () => {
      const sentinel = await startRedisSentinel({ sentinels: 3 });
      return { env: sentinel.env, close: () => sentinel.close() };
    },
  ],
];

let offline: TriageResult[] = [];
beforeAll(async () => {
  offline = await offlineResults(examples, EXAMPLES_RECEIVED_AT);
});

describe.each(TOPOLOGIES)("Redis topology: %s", (name, needsBinaries, start) => {
  const skipped = needsBinaries && skip !== null;
  let topology: Topology | undefined;
  let service: TopologyService | undefined;
  const jobs: JobView[] = [];

  beforeAll(async () => {
    if (skipped) return;
    topology = await start();
    service = await openTopologyService(name, topology.env, EXAMPLES_RECEIVED_AT);
    // One at a time, as the offline run: a reply must find the ticket of the message before it.
    for (const example of examples) jobs.push(await service.job((await service.post(example.raw)).jobId));
  }, 120_000);

  afterAll(async () => {
    try {
      await service?.close();
    } finally {
      await topology?.close();
    }
  });

  it.skipIf(skipped)(`when every example is posted, then each job's result equals the offline run's${skipped ? ` (skipped: ${skip})` : ""}`, () => {
    expect(examples.length).toBeGreaterThan(50);
    expect(jobs).toHaveLength(examples.length);
    offline.forEach((reference, i) => {
      const job = jobs[i]!;
      expect(job.state, examples[i]!.file).toBe("completed");
      // Within one offline run a repeat is `ignored`/`duplicate`; the service returns the earlier result (POLICY §7).
      if (reference.reason === "duplicate") expect(job.ticketId, examples[i]!.file).toBe(reference.ticketId);
      else expect(job.result, examples[i]!.file).toEqual(reference);
    });
  });

  it.skipIf(skipped)("when the tickets are read back through the API, then each carries its messages and the list has them all", async () => {
    const app = service!.app;
    const tickets = offline.filter((r) => r.outcome === "ticket");
    for (const reference of tickets) {
      const response = await app.inject({ url: `/v1/tickets/${reference.ticketId}`, headers: bearer(service!.key) });
      expect(response.statusCode, reference.ticketId ?? "").toBe(200);
      const view = response.json<{ ticket: { ticketId: string }; messages: unknown[] }>();
      const expectedMessages = offline.filter((r) => r.ticketId === reference.ticketId && r.reason !== "duplicate").length;
      expect(view.messages, reference.ticketId ?? "").toHaveLength(expectedMessages);
    }
    const listed = await app.inject({ url: "/v1/tickets?limit=200", headers: bearer(service!.key) });
    expect(listed.json<{ items: { ticketId: string }[] }>().items.map((t) => t.ticketId).sort()).toEqual(tickets.map((t) => t.ticketId).sort());
  });

  it.skipIf(skipped)("when readiness is asked, then Redis answers and the inbound and maintenance workers are counted", async () => {
    const response = await service!.app.inject({ url: "/health/ready" });
    expect(response.json<{ ready: boolean; reasons: string[] }>()).toMatchObject({ ready: true, reasons: [] });
  });

  if (name !== "cluster") return;
  it.skipIf(skipped)("when the run is over, then every key of the installation (store, queues, API keys) is in the one slot of its hash tag", async () => {
    const cluster = topology!.cluster!;
    const slot = Number(await nodeCommand(cluster.nodes[0]!, "CLUSTER", "KEYSLOT", keyRoot(service!.prefix)));
    let total = 0;
    let inSlot = 0;
    for (const node of cluster.nodes) {
      total += Number(await nodeCommand(node, "DBSIZE"));
      inSlot += Number(await nodeCommand(node, "CLUSTER", "COUNTKEYSINSLOT", slot));
    }
    expect(total).toBeGreaterThan(100);
    expect(inSlot).toBe(total);
  });
});
