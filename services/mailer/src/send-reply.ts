import { UnrecoverableError, type Job } from "bullmq";
import type { Transporter } from "nodemailer";
import type { Logger } from "pino";
import { OutboundJobSchema } from "./outbound-job";
import type { ReplyLog, ReplyRecord } from "./reply-log";

/** What sending needs. */
export interface SendDeps {
  transport: Pick<Transporter, "sendMail">;
  log: ReplyLog;
  /** From and Reply-To of every reply (env `MAILTRIAGE_REPLY_FROM`, `MAILTRIAGE_REPLY_TO`). */
  from: string;
  replyTo: string | null;
  now: () => Date;
  logger: Logger;
}

export type SendResult = { status: "sent"; messageId: string } | { status: "already_sent"; messageId: string };

/**
 * One attempt at one `outbound` job: send the reply over SMTP, then record it on its ticket.
 * A reply already recorded as sent is not sent again (a job run twice after a crash). An SMTP
 * server that refuses the message or recipient for good (5xx on the envelope or data) ends the
 * job at once (`UnrecoverableError`, recorded `failed`); anything else (connection refused,
 * timeouts, 4xx, authentication) is thrown and retried with backoff, so an outage only delays.
 */
export async function sendReply(job: Job<unknown>, deps: SendDeps): Promise<SendResult> {
  const parsed = OutboundJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid outbound job payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const reply = parsed.data;
  const earlier = await deps.log.get(reply.replyId);
  if (earlier?.status === "sent") return { status: "already_sent", messageId: earlier.messageId };

  // A fixed Message-ID per reply: a retry after a lost "250" gives the recipient the same message, which clients de-duplicate.
  const messageId = `<${reply.replyId}@${domainOf(deps.from)}>`;
  const record: ReplyRecord = {
    replyId: reply.replyId,
    kind: reply.kind,
    language: reply.language,
    to: reply.to,
    ticketId: reply.ticketId,
    subject: reply.subject,
    status: "sent",
    messageId,
    eventId: reply.eventId,
    plannedAt: reply.plannedAt,
    sentAt: null,
    attempts: job.attemptsMade + 1,
    lastResponse: null,
  };
  try {
    const info = (await deps.transport.sendMail({
      from: deps.from,
      ...(deps.replyTo !== null && { replyTo: deps.replyTo }),
      to: reply.to,
      subject: reply.subject,
      text: reply.text,
      messageId,
      ...(reply.inReplyTo !== null && { inReplyTo: reply.inReplyTo }),
      ...(reply.references.length > 0 && { references: reply.references }),
      headers: { ...reply.headers, "Content-Language": reply.language },
    })) as { response?: string };
    await deps.log.finished({ ...record, sentAt: deps.now().toISOString(), lastResponse: info.response ?? null });
    deps.logger.info({ jobId: job.id, kind: reply.kind, ticketId: reply.ticketId, attempt: record.attempts }, "reply sent");
    return { status: "sent", messageId };
  } catch (err) {
    const error = err as Error & { responseCode?: number; code?: string };
    const permanent = (error.code === "EENVELOPE" || error.code === "EMESSAGE") && (error.responseCode ?? 0) >= 500;
    const lastAttempt = record.attempts >= (job.opts.attempts ?? 1);
    if (permanent || lastAttempt) await deps.log.finished({ ...record, status: "failed", lastResponse: error.message.slice(0, 500) });
    deps.logger.warn({ jobId: job.id, attempt: record.attempts, code: error.code, responseCode: error.responseCode, final: permanent || lastAttempt }, "reply not sent");
    if (permanent) throw new UnrecoverableError(error.message);
    throw err;
  }
}

function domainOf(mailbox: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox;
  return address.slice(address.lastIndexOf("@") + 1).trim() || "localhost";
}
