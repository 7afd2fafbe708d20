import type { OriginalMessage } from "./original-message";

/** Why a message must not be answered automatically (RFC 3834 §2, POLICY §2 "never answered"). */
export type NoReplyReason =
  | "no_recipient"
  | "auto_submitted"
  | "precedence"
  | "list_mail"
  | "vendor_auto_reply"
  | "robot_sender"
  | "empty_return_path"
  | "own_address";

const ROBOT_LOCAL_PARTS = new Set(["mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"]);

/**
 * Whether the sender may get an automatic reply at all, before any kind is chosen. Triage has
 * already set automatic mail aside as `ignored`; this re-checks the raw headers because a
 * reply must never start a loop (RFC 3834): `Auto-Submitted` other than `no` (also our own
 * replies, which carry `auto-replied`), `Precedence: bulk/junk/list`, list mail, vendor
 * auto-reply headers, mailer-daemon/postmaster/no-reply senders, an empty return path
 * (`Return-Path: <>`), and our own addresses.
 * @param from the sender address (lower-cased), null when unknown.
 * @param original the raw headers, null when the raw message is unavailable (only `from` is checked then).
 * @param ownAddresses the mailer's From/Reply-To and inbox addresses, lower-cased.
 * @returns null when a reply is allowed.
 */
export function findNoReplyReason(from: string | null, original: OriginalMessage | null, ownAddresses: readonly string[]): NoReplyReason | null {
  if (from === null || !from.includes("@")) return "no_recipient";
  const address = from.toLowerCase();
  if (ownAddresses.includes(address)) return "own_address";
  if (ROBOT_LOCAL_PARTS.has(address.slice(0, address.lastIndexOf("@")))) return "robot_sender";
  if (original === null) return null;
  if (original.autoSubmitted !== null && !/^\s*no\b/i.test(original.autoSubmitted)) return "auto_submitted";
  if (original.precedence !== null && /^\s*(bulk|junk|list)\b/i.test(original.precedence)) return "precedence";
  if (original.listMail) return "list_mail";
  if (original.vendorAutoReply) return "vendor_auto_reply";
  if (original.returnPath !== null && /^\s*<\s*>\s*$/.test(original.returnPath)) return "empty_return_path";
  return null;
}
