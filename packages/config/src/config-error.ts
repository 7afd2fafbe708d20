import type { z } from "zod";

/**
 * A configuration problem found at start-up. The message names the file and the key
 * (`policy.json: severityTargets.2.acknowledgeHours: …`) so an operator can fix it without
 * reading code.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Formats zod issues as `source: path.to.key: message` lines. */
export function describeIssues(source: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      // An unknown key is named itself, not its parent: `policy.json: basicFlod: unknown key`.
      const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys.join(", ")] : issue.path;
      const key = path.length > 0 ? path.map(String).join(".") : "(top level)";
      const message = issue.code === "unrecognized_keys" ? "unknown key (a typo?)" : issue.message;
      return `${source}: ${key}: ${message}`;
    })
    .join("\n");
}
