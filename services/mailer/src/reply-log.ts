import type { RedisClient } from "@mailtriage/store";
import type { ReplyKind } from "@mailtriage/domain";
import type { MailerKeys } from "./mailer-keys";

/** What happened to one automatic reply (listed on its ticket, `P:ticket:<id>:replies`). */
export interface ReplyRecord {
  replyId: string;
  kind: ReplyKind;
  language: string;
  /** Recipient address. */
  to: string;
  ticketId: string | null;
  subject: string;
  /** `queued`: planned, not sent yet; `sent`: the SMTP server accepted it; `failed`: given up (attempts used up or refused for good). */
  status: "queued" | "sent" | "failed";
  /** Our Message-ID of the reply. */
  messageId: string;
  /** Events-stream entry that caused it. */
  eventId: string;
  plannedAt: string;
  /** When the SMTP server accepted it, ISO-8601. */
  sentAt: string | null;
  /** Send attempts made so far. */
  attempts: number;
  /** The server's last reply line (`250 2.0.0 Ok: queued as …`) or the last error message. */
  lastResponse: string | null;
}

/** Reply records: per reply, and the final ones listed on their ticket. */
export interface ReplyLog {
  /** The latest record of a reply, or null. */
  get(replyId: string): Promise<ReplyRecord | null>;
  /** Records a planned reply unless one exists (a re-read event keeps the first). */
  planned(record: ReplyRecord): Promise<void>;
  /** Records a final outcome (`sent` / `failed`) and appends it to the ticket's list, in one transaction. */
  finished(record: ReplyRecord): Promise<void>;
  /** The ticket's replies, oldest first (for `GET /v1/tickets/:id`). */
  listForTicket(ticketId: string): Promise<ReplyRecord[]>;
}

const RECORD_TTL_S = 30 * 24 * 3600;

/** A reply log on `redis`; it does not own the connection. */
export function createReplyLog(redis: RedisClient, keys: MailerKeys): ReplyLog {
  return {
    async get(replyId) {
      const json = await redis.get(keys.reply(replyId));
      return json === null ? null : (JSON.parse(json) as ReplyRecord);
    },
    async planned(record) {
      await redis.set(keys.reply(record.replyId), JSON.stringify(record), "EX", RECORD_TTL_S, "NX");
    },
    async finished(record) {
      const tx = redis.multi().set(keys.reply(record.replyId), JSON.stringify(record), "EX", RECORD_TTL_S);
      if (record.ticketId !== null) tx.rpush(keys.ticketReplies(record.ticketId), JSON.stringify(record));
      const replies = await tx.exec();
      const failed = replies?.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    },
    async listForTicket(ticketId) {
      return (await redis.lrange(keys.ticketReplies(ticketId), 0, -1)).map((json) => JSON.parse(json) as ReplyRecord);
    },
  };
}
