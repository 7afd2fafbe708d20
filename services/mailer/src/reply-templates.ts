import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ConfigError, describeIssues } from "@mailtriage/config";
import type { Language } from "@mailtriage/contracts";
import { DEFAULT_REPLY_TEXTS, placeholdersOf, type ReplyTexts, type ReplyTextSet } from "@mailtriage/domain";
import { z } from "zod";

const LANGUAGES: readonly Language[] = ["en", "es", "pt", "fr", "id", "de"];

/** A schema accepting any subset of `shape`'s keys, unknown keys refused, each text using only the placeholders of the shipped one. */
function partialSchemaOf(shape: unknown): z.ZodType {
  if (typeof shape === "string") {
    const allowed = new Set(placeholdersOf(shape));
    return z.string().min(1, "must not be empty").superRefine((text, ctx) => {
      const unknown = placeholdersOf(text).filter((p) => !allowed.has(p));
      if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `unknown placeholder ${unknown.map((p) => `{${p}}`).join(", ")} (this text may use: ${[...allowed].map((p) => `{${p}}`).join(", ") || "none"})` });
    });
  }
  const entries = Object.entries(shape as Record<string, unknown>).map(([key, value]) => [key, partialSchemaOf(value).optional()] as const);
  return z.strictObject(Object.fromEntries(entries));
}

/** Override file: `{ "<language>": { …any subset of the English keys… } }`, plus an optional `$comment`. */
const OverrideSchema = z.strictObject({
  $comment: z.unknown().optional(),
  ...Object.fromEntries(LANGUAGES.map((l) => [l, partialSchemaOf(DEFAULT_REPLY_TEXTS.en).optional()])),
});

function merge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (typeof base === "string") return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override as Record<string, unknown>)) out[key] = merge(out[key], value);
  return out as T;
}

/**
 * The reply texts: the shipped ones, with an operator's file merged over them key by key
 * (`MAILTRIAGE_REPLY_TEMPLATES_FILE`). Validated: unknown languages or keys, empty texts and
 * placeholders the replaced text does not have are refused.
 * @throws ConfigError naming the file and key: `replies.json: es.consent.from: unknown placeholder {client} …`.
 */
export async function loadReplyTexts(file: string | undefined): Promise<ReplyTexts> {
  if (file === undefined) return DEFAULT_REPLY_TEXTS;
  const source = basename(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${source}: cannot read reply templates: ${(err as Error).message.split("\n")[0]}`);
  }
  const parsed = OverrideSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(describeIssues(source, parsed.error));
  const override = parsed.data as Partial<Record<Language, unknown>>;
  return Object.fromEntries(LANGUAGES.map((l) => [l, merge<ReplyTextSet>(DEFAULT_REPLY_TEXTS[l], override[l])])) as unknown as ReplyTexts;
}
