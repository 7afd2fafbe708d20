import { readFile } from "node:fs/promises";
import { PolicySchema, type Policy } from "@mailtriage/contracts";
import defaults from "../../../policy/default-policy.json" with { type: "json" };
import { ConfigError, describeIssues } from "./config-error";
import { deepMerge } from "./deep-merge";

/**
 * Validates a policy object (already read) merged over the shipped defaults
 * (`policy/default-policy.json`, which is POLICY.md in numbers).
 * @throws ConfigError naming every bad key.
 */
export function parsePolicy(input: unknown, source = "policy"): Policy {
  const merged = deepMerge(defaults, input ?? {});
  const parsed = PolicySchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeIssues(source, parsed.error));
  return parsed.data;
}

/** Reads a JSON policy file (or only the defaults when `path` is undefined). */
export async function loadPolicy(path?: string): Promise<Policy> {
  if (path === undefined) return parsePolicy({}, "default policy");
  return parsePolicy(await readJson(path), path);
}

/** Reads and parses a JSON file; a missing or malformed file is a ConfigError naming it. */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}
