import type { StoreEvent, StoreKeys, StreamEntry, TicketStore, RedisClient } from "@mailtriage/store";
import type { Logger } from "pino";
import { decideReply, readOriginalMessage, REPLY_EVENT_TYPES, type OriginalMessage, type ReplySettings } from "@mailtriage/domain";
import type { MailerKeys } from "./mailer-keys";
import type { OutboundJobData } from "./outbound-job";
import { watchHistory } from "./reply-history";

/** What planning needs. */
export interface PlanDeps {
  /** A connection only the planner uses, one entry at a time (the history is read under WATCH). */
  redis: RedisClient;
  keys: StoreKeys;
  mailerKeys: MailerKeys;
  tickets: TicketStore;
  settings: ReplySettings;
  now: () => Date;
  logger: Logger;
}

/** The original's header block and the start of a plain body: more is never needed (readOriginalMessage reads 64 KiB of headers). */
const RAW_HEAD_BYTES = 96 * 1024;
const MAX_CONFLICTS = 5;

/**
 * The use case of one events-stream entry: gather the inputs (the message's stored record, the
 * raw headers, the recipient's reply history), ask the domain's `decideReply`, and reserve the
 * reply in the recipient's history by compare-and-set (two planners never both use the last
 * place under the rate limit). Returns the job to queue, or null when nothing is to be sent.
 */
export async function planReply(entry: StreamEntry, deps: PlanDeps): Promise<OutboundJobData | null> {
  if (!(REPLY_EVENT_TYPES as readonly string[]).includes(entry.type)) return null;
  const event = JSON.parse(entry.event) as StoreEvent;
  if (!("message" in event) || typeof event.message !== "string") return null;
  const record = await deps.tickets.getMessageResult(event.message);
  if (record === null) {
    deps.logger.warn({ eventId: entry.id, type: entry.type }, "no message record for event; no reply");
    return null;
  }
  const original = await readOriginal(deps, record.rawSha256);
  const result = record.result;
  const address = (result.from ?? "").toLowerCase();
  const keepMs = deps.settings.limits.windowMinutes * 60_000;

  for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
    const now = deps.now();
    const history = await watchHistory(deps.redis, deps.mailerKeys, address, now, keepMs);
    const decision = decideReply({ event: { id: entry.id, type: entry.type }, result, original, history: history.replies, now: now.toISOString() }, deps.settings);
    if (!decision.send) {
      await history.release();
      deps.logger.info({ eventId: entry.id, type: entry.type, ticketId: result.ticketId, skipped: decision.reason }, "no reply");
      return null;
    }
    const { reply } = decision;
    if (await history.reserve(reply)) {
      return { ...reply, eventId: entry.id, plannedAt: now.toISOString() };
    }
  }
  throw new Error(`reply history of one recipient changed ${MAX_CONFLICTS} times while planning event ${entry.id}`);
}

/** Headers (and a plain body start) of the raw message; null when the raw bytes are gone. */
async function readOriginal(deps: PlanDeps, rawSha256: string): Promise<OriginalMessage | null> {
  const head = await deps.redis.getrangeBuffer(deps.keys.raw(rawSha256), 0, RAW_HEAD_BYTES - 1);
  if (head.length === 0) return null;
  return readOriginalMessage(new TextDecoder("utf-8", { fatal: false }).decode(head));
}
