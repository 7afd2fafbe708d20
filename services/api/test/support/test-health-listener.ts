import { pino } from "pino";
import { startHealthListener, type HealthListener } from "../../src/roles/health-listener";

/** A process's health listener (no roles) on a free loopback port against `redisUrl`, as start.ts runs it with MAILTRIAGE_HEALTH_PORT. */
export function startTestHealthListener(redisUrl: string): Promise<HealthListener> {
  return startHealthListener([], { host: "127.0.0.1", port: 0, redis: { topology: "standalone", url: redisUrl }, logger: pino({ level: "silent" }) });
}
