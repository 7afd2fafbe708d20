import { partnerMail } from "../../../../test/support/bulk-messages";

/**
 * `count` distinct how-to questions (severity 3, flagged `basic`, POLICY §5) from the
 * registered `acme-partner.example`, as raw bytes.
 */
export function howtoMessages(count: number, tag: string): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    partnerMail(`<${tag}-${i}@acme-partner.example>`, {
      subject: `How do I add a custom field ${i} to the Deals layout?`,
      reproducible: "No",
      description: `How do I add custom field number ${i} to the Deals layout so that sales reps see it when they create a deal?`,
      troubleshooting: "Read the help pages on layouts.",
    }),
  );
}
