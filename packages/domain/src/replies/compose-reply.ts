import type { Language, TriageResult } from "@mailtriage/contracts";
import { ticketReference } from "../thread/ticket-id";
import type { ReplyKind } from "./reply-kind";
import { consentSection, dueSection, missingSection, severitySection } from "./reply-sections";
import { fillText, type ReplyTextSet } from "./reply-texts";

/** Subject and plain-text body of a reply. */
export interface ReplyContent {
  subject: string;
  text: string;
}

const MAX_SUBJECT = 150;

/**
 * The partner's subject as one safe line: control characters (CR/LF would inject headers)
 * become spaces, runs of blanks collapse, at most 150 characters.
 */
export function oneLine(value: string, max = MAX_SUBJECT): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const line = value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Writes a reply of `kind` in `language` from the triage result: the acknowledgement (ticket
 * reference, severity and main reason, due times in the region's zone, missing fields with the
 * template to copy), the consent request (the same plus why consent is needed, from whom and
 * how, POLICY §6), or the generic-sender rejection (POLICY §3). The ticket reference leads the
 * subject so replies thread back (POLICY §2 `followup`).
 */
export function composeReply(kind: ReplyKind, result: TriageResult, t: ReplyTextSet, language: Language): ReplyContent {
  const subject = oneLine(result.subject ?? "") || "—";
  const ticketId = result.ticketId ?? "";
  const ticketRef = ticketReference(ticketId);
  const values = { subject, ticketId, ticketRef };
  const closing = ["", t.signOff, "", "--", t.automatic];
  switch (kind) {
    case "acknowledgement":
    case "consent_request": {
      const opening = [t.greeting, "", fillText(t.acknowledgement.intro, values), fillText(t.acknowledgement.threading, values)];
      const severity = severitySection(result, t);
      const status = [...(severity === null ? [] : [severity]), ...dueSection(result, t, language)];
      const missing = missingSection(result, t, language);
      const body =
        kind === "consent_request"
          ? [...opening, "", ...consentSection(result, t), "", ...status]
          : [...opening, "", ...status];
      if (missing.length > 0) body.push("", ...missing);
      const template = kind === "consent_request" ? t.subject.consentRequest : t.subject.acknowledgement;
      return { subject: oneLine(fillText(template, values), 250), text: [...body, ...closing].join("\n") };
    }
    case "generic_sender_rejection": {
      const from = result.from ?? "";
      const senderDomain = from.slice(from.lastIndexOf("@") + 1);
      const body = [t.greeting, "", fillText(t.rejection.intro, { senderDomain }), "", t.rejection.ask, "", t.rejection.notRegistered];
      return { subject: oneLine(fillText(t.subject.genericSenderRejection, values), 250), text: [...body, ...closing].join("\n") };
    }
  }
}
