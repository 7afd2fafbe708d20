import type { WebhookJobData } from "@mailtriage/store";
import { signWebhook, WEBHOOK_HEADERS } from "./webhook-signature";

/** The outcome of one POST. */
export interface WebhookAttempt {
  /** A 2xx came back. */
  ok: boolean;
  /** HTTP status; null when no response came (network error, timeout). */
  status: number | null;
  /** Why it failed (`HTTP 503`, `TimeoutError: …`); null when ok. */
  error: string | null;
  /** Worth trying again later: 5xx, 408, 429, no response. Other statuses are the receiver's final word. */
  retryable: boolean;
}

/** The JSON body of every webhook request. */
export interface WebhookBody {
  /** Events-stream id (`<ms>-<seq>`): orders events; deliveries may arrive out of order. */
  eventId: string;
  type: string;
  /** The event as stored (`StoreEvent` of @mailtriage/store). */
  event: unknown;
}

export interface PostOptions {
  secret: string;
  /** The POST is abandoned after this many ms (`AbortSignal.timeout`). */
  timeoutMs: number;
  /** Signing time (injected for tests). */
  now: () => Date;
}

/**
 * POSTs one event to `data.url`, signed (README "Webhooks"): JSON body, `X-Mailtriage-*`
 * headers. Redirects are not followed (a 3xx is a final failure: the configured URL is wrong).
 * Never throws for HTTP or network trouble: the result says what happened.
 * @throws SyntaxError when `data.event` is not JSON (a corrupt job: not retryable).
 */
export async function postWebhook(data: WebhookJobData, deliveryId: string, options: PostOptions): Promise<WebhookAttempt> {
  const payload: WebhookBody = { eventId: data.eventId, type: data.type, event: JSON.parse(data.event) as unknown };
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(options.now().getTime() / 1000);
  try {
    const response = await fetch(data.url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "mailtriage-webhooks/1",
        [WEBHOOK_HEADERS.event]: data.type,
        [WEBHOOK_HEADERS.delivery]: deliveryId,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(options.secret, timestamp, body),
      },
    });
    // The answer's body is not used; release the connection.
    await response.body?.cancel().catch(() => {});
    const { status } = response;
    if (status >= 200 && status < 300) return { ok: true, status, error: null, retryable: false };
    return { ok: false, status, error: `HTTP ${status}`, retryable: status >= 500 || status === 408 || status === 429 };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const detail = e.cause?.code ?? e.message;
    return { ok: false, status: null, error: `${e.name}: ${detail}`, retryable: true };
  }
}
