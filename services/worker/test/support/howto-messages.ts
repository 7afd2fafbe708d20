/**
 * `count` distinct how-to questions (severity 3, flagged `basic`, POLICY §5) from the
 * registered `acme-partner.example`, as raw bytes.
 */
export function howtoMessages(count: number, tag: string): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    new TextEncoder().encode(
      [
        "From: Ana Ruiz <ana@acme-partner.example>",
        "To: support@mailtriage.example",
        `Subject: How do I add a custom field ${i} to the Deals layout?`,
        `Message-ID: <${tag}-${i}@acme-partner.example>`,
        "Date: Fri, 20 Nov 2026 19:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Customer email address: it@globex-retail.example",
        "Support request type: Technical support",
        "Can you reproduce the issue?: No",
        "Zoho product name: Zoho CRM",
        `Problem/question description: How do I add custom field number ${i} to the Deals layout so that sales reps see it when they create a deal?`,
        "Troubleshooting steps performed: Read the help pages on layouts.",
        "",
        "Ana",
        "",
      ].join("\r\n"),
    ),
  );
}
