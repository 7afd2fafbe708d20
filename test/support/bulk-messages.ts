/**
 * One small, valid partner request (a new ticket from the registered `acme-partner.example`,
 * severity 2), as raw bytes: number `i`, with the Message-ID given and optional extra headers
 * on top. Shared by tests and benches that need many distinct messages.
 */
export function partnerRequest(i: number, messageId: string, extraHeaders: readonly string[] = []): Uint8Array {
  return new TextEncoder().encode(
    [
      ...extraHeaders,
      "From: Ana Ruiz <ana@acme-partner.example>",
      "To: support@mailtriage.example",
      `Subject: CRM report ${i} does not load`,
      `Message-ID: ${messageId}`,
      "Date: Fri, 20 Nov 2026 19:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Customer email address: it@globex-retail.example",
      "Support request type: Technical support",
      "Can you reproduce the issue?: Yes",
      "Zoho product name: Zoho CRM",
      `Problem/question description: The sales report number ${i} shows wrong totals since this morning for every user.`,
      "Troubleshooting steps performed: Cleared the cache and tried another browser.",
      "",
      "Ana",
      "",
    ].join("\r\n"),
  );
}

/** `count` distinct partner requests; `tag` keeps their Message-IDs unique per test. */
export function bulkMessages(count: number, tag: string, extraHeaders: readonly string[] = []): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => partnerRequest(i, `<${tag}-${i}@acme-partner.example>`, extraHeaders));
}
