import ooo from "../lexicon/automatic-out-of-office.json" with { type: "json" };
import type { InboundMessage } from "../message";
import { foldText } from "../text/fold";

/** Why a message counts as automatic mail, which is ignored and never answered (POLICY §2). */
export type AutomaticReason = "auto_submitted" | "precedence_bulk" | "bounce" | "mailer_daemon" | "out_of_office";

export interface AutomaticVerdict {
  reason: AutomaticReason;
  /** What gave it away, for the record: a header and its value, or the words. */
  detail: string;
}

const ROBOT_LOCAL_PARTS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/;
const BULK_PRECEDENCE = /^\s*(bulk|junk|list)\b/i;
// Only a short body can be a pure auto-reply: a partner who mentions that someone "is out of
// the office" inside a long request is still asking for help.
const MAX_AUTOREPLY_BODY = 1500;
// Any of the body phrases, as one regular expression of literal alternatives.
const ANY_BODY_PHRASE = new RegExp(ooo.bodyPhrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"));

/**
 * Recognises automatic mail (POLICY §2, RFC 3834): `Auto-Submitted` other than `no`,
 * `Precedence: bulk/junk/list`, delivery-status reports, mailer-daemon / postmaster senders,
 * vendor auto-reply headers, and out-of-office replies in the six languages.
 * @returns null for mail a person wrote.
 */
export function detectAutomatic(message: InboundMessage): AutomaticVerdict | null {
  const header = (name: string): string | undefined => message.headers[name]?.[0];

  const autoSubmitted = header("auto-submitted");
  if (autoSubmitted !== undefined && !/^\s*no\b/i.test(autoSubmitted)) {
    // The header decides, whatever the body says (RFC 3834 §5): the reason names the header.
    return { reason: "auto_submitted", detail: `Auto-Submitted: ${autoSubmitted.trim().slice(0, 80)}` };
  }
  if (message.contentType === "multipart/report" || message.attachments.some((a) => a.contentType === "message/delivery-status")) {
    return { reason: "bounce", detail: "delivery-status report" };
  }
  const sender = message.from[0]?.address ?? "";
  const local = sender.slice(0, Math.max(0, sender.lastIndexOf("@")));
  if (ROBOT_LOCAL_PARTS.test(local)) return { reason: "mailer_daemon", detail: `From: ${sender}` };
  const precedence = header("precedence");
  if (precedence !== undefined && BULK_PRECEDENCE.test(precedence)) {
    return { reason: "precedence_bulk", detail: `Precedence: ${precedence.trim().slice(0, 40)}` };
  }
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder"]) {
    const v = header(name);
    if (v !== undefined && !/^\s*(no|false|0)\b/i.test(v)) return { reason: "out_of_office", detail: `${name}: ${v.trim().slice(0, 40)}` };
  }
  if (looksOutOfOffice(message)) return { reason: "out_of_office", detail: outOfOfficeWords(message) ?? "out-of-office reply" };
  return null;
}

function looksOutOfOffice(message: InboundMessage): boolean {
  return outOfOfficeWords(message) !== null;
}

function outOfOfficeWords(message: InboundMessage): string | null {
  const subject = foldText(message.subject.slice(0, 300)).replace(/^\s*((re|aw|sv|fw|fwd|wg|tr|rv|enc)\s*:\s*)*/, "").trim();
  const prefix = ooo.subjectPrefixes.find((p) => subject.startsWith(p));
  if (prefix !== undefined) return `subject: ${message.subject.trim().slice(0, 80)}`;
  const inSubject = ooo.subjectPhrases.find((p) => subject.includes(p));
  if (inSubject !== undefined) return `subject: ${message.subject.trim().slice(0, 80)}`;
  if (message.text.length > MAX_AUTOREPLY_BODY) return null;
  const body = foldText(message.text).replace(/\s+/g, " ");
  // One scan tells whether any phrase is there at all (most mail: none); then the first listed.
  if (!ANY_BODY_PHRASE.test(body)) return null;
  const phrase = ooo.bodyPhrases.find((p) => body.includes(p));
  return phrase === undefined ? null : `body: '${phrase}'`;
}
