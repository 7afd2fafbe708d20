import { Redis } from "ioredis";

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

/**
 * Connects to `url` and waits until Redis answers. The first connect does not retry: an
 * unreachable Redis fails at once with `cannot reach Redis at redis://host:port: ECONNREFUSED`
 * (password removed), so a service says so in one line instead of hanging. Later disconnects
 * reconnect with a capped backoff (0.2 s … 5 s).
 * @throws RedisUnreachableError when the first connect fails.
 */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<Redis> {
  let connected = false;
  let firstError: Error | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: options.connectionName,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    retryStrategy: (times) => (connected ? Math.min(200 * times, 5_000) : null),
  });
  redis.on("error", (error: Error) => {
    if (!connected) firstError ??= error;
    else options.onError?.(error);
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const cause = firstError ?? (error as Error);
    const code = (cause as NodeJS.ErrnoException).code ?? cause.message;
    throw new RedisUnreachableError(`cannot reach Redis at ${redactUrl(url)}: ${code}`, { cause });
  }
  connected = true;
  return redis;
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
