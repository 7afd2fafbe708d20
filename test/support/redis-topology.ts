import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RedisNode } from "@mailtriage/config";
import { connectRedis } from "@mailtriage/store";
import { freePort } from "./free-port";

// Redis Sentinel and Redis Cluster for tests (README "Redis topologies"), from Debian's
// `redis-server` and `redis-cli` (redis-server runs as a sentinel with `--sentinel`): child
// processes on free loopback ports, configs, data and logs in one temp folder, nothing persisted.

/** Path of a Redis binary, or null when it is not installed. */
export function redisBinary(name: "redis-server" | "redis-cli"): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":").filter((d) => d !== ""), "/usr/bin", "/usr/local/bin"];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

/** Why the topology tests cannot run on this machine, or null when they can. */
export function topologySkipReason(): string | null {
  const missing = (["redis-server", "redis-cli"] as const).filter((name) => redisBinary(name) === null);
  return missing.length === 0 ? null : `${missing.join(" and ")} not installed (apt-get install redis-server): Redis Sentinel and Cluster tests skipped`;
}

/** One redis-server (or sentinel) child process. */
interface ServerProcess {
  readonly node: RedisNode;
  readonly alive: boolean;
  /** Sends `signal` (default SIGKILL: a crash, nothing flushed) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs one command on one node over a connection of its own (admin and sentinel commands). */
export async function nodeCommand(node: RedisNode, command: string, ...args: (string | number)[]): Promise<unknown> {
  const redis = await connectRedis(`redis://${node.host}:${node.port}`, { maxRetriesPerRequest: 0 });
  try {
    return await redis.call(command, ...args);
  } finally {
    redis.disconnect();
  }
}

/** Polls `check` until it returns true; throws naming `what` after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `INFO` text → field map. */
function infoFields(text: string): Map<string, string> {
  return new Map(text.split("\r\n").flatMap((line) => (line.includes(":") ? [[line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)] as [string, string]] : [])));
}

/** The temp folder and child processes of one topology; `close()` kills them all and removes the folder. */
class ProcessGroup {
  readonly dir = mkdtempSync(join(tmpdir(), "mt-redis-topology-"));
  readonly #children: ChildProcess[] = [];
  readonly #ports = new Set<number>();
  readonly #killAll = (): void => {
    for (const child of this.#children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };

  constructor() {
    // A test run that dies without afterAll must not leave Redis processes behind.
    process.once("exit", this.#killAll);
  }

  /** A free loopback port not handed out by this group before (a node's port and bus port must differ). */
  async port(): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (this.#ports.has(port)) continue;
      this.#ports.add(port);
      return port;
    }
  }

  /** Starts `redis-server <conf> [--sentinel]` on `port` and waits until it answers PING. */
  async start(name: string, port: number, lines: readonly string[], options: { sentinel?: boolean } = {}): Promise<ServerProcess> {
    const conf = join(this.dir, `${name}.conf`);
    const log = join(this.dir, `${name}.log`);
    const persistence = options.sentinel ? [] : ['save ""', "appendonly no"];
    writeFileSync(conf, [`port ${port}`, "bind 127.0.0.1", `dir ${this.dir}`, `logfile ${log}`, ...persistence, ...lines, ""].join("\n"));
    const child = spawn(redisBinary("redis-server") ?? "redis-server", [conf, ...(options.sentinel ? ["--sentinel"] : [])], { stdio: ["ignore", "ignore", "pipe"] });
    this.#children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const node = { host: "127.0.0.1", port };
    await until(`${name} on port ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr.trim() || tail(log)}`);
      return (await nodeCommand(node, "PING")) === "PONG";
    }, 15_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; log: ${tail(log)}`);
    });
    return {
      node,
      get alive() {
        return child.exitCode === null && child.signalCode === null;
      },
      async kill(signal = "SIGKILL") {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
  }

  close(): void {
    this.#killAll();
    process.removeListener("exit", this.#killAll);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, "utf8").trim().split("\n").slice(-5).join(" | ");
  } catch {
    return "(no log)";
  }
}

/** A Redis Cluster of its own on loopback: every slot assigned, masters with or without replicas. */
export interface TestRedisCluster {
  /** Every node started, masters first (as given to `redis-cli --cluster create`). */
  readonly nodes: readonly RedisNode[];
  /** The Redis keys of a role's environment on this cluster. */
  readonly env: Record<string, string>;
  /** The master serving `slot` now, as a live node's `CLUSTER SLOTS` says. */
  masterOf(slot: number): Promise<RedisNode>;
  /** Waits until the replica of the master serving `slot` holds every write that master has (equal replication offsets). */
  waitForReplicaOf(slot: number): Promise<void>;
  /**
   * SIGKILLs the master serving `slot` (a crash) and waits until its replica says it is a master
   * and every live node reports `cluster_state:ok` with `slot` on that replica. Returns both nodes
   * and how long the promotion took. Needs `replicas: 1`.
   */
  crashMasterOf(slot: number): Promise<{ crashed: RedisNode; promoted: RedisNode; ms: number }>;
  /** Kills every node and deletes the temp folder. */
  close(): Promise<void>;
}

/** One line of `CLUSTER NODES`: `<id> <ip:port@bus> <flags> <master-id|-> …`. */
interface ClusterNodeLine {
  id: string;
  port: number;
  flags: string[];
  masterId: string | null;
}

async function clusterNodes(node: RedisNode): Promise<ClusterNodeLine[]> {
  const text = String(await nodeCommand(node, "CLUSTER", "NODES"));
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => {
    const [id = "", address = "", flags = "", master = "-"] = line.split(" ");
    return { id, port: Number(address.slice(address.lastIndexOf(":") + 1, address.indexOf("@"))), flags: flags.split(","), masterId: master === "-" ? null : master };
  });
}

/** The port of the master serving `slot` in `node`'s view (`CLUSTER SLOTS`), or null when no range covers it. */
async function slotOwner(node: RedisNode, slot: number): Promise<number | null> {
  const ranges = (await nodeCommand(node, "CLUSTER", "SLOTS")) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
  const range = ranges.find(([from, to]) => from <= slot && slot <= to);
  return range === undefined ? null : Number(range[2][1]);
}

/**
 * Starts `masters` nodes, plus `replicas` per master, with `cluster-enabled yes` (each with its
 * bus on a free port too: `cluster-port`) and `cluster-node-timeout nodeTimeoutMs` (how long a
 * silent master takes to be failed over: 5 s by default, 1 s for a failover test), joins them
 * with `redis-cli --cluster create … --cluster-replicas <replicas> --cluster-yes` and waits until
 * every node knows every other, reports `cluster_state:ok`, and every replica is in sync. About
 * a second for three masters, a few for three masters and three replicas.
 */
export async function startRedisCluster(options: { masters?: number; replicas?: 0 | 1; nodeTimeoutMs?: number } = {}): Promise<TestRedisCluster> {
  const group = new ProcessGroup();
  const replicas = options.replicas ?? 0;
  try {
    const servers: ServerProcess[] = [];
    for (let i = 0; i < (options.masters ?? 3) * (1 + replicas); i++) {
      const [port, bus] = [await group.port(), await group.port()];
      servers.push(await group.start(`cluster-${port}`, port, ["cluster-enabled yes", `cluster-config-file nodes-${port}.conf`, `cluster-port ${bus}`, `cluster-node-timeout ${options.nodeTimeoutMs ?? 5000}`]));
    }
    const nodes = servers.map((s) => s.node);
    // redis-cli makes the first `masters` nodes masters and the rest their replicas (it warns that
    // a replica shares its master's host: everything is on loopback here).
    const created = spawnSync(redisBinary("redis-cli") ?? "redis-cli", ["--cluster", "create", ...nodes.map((n) => `${n.host}:${n.port}`), "--cluster-replicas", String(replicas), "--cluster-yes"], { encoding: "utf8", timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stderr || created.stdout}`);
    for (const node of nodes) {
      await until(`cluster_state:ok on ${node.port}, knowing ${nodes.length} nodes`, async () => {
        const info = infoFields(String(await nodeCommand(node, "CLUSTER", "INFO")));
        return info.get("cluster_state") === "ok" && info.get("cluster_known_nodes") === String(nodes.length);
      });
      await until(`${node.port} to be a master or an in-sync replica`, async () => {
        const info = infoFields(String(await nodeCommand(node, "INFO", "replication")));
        return info.get("role") === "master" || info.get("master_link_status") === "up";
      });
    }
    const live = (): ServerProcess[] => servers.filter((s) => s.alive);
    const server = (port: number): ServerProcess => {
      const found = servers.find((s) => s.node.port === port);
      if (found === undefined) throw new Error(`no node of this cluster on port ${port}`);
      return found;
    };
    const masterOf = async (slot: number): Promise<ServerProcess> => {
      const port = await slotOwner(live()[0]!.node, slot);
      if (port === null) throw new Error(`no master serves slot ${slot}`);
      return server(port);
    };
    /** The master serving `slot` and its replica (the one replica `replicas: 1` gives it). */
    const shardOf = async (slot: number): Promise<{ master: ServerProcess; replica: ServerProcess }> => {
      const master = await masterOf(slot);
      const lines = await clusterNodes(master.node);
      const masterId = lines.find((l) => l.flags.includes("myself"))?.id;
      const replicaLine = lines.find((l) => l.masterId === masterId && !l.flags.includes("fail"));
      if (replicaLine === undefined) throw new Error(`the master on port ${master.node.port} (slot ${slot}) has no replica: start the cluster with replicas: 1`);
      return { master, replica: server(replicaLine.port) };
    };
    return {
      nodes,
      env: { MAILTRIAGE_REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(",") },
      masterOf: async (slot) => (await masterOf(slot)).node,
      async waitForReplicaOf(slot) {
        const { master, replica } = await shardOf(slot);
        const offset = Number(infoFields(String(await nodeCommand(master.node, "INFO", "replication"))).get("master_repl_offset"));
        await until(`the replica on port ${replica.node.port} to catch up`, async () => Number(infoFields(String(await nodeCommand(replica.node, "INFO", "replication"))).get("slave_repl_offset")) >= offset);
      },
      async crashMasterOf(slot) {
        const { master, replica } = await shardOf(slot);
        const started = Date.now();
        await master.kill("SIGKILL");
        await until(`the replica on port ${replica.node.port} to be promoted for slot ${slot}`, async () => {
          if (((await nodeCommand(replica.node, "ROLE")) as [string])[0] !== "master") return false;
          for (const s of live()) {
            if (infoFields(String(await nodeCommand(s.node, "CLUSTER", "INFO"))).get("cluster_state") !== "ok") return false;
            if ((await slotOwner(s.node, slot)) !== replica.node.port) return false;
          }
          return true;
        }, 45_000);
        return { crashed: master.node, promoted: replica.node, ms: Date.now() - started };
      },
      close: async () => group.close(),
    };
  } catch (error) {
    group.close();
    throw error;
  }
}

/** A master, its replica and sentinels watching them, on loopback. */
export interface TestRedisSentinel {
  readonly masterName: string;
  readonly sentinels: readonly RedisNode[];
  /** The Redis keys of a role's environment on this setup. */
  readonly env: Record<string, string>;
  /** The master as the first sentinel names it now. */
  currentMaster(): Promise<RedisNode>;
  /** Waits until the replica holds every write the master has (equal replication offsets). */
  waitForReplica(): Promise<void>;
  /**
   * SIGKILLs the master (a crash) and waits until every sentinel names the replica as the new
   * master and the replica says it is one. Returns both nodes and how long the promotion took.
   */
  crashMaster(): Promise<{ crashed: RedisNode; promoted: RedisNode; ms: number }>;
  /** Kills every process and deletes the temp folder. */
  close(): Promise<void>;
}

/**
 * Starts a master, one replica (`replicaof`) and `sentinels` sentinels (`redis-server <conf>
 * --sentinel`, quorum = a majority) that declare the master down after 1 s, and waits until
 * the replica is in sync and every sentinel knows the replica and the other sentinels (so a
 * failover can be voted). A few seconds.
 */
export async function startRedisSentinel(options: { sentinels?: number; masterName?: string } = {}): Promise<TestRedisSentinel> {
  const group = new ProcessGroup();
  const name = options.masterName ?? "mt-test-master";
  const count = options.sentinels ?? 3;
  try {
    const master = await group.start("master", await group.port(), []);
    const replica = await group.start("replica", await group.port(), [`replicaof ${master.node.host} ${master.node.port}`]);
    await until("the replica in sync", async () => infoFields(String(await nodeCommand(replica.node, "INFO", "replication"))).get("master_link_status") === "up");
    const sentinels: ServerProcess[] = [];
    for (let i = 0; i < count; i++) {
      const port = await group.port();
      sentinels.push(
        await group.start(`sentinel-${port}`, port, [
          `sentinel monitor ${name} ${master.node.host} ${master.node.port} ${Math.floor(count / 2) + 1}`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
        ], { sentinel: true }),
      );
    }
    const nodes = sentinels.map((s) => s.node);
    const masterInfo = async (sentinel: RedisNode): Promise<Map<string, string>> => {
      const flat = (await nodeCommand(sentinel, "SENTINEL", "MASTER", name)) as string[];
      return new Map(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1] ?? ""] as [string, string]] : [])));
    };
    for (const sentinel of nodes) {
      await until(`sentinel ${sentinel.port} to know the replica and ${count - 1} other sentinels`, async () => {
        const info = await masterInfo(sentinel);
        return info.get("num-slaves") === "1" && info.get("num-other-sentinels") === String(count - 1);
      });
    }
    const masterOf = async (sentinel: RedisNode): Promise<RedisNode> => {
      const [host, port] = (await nodeCommand(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)) as [string, string];
      return { host, port: Number(port) };
    };
    let current = master;
    let standby = replica;
    return {
      masterName: name,
      sentinels: nodes,
      env: { MAILTRIAGE_REDIS_SENTINELS: nodes.map((n) => `${n.host}:${n.port}`).join(","), MAILTRIAGE_REDIS_SENTINEL_NAME: name },
      currentMaster: () => masterOf(nodes[0]!),
      async waitForReplica() {
        const offset = Number(infoFields(String(await nodeCommand(current.node, "INFO", "replication"))).get("master_repl_offset"));
        await until("the replica to catch up", async () => Number(infoFields(String(await nodeCommand(standby.node, "INFO", "replication"))).get("slave_repl_offset")) >= offset);
      },
      async crashMaster() {
        const started = Date.now();
        const crashed = current;
        await crashed.kill("SIGKILL");
        await until("the sentinels to promote the replica", async () => {
          const named = await Promise.all(nodes.map(masterOf));
          const role = (await nodeCommand(standby.node, "ROLE")) as [string];
          return named.every((n) => n.port === standby.node.port) && role[0] === "master";
        }, 45_000);
        [current, standby] = [standby, crashed];
        return { crashed: crashed.node, promoted: current.node, ms: Date.now() - started };
      },
      close: async () => group.close(),
    };
  } catch (error) {
    group.close();
    throw error;
  }
}
