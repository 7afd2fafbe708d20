import type { Language, TriageResult } from "@mailtriage/contracts";
import { detectLanguage } from "../template/detect-language";
import { composeReply } from "./compose-reply";
import { findNoReplyReason, type NoReplyReason } from "./no-reply-reason";
import type { OriginalMessage } from "./original-message";
import { checkReplyBudget, type ReplyLimits } from "./reply-budget";
import { replyIdFor, type ReplyKind, type SentReply } from "./reply-kind";
import type { ReplyTexts } from "./reply-texts";

/** The events-stream types that can call for a reply (`created` tickets, `rejected` messages); every other event is skipped unread. */
export const REPLY_EVENT_TYPES = ["created", "rejected"] as const;

/** What the mailer knows when an event arrives. */
export interface ReplyContext {
  /** The events-stream entry: its id and type (`created`, `rejected` …). */
  event: { id: string; type: string };
  /** The triage result of the message the event is about (its stored record). */
  result: TriageResult;
  /** Headers of the raw message; null when the raw bytes are gone (then only the sender is checked). */
  original: OriginalMessage | null;
  /** Replies queued earlier to the same address (older ones may be included; they do not count). */
  history: readonly SentReply[];
  /** The current time, ISO-8601. */
  now: string;
}

/** Operator settings of the replies. */
export interface ReplySettings {
  texts: ReplyTexts;
  limits: ReplyLimits;
  /** Our own addresses (From, Reply-To, the inbox), lower-cased: never answered. */
  ownAddresses: readonly string[];
  /** Messages received longer ago than this are not answered (a backlog, an IMAP import), hours. */
  maxAgeHours: number;
}

/** A reply to send: everything the SMTP side needs, nothing it must decide. */
export interface PlannedReply {
  replyId: string;
  kind: ReplyKind;
  language: Language;
  /** The recipient: the message's sender. */
  to: string;
  ticketId: string | null;
  subject: string;
  text: string;
  /** The partner's Message-ID (`In-Reply-To`), null when it had none. */
  inReplyTo: string | null;
  /** `References`: the partner's references, then its Message-ID (RFC 5322 §3.6.4). */
  references: string[];
  /** Extra headers: `Auto-Submitted: auto-replied` (RFC 3834 §5) and `X-Auto-Response-Suppress: All`. */
  headers: Record<string, string>;
}

/** Why nothing is sent. */
export type SkipReason = NoReplyReason | "not_answered" | "stale" | "rate_limited" | "rejected_today";

export type ReplyDecision = { send: true; reply: PlannedReply } | { send: false; reason: SkipReason };

/**
 * Which automatic reply an event calls for, if any (issue 5):
 * - `created` (a new ticket): an acknowledgement, or a consent request when the ticket waits
 *   for the customer's consent (POLICY §6);
 * - `rejected` with `generic_sender_domain`: a request to resend from the company domain
 *   (POLICY §3), at most `rejectionsPerDay` per address per 24 h;
 * - anything else (follow-ups, ignored, failed, operator events …): nothing.
 * Never to automatic mail, our own addresses or a robot sender (`findNoReplyReason`), never
 * for messages older than `maxAgeHours`, never beyond `maxPerRecipient` per window. The
 * language is the detected one, else guessed from the subject and a plain body, else English.
 */
export function decideReply(context: ReplyContext, settings: ReplySettings): ReplyDecision {
  const { event, result, original } = context;
  const kind = replyKindOf(event.type, result);
  if (kind === null) return { send: false, reason: "not_answered" };
  const blocked = findNoReplyReason(result.from, original, settings.ownAddresses);
  if (blocked !== null) return { send: false, reason: blocked };
  const age = Date.parse(context.now) - Date.parse(result.receivedAt);
  if (!(age <= settings.maxAgeHours * 3_600_000)) return { send: false, reason: "stale" };

  const replyId = replyIdFor(kind, { ticketId: result.ticketId, eventId: event.id });
  const budget = checkReplyBudget({ replyId, kind }, context.history, context.now, settings.limits);
  if (budget === "rate_limited" || budget === "rejected_today") return { send: false, reason: budget };

  const language = result.language ?? detectLanguage(`${result.subject ?? ""}\n${original?.plainText ?? ""}`) ?? "en";
  const content = composeReply(kind, result, settings.texts[language], language);
  const references = [...new Set([...(original?.references ?? []), ...(result.messageId === null ? [] : [result.messageId])])].slice(-20);
  return {
    send: true,
    reply: {
      replyId,
      kind,
      language,
      to: (result.from ?? "").toLowerCase(),
      ticketId: result.ticketId,
      ...content,
      inReplyTo: result.messageId,
      references,
      headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
    },
  };
}

function replyKindOf(eventType: string, result: TriageResult): ReplyKind | null {
  if (eventType === "created" && result.outcome === "ticket") return result.status === "awaiting_consent" ? "consent_request" : "acknowledgement";
  if (eventType === "rejected" && result.outcome === "rejected" && result.reason === "generic_sender_domain") return "generic_sender_rejection";
  return null;
}
