import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";
import { deliveryLogScript } from "./scripts/delivery-log-script";

/** Where a delivery stands: more attempts to come, done, or given up. */
export type DeliveryStatus = "retrying" | "delivered" | "failed";

/** One webhook delivery (an event to one URL) in the delivery log. */
export interface WebhookDelivery {
  /** `webhookDeliveryId(eventId, url)`, also the BullMQ job id and the `X-Mailtriage-Delivery` header. */
  deliveryId: string;
  eventId: string;
  eventType: string;
  url: string;
  /** Attempts made so far (HTTP requests sent, or tried). */
  attempts: number;
  status: DeliveryStatus;
  /** HTTP status of the last attempt; null when it got no response (network error, timeout). */
  lastStatus: number | null;
  /** Why the last attempt failed (`HTTP 503`, `TimeoutError: …`); null after a success. */
  lastError: string | null;
  /** ISO-8601. */
  firstAttemptAt: string;
  lastAttemptAt: string;
  /** When a 2xx came back, ISO-8601; null until then. */
  deliveredAt: string | null;
}

/** The webhook delivery log: one record per delivery, updated after every attempt, capped. */
export interface WebhookLog {
  /** A delivery's record, or null (never attempted, or dropped by the cap). */
  get(deliveryId: string): Promise<WebhookDelivery | null>;
  /** Writes a delivery's record after an attempt; beyond the cap, the deliveries first attempted longest ago go. */
  record(delivery: WebhookDelivery): Promise<void>;
  /**
   * Deliveries, most recently first attempted first; `status` filters the page read (so a
   * filtered page may be short). @param query.limit 1-1000, default 50. @throws RangeError.
   */
  list(query?: { limit?: number; status?: DeliveryStatus }): Promise<WebhookDelivery[]>;
}

/** Most deliveries kept in the log by default. */
export const WEBHOOK_LOG_MAX = 10_000;

/** The delivery log on `redis` (`P:webhook:deliveries`, `P:webhook:delivery:<id>`); `maxEntries` caps it. */
export function createWebhookLog(redis: RedisClient, options: { keys: StoreKeys; maxEntries?: number }): WebhookLog {
  const { keys } = options;
  const max = options.maxEntries ?? WEBHOOK_LOG_MAX;
  const recordPrefix = keys.webhookDelivery("");
  return {
    async get(deliveryId) {
      const json = await redis.get(keys.webhookDelivery(deliveryId));
      return json === null ? null : (JSON.parse(json) as WebhookDelivery);
    },
    async record(delivery) {
      const first = Date.parse(delivery.firstAttemptAt);
      await deliveryLogScript.run(redis, [keys.webhookDeliveries, keys.webhookDelivery(delivery.deliveryId)], [delivery.deliveryId, JSON.stringify(delivery), Number.isFinite(first) ? first : 0, max, recordPrefix]);
    },
    async list(query = {}) {
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) throw new RangeError(`limit: expected an integer 1-1000, got ${limit}`);
      const ids = await redis.zrevrange(keys.webhookDeliveries, 0, limit - 1);
      if (ids.length === 0) return [];
      const docs = await redis.mget(...ids.map((id) => keys.webhookDelivery(id)));
      const deliveries = docs.flatMap((json) => (json === null ? [] : [JSON.parse(json) as WebhookDelivery]));
      return query.status === undefined ? deliveries : deliveries.filter((d) => d.status === query.status);
    },
  };
}
