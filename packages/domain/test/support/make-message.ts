import type { InboundMessage, MailAddress } from "../../src/message";

/** A parsed message for unit tests: sensible defaults, override what the test is about. */
export function makeMessage(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    messageId: "<m1@acme-partner.example>",
    from: [addr("ana@acme-partner.example", "Ana")],
    fromProblem: null,
    to: [addr("support@mailtriage.example")],
    cc: [],
    replyTo: [],
    subject: "Question",
    date: null,
    inReplyTo: null,
    references: [],
    headers: {},
    contentType: "text/plain",
    text: "Hello",
    textFromHtml: false,
    attachments: [],
    size: 100,
    contentSha256: "0".repeat(64),
    ...overrides,
  };
}

export function addr(address: string, name = ""): MailAddress {
  return { address, name };
}
