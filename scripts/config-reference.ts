// `pnpm docs:config` (tsx scripts/config-reference.ts [--check]): writes docs/configuration.md,
// the reference of every environment variable of every role, of the IMAP mailbox entries and of
// the policy file, generated from the zod schemas (types, allowed values, defaults) and the doc
// comments written next to each key. `--check` writes nothing and exits 1 when the file is stale.
// The output depends only on the sources, so test/deploy/config-reference.test.ts can compare.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ApiEnvSchema, ROLES, ServiceEnvSchema } from "../services/api/src/env";
import { HealthEnvSchema } from "../services/api/src/roles/health-listener";
import { MailboxConfigSchema } from "../services/imap-poller/src/mailbox-config";
import { PollerEnvSchema } from "../services/imap-poller/src/poller-env";
import { MailerEnvSchema } from "../services/mailer/src/env";
import { WorkerEnvSchema } from "../services/worker/src/env";
import { readDocComments } from "./config-reference/doc-comments";
import { cell, code, describeType, describeValue, inputJsonSchema, type DocumentedSchema } from "./config-reference/describe-schema";
import { policyRows, type PolicyRow } from "./config-reference/policy-rows";
import { runGeneratedFile } from "./generated-file";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the reference is written, relative to the repository root. */
export const OUTPUT = "docs/configuration.md";

/** One zod schema of environment variables, the roles that parse it, and where it is declared. */
export interface EnvSource {
  /** Who reads it, as shown in the tables. */
  readers: readonly string[];
  file: string;
  /** The top-level constant of `file` holding the schema. */
  root: string;
  shape: Record<string, DocumentedSchema>;
  /** Heading of the section listing the keys only this source reads. */
  title: string;
}

/** Keys of `shape` that `base` does not have. */
function added(shape: Record<string, DocumentedSchema>, base: Record<string, DocumentedSchema>): Record<string, DocumentedSchema> {
  return Object.fromEntries(Object.entries(shape).filter(([key]) => !(key in base)));
}

/**
 * Every environment schema, in the order of the sections. start.ts parses the worker's schema
 * for the `worker` and `scheduler` roles, the API's for `api`, the mailer's for `mailer` and
 * the poller's for `poller`; `MAILTRIAGE_ROLES` and the health listener's port are read by
 * start.ts itself, whatever the roles.
 */
export const ENV_SOURCES: readonly EnvSource[] = [
  { title: "Every process (`pnpm start`)", readers: ["`pnpm start`"], file: "services/api/src/env.ts", root: "ServiceEnvSchema", shape: added(ServiceEnvSchema.shape, ApiEnvSchema.shape) },
  { title: "Every process (`pnpm start`)", readers: ["`pnpm start`"], file: "services/api/src/roles/health-listener.ts", root: "HealthEnvSchema", shape: HealthEnvSchema.shape },
  { title: "Worker and SLA scheduler", readers: ["worker", "scheduler"], file: "services/worker/src/env.ts", root: "WorkerEnvSchema", shape: WorkerEnvSchema.shape },
  { title: "API", readers: ["api"], file: "services/api/src/env.ts", root: "ApiEnvSchema", shape: ApiEnvSchema.shape },
  { title: "Mailer (replies over SMTP)", readers: ["mailer"], file: "services/mailer/src/env.ts", root: "MailerEnvSchema", shape: MailerEnvSchema.shape },
  { title: "IMAP poller", readers: ["poller"], file: "services/imap-poller/src/poller-env.ts", root: "PollerEnvSchema", shape: PollerEnvSchema.shape },
];

/** Files whose comments document keys spread into several schemas (`...redisEnvShape`). */
const SHARED_COMMENT_FILES = [{ readers: ["every role"], file: "packages/config/src/redis-env.ts", root: "redisEnvShape" }] as const;

/** One row of an environment table. */
export interface EnvRow {
  key: string;
  type: string;
  default: string;
  readers: string;
  description: string;
  /** The sources that declare it. */
  sources: readonly EnvSource[];
}

/** Rows of every environment variable, keyed by name, in section order. */
export function envRows(root = ROOT): EnvRow[] {
  const comments = new Map<string, { readers: readonly string[]; text: string }[]>();
  const addComments = (readers: readonly string[], file: string, constant: string): void => {
    for (const [key, text] of readDocComments(join(root, file), constant)) comments.set(key, [...(comments.get(key) ?? []), { readers, text }]);
  };
  for (const shared of SHARED_COMMENT_FILES) addComments(shared.readers, shared.file, shared.root);
  for (const source of ENV_SOURCES) addComments(source.readers, source.file, source.root);

  const keys = [...new Set(ENV_SOURCES.flatMap((source) => Object.keys(source.shape)))];
  return keys.map((key) => {
    const sources = ENV_SOURCES.filter((source) => key in source.shape);
    const per = (describe: (schema: DocumentedSchema) => string) => sources.map((source) => ({ readers: source.readers, text: describe(source.shape[key] as DocumentedSchema) }));
    return {
      key,
      type: merged(per((schema) => describeType(inputJsonSchema(schema)))),
      default: merged(per(envDefault)),
      readers: orderReaders(sources.flatMap((source) => source.readers)).join(", "),
      description: merged(comments.get(key) ?? []),
      sources,
    };
  });
}

/** One text when all agree, else each labelled with who reads it. */
function merged(variants: readonly { readers: readonly string[]; text: string }[]): string {
  const distinct = [...new Set(variants.map((variant) => variant.text))];
  if (distinct.length <= 1) return distinct[0] ?? "";
  return distinct.map((text) => `*${orderReaders(variants.filter((v) => v.text === text).flatMap((v) => v.readers)).join(", ")}:* ${text}`).join("<br>");
}

function orderReaders(readers: readonly string[]): string[] {
  const order: readonly string[] = ["every role", "`pnpm start`", ...ROLES];
  return [...new Set(readers)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The default an unset (or empty) variable takes. */
function envDefault(schema: DocumentedSchema): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return "required";
  if (Array.isArray(parsed.data)) return parsed.data.length === 0 ? "unset (none)" : code(parsed.data.join(","));
  return describeValue(parsed.data);
}

/** Rows of the IMAP mailbox entries (`MAILTRIAGE_IMAP_MAILBOXES` / `MAILTRIAGE_IMAP_CONFIG_FILE`). */
export function mailboxRows(root = ROOT): PolicyRow[] {
  const comments = readDocComments(join(root, "services/imap-poller/src/mailbox-config.ts"), "MailboxConfigSchema");
  const shape = MailboxConfigSchema.shape as Record<string, DocumentedSchema>;
  return Object.entries(shape).map(([key, schema]) => {
    const parsed = schema.safeParse(undefined);
    return { path: key, type: describeType(inputJsonSchema(schema)), default: parsed.success ? describeValue(parsed.data) : "required", description: comments.get(key) ?? MAILBOX_NOTES[key] ?? "" };
  });
}

/**
 * Descriptions of mailbox keys that have no doc comment in mailbox-config.ts (self-explanatory
 * there). The test fails when one of these gets a comment, so the two never disagree.
 */
export const MAILBOX_NOTES: Record<string, string> = {
  host: "IMAP server host name.",
  user: "Login name.",
};

/** The whole Markdown document. */
export function renderConfigReference(root = ROOT): string {
  const rows = envRows(root);
  const out: string[] = [
    "# Configuration reference",
    "",
    "<!-- Generated by `pnpm docs:config` (scripts/config-reference.ts) from the zod schemas and the doc",
    "     comments next to their keys. Do not edit by hand: change the schema, then regenerate. -->",
    "",
    "Every setting mailtriage reads, generated from the schemas that check it at start-up. A bad",
    "value stops start-up with one line naming the key (`mailtriage: PORT: Too big: …`); values",
    "are never echoed. Empty variables count as unset. Which roles a process runs is",
    "`MAILTRIAGE_ROLES` ([operations guide](operations.md#roles-and-scaling)); each role reads only",
    "its own schema, so a `worker`-only process ignores the API's keys.",
    "",
    "- [Environment variables](#environment-variables)",
    ...[...sectionsOf(rows).keys()].map((title) => `  - [${title.replace(/`/g, "")}](#${anchor(title)})`),
    "- [IMAP mailbox entries](#imap-mailbox-entries)",
    "- [Policy file](#policy-file)",
    "",
    "## Environment variables",
    "",
    ...ENV_SOURCES.map((source) => `- ${source.readers.join(", ")}: [\`${source.file}\`](../${source.file}) \`${source.root}\``),
    "- shared Redis keys: [`packages/config/src/redis-env.ts`](../packages/config/src/redis-env.ts) `redisEnvShape`",
    "",
  ];
  for (const [title, sectionRows] of sectionsOf(rows)) {
    out.push(`### ${title}`, "", "| variable | type | default | read by | description |", "|---|---|---|---|---|");
    for (const row of sectionRows) out.push(`| \`${row.key}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.readers)} | ${cell(row.description)} |`);
    out.push("");
  }
  out.push(
    "## IMAP mailbox entries",
    "",
    "The entries of `MAILTRIAGE_IMAP_MAILBOXES` (a JSON array) or of the file named by",
    "`MAILTRIAGE_IMAP_CONFIG_FILE` (`{ \"mailboxes\": [ … ] }`), from",
    "[`services/imap-poller/src/mailbox-config.ts`](../services/imap-poller/src/mailbox-config.ts).",
    "Unknown keys are errors. Exactly one of `password` and `accessToken`.",
    "",
    ...table(mailboxRows(root), "key"),
    "## Policy file",
    "",
    "`MAILTRIAGE_POLICY_FILE` (service) or `--policy` (offline command): JSON merged over",
    "[`policy/default-policy.json`](../policy/default-policy.json) key by key (objects merge, arrays",
    "and numbers replace), then checked by `PolicySchema` in",
    "[`packages/contracts/src/policy.ts`](../packages/contracts/src/policy.ts). Unknown keys are",
    "errors. `*` stands for any key of a map, `[]` for any item of a list; the defaults are those",
    "of the shipped file.",
    "",
    ...table(policyRows(root), "key"),
  );
  return `${out.join("\n").trimEnd()}\n`;
}

function table(rows: readonly PolicyRow[], first: string): string[] {
  return [`| ${first} | type | default | description |`, "|---|---|---|---|", ...rows.map((row) => `| \`${row.path}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description)} |`), ""];
}

/** Keys read by several schemas first, then each schema's own keys under its title. */
function sectionsOf(rows: readonly EnvRow[]): Map<string, EnvRow[]> {
  const sections = new Map<string, EnvRow[]>([["Read by several roles", []], ...ENV_SOURCES.map((source): [string, EnvRow[]] => [source.title, []])]);
  for (const row of rows) {
    const title = row.sources.length > 1 ? "Read by several roles" : (row.sources[0] as EnvSource).title;
    sections.get(title)?.push(row);
  }
  return new Map([...sections].filter(([, list]) => list.length > 0));
}

/** GitHub's heading anchor. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-");
}

runGeneratedFile(import.meta.url, { root: ROOT, output: OUTPUT, command: "pnpm docs:config", render: () => renderConfigReference() });
