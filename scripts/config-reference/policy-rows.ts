// The policy-file table of the configuration reference: every key of `PolicySchema` with its
// type, the shipped default (policy/default-policy.json) and its doc comment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicySchema } from "../../packages/contracts/src/policy";
import { code, describeType, describeValue, inputJsonSchema, type JsonSchema } from "./describe-schema";
import { ANY_ITEM, ANY_KEY, joinPath, readDocComments } from "./doc-comments";

/** One row of a key table. */
export interface PolicyRow {
  path: string;
  type: string;
  default: string;
  description: string;
}

/**
 * Descriptions of policy keys that have no doc comment in packages/contracts/src/policy.ts
 * (their meaning is in POLICY.md). The test fails when one of these gets a comment in the
 * schema, so a note never contradicts the declaration: move the text there and drop it here.
 */
export const POLICY_NOTES: Record<string, string> = {
  limits: "Size, time and length limits of parsing (POLICY §7).",
  senders: "Generic (free-mail) sender domains on top of the maintained `freemail` list (POLICY §3).",
  auth: "Which Authentication-Results headers count when reading DMARC (spoofing checks, consent).",
  defaultRegion: "Region (a key of `regions`) of a sender with no registered partner (POLICY §5).",
  regions: "The regions of registries and SLA clocks, by code (POLICY §5).",
  "regions.*.escalation.level1": "Level 1: the escalation desk.",
  "regions.*.escalation.level2": "Level 2: the regional partner-support lead.",
  "regions.*.escalation.level3": "Level 3: the partner support manager.",
  "regions.*.escalation.level4": "Level 4: the partner account manager.",
  severityTargets: "SLA targets per severity (1-3), hours of support time on the region's clock (POLICY §5).",
  "tierBands.premium": "Band of premium partners.",
  "tierBands.advanced": "Band of advanced partners.",
  "tierBands.authorized": "Band of authorized partners.",
  "tierBands.unregistered": "Band of senders with no registered partner.",
  "tierBands.largeAccount": "Band of a large customer account (licences at or above the region's threshold) when it is better than the tier's: a large account never slows a premium partner.",
  description: "Word-count flags of the template's description field (POLICY §4).",
  "description.shortBelowWords": "Fewer words than this flag the description `short`.",
  "description.longAboveWords": "More words than this flag the description `long`.",
  basicFlood: "Basic (how-to) request flood per partner (POLICY §5): the account manager is notified once per window.",
  "basicFlood.max": "More basic tickets than this within the window trigger a notification.",
  "basicFlood.windowDays": "The window, days.",
  ticketRef: "Ticket ids and the subject reference that threads replies.",
  products: "The product catalogue the template's product field normalises to (POLICY §4).",
};

/** Rows in schema order: every leaf, and every object, map or list of objects that has a description. */
export function policyRows(root: string): PolicyRow[] {
  const comments = readDocComments(join(root, "packages/contracts/src/policy.ts"), "PolicySchema");
  const defaults: unknown = JSON.parse(readFileSync(join(root, "policy/default-policy.json"), "utf8"));
  const rows: PolicyRow[] = [];
  const describe = (path: string): string => comments.get(path) ?? POLICY_NOTES[path] ?? "";

  const visit = (schema: JsonSchema, segments: readonly string[]): void => {
    const path = joinPath(segments);
    const row = (): void => void rows.push({ path, type: describeType(schema), default: describeDefault(defaults, segments), description: describe(path) });
    if (schema.type === "object" && schema.properties !== undefined) {
      // An object's keys get rows of their own: its row (when described) carries no default.
      if (segments.length > 0 && describe(path) !== "") rows.push({ path, type: "object", default: "—", description: describe(path) });
      for (const [key, child] of Object.entries(schema.properties)) visit(child, [...segments, key]);
    } else if (schema.type === "object" && typeof schema.additionalProperties === "object") {
      row();
      visit(schema.additionalProperties, [...segments, ANY_KEY]);
    } else if (schema.type === "array" && typeof schema.items === "object" && schema.items.properties !== undefined) {
      const items = schema.items;
      // Items whose keys nobody documented (contacts: name, email) are named in the type instead.
      const described = [...comments.keys(), ...Object.keys(POLICY_NOTES)].some((key) => key.startsWith(`${path}${ANY_ITEM}`));
      if (described) {
        row();
        visit(items, [...segments, ANY_ITEM]);
      } else {
        rows.push({ path, type: `list of objects with ${Object.keys(items.properties ?? {}).map(code).join(", ")}`, default: describeDefault(defaults, segments), description: describe(path) });
      }
    } else {
      row();
    }
  };
  visit(inputJsonSchema(PolicySchema), []);
  return rows;
}

/** The shipped value at `segments`; across map keys or list items, one value when all agree, else each (or "varies"). */
function describeDefault(defaults: unknown, segments: readonly string[]): string {
  const found = valuesAt(defaults, segments, "");
  if (found.length === 0) return "unset";
  const [first] = found;
  if (found.length === 1 && first !== undefined && first.label === "") return describeValue(first.value);
  const texts = found.map((entry) => JSON.stringify(entry.value));
  if (texts.every((text) => text === texts[0])) return `${describeValue(first?.value)} (each)`;
  if (found.every((entry) => Array.isArray(entry.value) && entry.value.length === (first?.value as unknown[]).length)) return `${describeValue(first?.value)} (each)`;
  const primitive = found.every((entry) => entry.value === null || typeof entry.value !== "object");
  const listed = found.map((entry) => `${entry.label}: ${describeValue(entry.value)}`).join(", ");
  return primitive && listed.length <= 160 ? listed : "varies per entry (see the file)";
}

function valuesAt(node: unknown, segments: readonly string[], label: string): { label: string; value: unknown }[] {
  const [head, ...rest] = segments;
  if (head === undefined) return node === undefined ? [] : [{ label, value: node }];
  if (node === null || typeof node !== "object") return [];
  if (head === ANY_ITEM) return Array.isArray(node) ? node.flatMap((item, i) => valuesAt(item, rest, label === "" ? String(i) : `${label}.${i}`)) : [];
  if (head === ANY_KEY) return Object.entries(node).flatMap(([key, value]) => valuesAt(value, rest, label === "" ? key : `${label}.${key}`));
  return valuesAt((node as Record<string, unknown>)[head], rest, label);
}
