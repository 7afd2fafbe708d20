import { z } from "zod";

/**
 * The Redis settings every role reads (API, worker, scheduler, mailer, poller), declared once
 * and spread into each role's environment schema so they are documented and checked alike.
 */
export const redisEnvShape = {
  /** Redis holding the queues and the store. Default: the local one. */
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "expected a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  /** Prefix of every key the service writes (the store's and BullMQ's), so several installations can share a Redis. */
  MAILTRIAGE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "use 1-100 letters, digits, _ . : -").default("mailtriage"),
};
