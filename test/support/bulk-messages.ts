/** What differs between the partner requests tests and benches make; the rest is one template. */
export interface PartnerRequestContent {
  subject: string;
  reproducible: "Yes" | "No";
  description: string;
  troubleshooting: string;
}

/**
 * One small, valid partner request from the registered `acme-partner.example` (customer
 * `globex-retail.example`, Zoho CRM, technical support), as raw bytes: the Message-ID given,
 * the content given, optional extra headers on top.
 */
export function partnerMail(messageId: string, content: PartnerRequestContent, extraHeaders: readonly string[] = []): Uint8Array {
  return new TextEncoder().encode(
    [
      ...extraHeaders,
      "From: Ana Ruiz <ana@acme-partner.example>",
      "To: support@mailtriage.example",
      `Subject: ${content.subject}`,
      `Message-ID: ${messageId}`,
      "Date: Fri, 20 Nov 2026 19:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Customer email address: it@globex-retail.example",
      "Support request type: Technical support",
      `Can you reproduce the issue?: ${content.reproducible}`,
      "Zoho product name: Zoho CRM",
      `Problem/question description: ${content.description}`,
      `Troubleshooting steps performed: ${content.troubleshooting}`,
      "",
      "Ana",
      "",
    ].join("\r\n"),
  );
}

/**
 * One small, valid partner request (a new ticket, severity 2): number `i`, with the Message-ID
 * given and optional extra headers on top. Shared by tests and benches that need many distinct
 * messages.
 */
export function partnerRequest(i: number, messageId: string, extraHeaders: readonly string[] = []): Uint8Array {
  return partnerMail(
    messageId,
    {
      subject: `CRM report ${i} does not load`,
      reproducible: "Yes",
      description: `The sales report number ${i} shows wrong totals since this morning for every user.`,
      troubleshooting: "Cleared the cache and tried another browser.",
    },
    extraHeaders,
  );
}

/** `count` distinct partner requests; `tag` keeps their Message-IDs unique per test. */
export function bulkMessages(count: number, tag: string, extraHeaders: readonly string[] = []): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => partnerRequest(i, `<${tag}-${i}@acme-partner.example>`, extraHeaders));
}
