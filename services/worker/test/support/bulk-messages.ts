/**
 * `count` distinct, small, valid partner requests (each a new ticket from the registered
 * `acme-partner.example`), as raw bytes.
 */
export function bulkMessages(count: number, tag: string): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    new TextEncoder().encode(
      [
        "From: Ana Ruiz <ana@acme-partner.example>",
        "To: support@mailtriage.example",
        `Subject: CRM report ${i} does not load`,
        `Message-ID: <${tag}-${i}@acme-partner.example>`,
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
    ),
  );
}
