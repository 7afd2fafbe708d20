import type { RedisNode, RedisSettings } from "@mailtriage/config";
import { Cluster, Redis, type RedisOptions } from "ioredis";

/**
 * A connection of any topology: one Redis (standalone, or the master Sentinel points to) or a
 * Redis Cluster. Both speak the same commands; on a Cluster every multi-key command, MULTI and
 * script must stay in one hash slot (the store's keys do: `keyRoot`), and keyless scans (SCAN,
 * KEYS) reach one node only, so the store uses none.
 */
export type RedisClient = Redis | Cluster;

/** Redis could not be reached at start-up; the message is the one line an operator needs. */
export class RedisUnreachableError extends Error {
  override readonly name = "RedisUnreachableError";
}

export interface ConnectOptions {
  /** Shown in `CLIENT LIST` (e.g. `"mailtriage-worker"`). */
  connectionName?: string;
  /**
   * ioredis `maxRetriesPerRequest`. `null` (default) queues commands while Redis reconnects,
   * as BullMQ workers require; an HTTP layer may prefer a small number to fail fast.
   */
  maxRetriesPerRequest?: number | null;
  /** Called for connection errors after the first successful connect (ioredis reconnects by itself). */
  onError?: (error: Error) => void;
}

/** Reconnect backoff once connected: 0.2 s, 0.4 s … capped at 5 s. */
const reconnectDelay = (times: number): number => Math.min(200 * times, 5_000);

/**
 * Connects to Redis and waits until it answers: a URL (standalone), or the settings of any
 * topology (`redisSettings` of @mailtriage/config: standalone, Sentinel, Cluster). The first
 * connect does not retry: an unreachable Redis fails at once with one line naming where it looked
 * (`cannot reach Redis at redis://host:port: ECONNREFUSED`, passwords removed), so a service
 * says so instead of hanging. Later disconnects reconnect with a capped backoff (0.2 s … 5 s);
 * with Sentinel, each reconnect asks the sentinels for the current master, so a failover is
 * followed; with Cluster, the slot map is re-read.
 * @throws RedisUnreachableError when the first connect fails.
 */
export function connectRedis(url: string, options?: ConnectOptions): Promise<Redis>;
export function connectRedis(settings: RedisSettings, options?: ConnectOptions): Promise<RedisClient>;
export async function connectRedis(target: string | RedisSettings, options: ConnectOptions = {}): Promise<RedisClient> {
  const settings: RedisSettings = typeof target === "string" ? { topology: "standalone", url: target } : target;
  let connected = false;
  let firstError: Error | undefined;
  const retry = (times: number): number | null => (connected ? reconnectDelay(times) : null);
  const client = createClient(settings, options, retry);
  client.on("error", (error: Error) => {
    if (!connected) firstError ??= error;
    else options.onError?.(error);
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const cause = firstError ?? (error as Error);
    throw new RedisUnreachableError(`cannot reach ${describeRedis(settings)}: ${errorCode(cause)}`, { cause });
  }
  connected = true;
  return client;
}

/** The ioredis client of a topology, not connected yet (`lazyConnect`). */
function createClient(settings: RedisSettings, options: ConnectOptions, retry: (times: number) => number | null): RedisClient {
  const common: RedisOptions = {
    lazyConnect: true,
    connectionName: options.connectionName,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
  };
  switch (settings.topology) {
    case "standalone":
      return new Redis(settings.url, { ...common, retryStrategy: retry });
    case "sentinel":
      return new Redis({
        ...common,
        ...urlAuth(settings.url),
        db: settings.database,
        sentinels: settings.sentinels,
        name: settings.masterName,
        sentinelPassword: settings.sentinelPassword,
        retryStrategy: retry,
        sentinelRetryStrategy: retry,
        // A crashed master drops the connection (reconnect = ask the sentinels again); a demoted
        // one answers writes READONLY (same). Not ioredis' `failoverDetector`: its sentinel
        // subscriptions outlive `quit()` (ioredis 5.11), keeping a closed service's process alive.
        reconnectOnError: readOnlyReplica,
      });
    case "cluster":
      return new Cluster(settings.nodes, {
        lazyConnect: true,
        clusterRetryStrategy: retry,
        redisOptions: { connectionName: common.connectionName, maxRetriesPerRequest: common.maxRetriesPerRequest, ...urlAuth(settings.url) },
      });
  }
}

/**
 * A master demoted to a replica answers writes with READONLY: reconnect (asking the sentinels
 * again) and resend the command, as BullMQ's production guide advises. Sentinel only: a plain
 * URL naming a replica would reconnect to the same replica for ever.
 */
function readOnlyReplica(error: Error): 2 | false {
  return error.message.startsWith("READONLY") ? 2 : false;
}

/** User, password and TLS of a Redis URL (for the data nodes of a Sentinel or Cluster setup). */
function urlAuth(url: string): Pick<RedisOptions, "username" | "password" | "tls"> {
  const u = new URL(url);
  return {
    ...(u.username !== "" && { username: decodeURIComponent(u.username) }),
    ...(u.password !== "" && { password: decodeURIComponent(u.password) }),
    ...(u.protocol === "rediss:" && { tls: {} }),
  };
}

/**
 * Another connection like `client` (same topology, servers and credentials) under its own
 * `CLIENT LIST` name: for blocking reads (XREADGROUP … BLOCK) or WATCH that must not share the
 * connection, or with ioredis auto-pipelining (`autoPipelining`). Like any ioredis client it
 * needs an `error` listener; the caller closes it (`quit()`).
 */
export function duplicateRedis(client: RedisClient, connectionName: string, options: { autoPipelining?: boolean } = {}): RedisClient {
  const enableAutoPipelining = options.autoPipelining ?? false;
  if (client instanceof Cluster) return client.duplicate(undefined, { enableAutoPipelining, redisOptions: { ...client.options.redisOptions, connectionName } });
  return client.duplicate({ connectionName, enableAutoPipelining });
}

/** Where a connection goes, for messages and logs, without passwords. */
export function describeRedis(settings: RedisSettings): string {
  switch (settings.topology) {
    case "standalone":
      return `Redis at ${redactUrl(settings.url)}`;
    case "sentinel":
      return `Redis master "${settings.masterName}" through Sentinel ${nodeList(settings.sentinels)}`;
    case "cluster":
      return `Redis Cluster at ${nodeList(settings.nodes)}`;
  }
}

function nodeList(nodes: readonly RedisNode[]): string {
  return nodes.map((n) => (n.host.includes(":") ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`)).join(",");
}

/** The short cause of a failed connect: the socket error code (`ECONNREFUSED`), else what Redis or ioredis said. */
function errorCode(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined) return code;
  // ioredis keeps the sockets' own errors of sentinels and cluster nodes to itself; the last one's message is all there is.
  const sentinel = /^All sentinels are unreachable.*?(?: Last error: (.*))?$/.exec(error.message);
  if (sentinel !== null) return `no sentinel named a master (${sentinel[1] ?? "no answer"})`;
  const nodeError = (error as Error & { lastNodeError?: Error }).lastNodeError;
  if (nodeError !== undefined) return `no node answered (${(nodeError as NodeJS.ErrnoException).code ?? nodeError.message})`;
  return error.message;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(unparseable Redis URL)";
  }
}
