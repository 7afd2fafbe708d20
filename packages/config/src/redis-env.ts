import { z } from "zod";
import { ConfigError } from "./config-error";

/** One Redis server address: a Sentinel, or a seed node of a Cluster. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * How to reach Redis, built from the environment by `redisSettings` and handed to the store's
 * `connectRedis` (one factory for every role). `url` always carries the credentials and TLS
 * (`rediss:`) of the data nodes; its host and port are used only by `standalone`.
 */
export type RedisSettings =
  | { topology: "standalone"; url: string }
  | {
      topology: "sentinel";
      url: string;
      /** Sentinels asked for the current master. */
      sentinels: RedisNode[];
      /** The master group name the sentinels monitor (`sentinel monitor <name> …`). */
      masterName: string;
      /** Password of the sentinels themselves (`requirepass` in sentinel.conf), when they have one. */
      sentinelPassword?: string;
      /** Database number on the master (the path of `url`, `/2`; 0 when absent). */
      database: number;
    }
  | {
      topology: "cluster";
      url: string;
      /** Seed nodes: any reachable one gives the whole slot map. */
      nodes: RedisNode[];
    };

/**
 * `host:port,host:port` (an IPv6 host in brackets: `[::1]:26379`); blanks around commas are
 * dropped. Entries are named by position in errors, never echoed (a mistyped URL may hold a password).
 */
const nodeList = z.string().transform((value, ctx) => {
  const entries = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (entries.length === 0) ctx.addIssue({ code: "custom", message: "expected host:port[,host:port…]" });
  return entries.flatMap((entry, i) => {
    const node = parseNode(entry);
    if (node === null) ctx.addIssue({ code: "custom", message: `entry ${i + 1} is not host:port with a port 1-65535` });
    return node === null ? [] : [node];
  });
});

function parseNode(entry: string): RedisNode | null {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_.-]+)):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[3]);
  if (match === null || !(port >= 1 && port <= 65_535)) return null;
  return { host: match[1] ?? match[2] ?? "", port };
}

/**
 * The Redis settings every role reads (API, worker, scheduler, mailer, poller), declared once
 * and spread into each role's environment schema so they are documented and checked alike.
 * Three topologies (README "Redis topologies"): one Redis (`REDIS_URL` alone), a master watched
 * by Sentinel (`MAILTRIAGE_REDIS_SENTINELS` + `MAILTRIAGE_REDIS_SENTINEL_NAME`) or a Redis
 * Cluster (`MAILTRIAGE_REDIS_CLUSTER_NODES`). The cross-key rules are `refineRedisEnv`.
 */
export const redisEnvShape = {
  /**
   * Redis holding the queues and the store. Default: the local one. With Sentinel or Cluster,
   * only its user, password and scheme (`rediss:` = TLS) apply, to every data node, and with
   * Sentinel its database number (`/2`); its host and port are not used.
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "expected a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  /**
   * Prefix of every key the service writes (the store's and BullMQ's), so several installations
   * can share a Redis. Keys start with it in braces (`{mailtriage}:…`): a Redis Cluster hash tag,
   * so one installation's keys share one slot and every atomic write stays on one node.
   */
  MAILTRIAGE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use 1-100 letters, digits, _ . : -").default("mailtriage"),
  /**
   * Sentinels to ask for the master, `host:port,host:port` (usually three, port 26379). Set:
   * the service follows the master through failovers. Needs `MAILTRIAGE_REDIS_SENTINEL_NAME`.
   */
  MAILTRIAGE_REDIS_SENTINELS: nodeList.optional(),
  /** Master group name the sentinels monitor (`sentinel monitor <name> …`); only with `MAILTRIAGE_REDIS_SENTINELS`. */
  MAILTRIAGE_REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use 1-100 letters, digits, _ . : -").optional(),
  /** Password of the sentinels (their own `requirepass`); the data nodes' password stays in `REDIS_URL`. Never logged. */
  MAILTRIAGE_REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /**
   * Redis Cluster seed nodes, `host:port,host:port` (a few masters are enough: the client reads
   * the slot map from them). Set: cluster mode, database 0 only.
   */
  MAILTRIAGE_REDIS_CLUSTER_NODES: nodeList.optional(),
};

/** The parsed Redis keys (part of every role's parsed environment). */
export type RedisEnv = z.output<z.ZodObject<typeof redisEnvShape>>;

/** One broken cross-key rule: the key to fix and why. */
interface RedisEnvProblem {
  key: keyof RedisEnv;
  message: string;
}

/** The cross-key rules of the Redis keys: which topology, and what goes with what. */
function redisEnvProblems(env: RedisEnv): RedisEnvProblem[] {
  const problems: RedisEnvProblem[] = [];
  const sentinel = env.MAILTRIAGE_REDIS_SENTINELS !== undefined;
  if (sentinel && env.MAILTRIAGE_REDIS_CLUSTER_NODES !== undefined) {
    problems.push({ key: "MAILTRIAGE_REDIS_CLUSTER_NODES", message: "set either MAILTRIAGE_REDIS_SENTINELS or MAILTRIAGE_REDIS_CLUSTER_NODES, not both" });
  }
  if (sentinel && env.MAILTRIAGE_REDIS_SENTINEL_NAME === undefined) {
    problems.push({ key: "MAILTRIAGE_REDIS_SENTINEL_NAME", message: "required with MAILTRIAGE_REDIS_SENTINELS (the name in `sentinel monitor <name> …`)" });
  }
  for (const key of ["MAILTRIAGE_REDIS_SENTINEL_NAME", "MAILTRIAGE_REDIS_SENTINEL_PASSWORD"] as const) {
    if (!sentinel && env[key] !== undefined) problems.push({ key, message: "only used with MAILTRIAGE_REDIS_SENTINELS" });
  }
  const database = databaseOf(env.REDIS_URL);
  if (!Number.isInteger(database) || database < 0) {
    problems.push({ key: "REDIS_URL", message: "the path must be a database number (/0, /1 …) or nothing" });
  } else if (env.MAILTRIAGE_REDIS_CLUSTER_NODES !== undefined && database !== 0) {
    problems.push({ key: "REDIS_URL", message: "a Redis Cluster has database 0 only: drop the /<number> from the URL (or use MAILTRIAGE_REDIS_PREFIX to share it)" });
  }
  return problems;
}

/** The database number of a Redis URL's path (`/2`): 0 when absent, NaN when not a number. */
function databaseOf(url: string): number {
  const path = URL.canParse(url) ? new URL(url).pathname.replace(/^\//, "") : "";
  return path === "" ? 0 : /^\d{1,5}$/.test(path) ? Number(path) : Number.NaN;
}

/**
 * The cross-key checks of the Redis keys, for a role's schema: `.superRefine((env, ctx) =>
 * refineRedisEnv(env, ctx))`. Each issue names the key to fix and the key it conflicts with.
 */
export function refineRedisEnv(env: RedisEnv, ctx: z.RefinementCtx): void {
  for (const problem of redisEnvProblems(env)) ctx.addIssue({ code: "custom", path: [problem.key], message: problem.message });
}

/**
 * The connection settings of a parsed environment (any role's: they all spread `redisEnvShape`).
 * @throws ConfigError naming the key when the Redis keys conflict (the same rules as `refineRedisEnv`).
 */
export function redisSettings(env: RedisEnv): RedisSettings {
  const problems = redisEnvProblems(env);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${p.key}: ${p.message}`).join("\n"));
  const url = env.REDIS_URL;
  if (env.MAILTRIAGE_REDIS_CLUSTER_NODES !== undefined) return { topology: "cluster", url, nodes: env.MAILTRIAGE_REDIS_CLUSTER_NODES };
  if (env.MAILTRIAGE_REDIS_SENTINELS !== undefined && env.MAILTRIAGE_REDIS_SENTINEL_NAME !== undefined) {
    return {
      topology: "sentinel",
      url,
      sentinels: env.MAILTRIAGE_REDIS_SENTINELS,
      masterName: env.MAILTRIAGE_REDIS_SENTINEL_NAME,
      database: databaseOf(url),
      ...(env.MAILTRIAGE_REDIS_SENTINEL_PASSWORD !== undefined && { sentinelPassword: env.MAILTRIAGE_REDIS_SENTINEL_PASSWORD }),
    };
  }
  return { topology: "standalone", url };
}

/** The Redis keys alone, with their cross-key checks: for commands that only need Redis (`pnpm api-key`). */
export const RedisEnvSchema = z.object(redisEnvShape).superRefine((env, ctx) => refineRedisEnv(env, ctx));
