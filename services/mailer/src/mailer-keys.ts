import { hashIdentity, type StoreKeys } from "@mailtriage/store";

/**
 * The mailer's Redis keys, under the store's key root `P` = `{<prefix>}` (store README "Key layout"). The
 * ticket's reply list is a store key (`StoreKeys.ticketReplies`): the API reads it with the
 * ticket.
 *
 * | key | type | holds |
 * |---|---|---|
 * | `P:ticket:<id>:replies` | list | `ReplyRecord` JSON of each reply sent (or given up) for the ticket, oldest first |
 * | `P:mailer:reply:<reply id>` | string | the latest `ReplyRecord` of one reply: `queued`, `sent`, `failed` (kept 30 days) |
 * | `P:mailer:to:<h(address)>` | zset | replies planned to one address: member `{"replyId","kind"}`, score = ms (rate limits; kept 2 days past the window) |
 * | `P:bull:outbound:…` | BullMQ | the `outbound` queue |
 */
export interface MailerKeys {
  ticketReplies(ticketId: string): string;
  reply(replyId: string): string;
  recipient(address: string): string;
}

export function mailerKeys(keys: StoreKeys): MailerKeys {
  const p = keys.root;
  return {
    ticketReplies: (ticketId) => keys.ticketReplies(ticketId),
    reply: (replyId) => `${p}:mailer:reply:${replyId}`,
    // Addresses are sender-controlled text: hashed, like Message-IDs in the store's keys.
    recipient: (address) => `${p}:mailer:to:${hashIdentity(address.toLowerCase())}`,
  };
}
