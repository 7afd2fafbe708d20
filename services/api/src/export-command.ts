/**
 * `tsx services/api/src/export-command.ts` (`pnpm export`): writes tickets as JSON Lines, one
 * `GET /v1/tickets/:id` document per line, newest received first, for archiving (README
 * "Retention and export"). Reads Redis like the service (`REDIS_URL`, `MAILTRIAGE_REDIS_PREFIX` …).
 *
 *   export [--out FILE] [--status S] [--severity 1-3] [--partner ID] [--language CODE]
 *          [--breached true|false] [--received-from ISO] [--received-to ISO] [--due-before ISO]
 *
 * Filters as `GET /v1/tickets` (AND). Without `--out` the lines go to stdout; with it, to
 * `FILE.partial`, renamed to FILE once complete (a failed export never looks like a whole one).
 * The count goes to stderr. Exit 0 done, 1 Redis unreachable or a write error, 2 bad usage.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { loadPolicy, redisEnvShape, refineRedisEnv } from "@mailtriage/config";
import { createTicketStore, storeKeys } from "@mailtriage/store";
import { z } from "zod";
import { ticketLines, type TicketExportQuery } from "./data/ticket-export";
import { ApiEnvSchema } from "./env";
import { runRedisCommand, UsageError } from "./redis-command";
import { TicketExportQuerySchema } from "./schemas/export-schemas";

/** Command-line flag → filter of the ticket list. */
const FILTER_FLAGS = {
  status: "status",
  severity: "severity",
  partner: "partner",
  language: "language",
  breached: "breached",
  "received-from": "receivedFrom",
  "received-to": "receivedTo",
  "due-before": "dueBefore",
} as const;

const FLAG_OF = new Map<string, string>(Object.entries(FILTER_FLAGS).map(([flag, filter]) => [filter, `--${flag}`]));

interface ExportAction {
  out: string | null;
  query: TicketExportQuery;
}

/** The command line as an export, validated by the route's own schema (bad usage is exit 2 before anything connects). */
function parseAction(argv: string[]): ExportAction {
  const options = Object.fromEntries(Object.keys(FILTER_FLAGS).map((flag) => [flag, { type: "string" as const }]));
  const { values } = parseArgs({ args: argv, options: { ...options, out: { type: "string" } }, strict: true, allowPositionals: false });
  const given = values as Record<string, string | undefined>;
  const raw = Object.fromEntries(Object.entries(FILTER_FLAGS).flatMap(([flag, filter]) => (given[flag] === undefined ? [] : [[filter, given[flag]]])));
  const parsed = TicketExportQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `${FLAG_OF.get(String(issue.path[0])) ?? String(issue.path[0])}: ${issue.message}`).join("; "));
  }
  const out = values.out;
  if (out !== undefined && out.trim() === "") throw new UsageError("--out: name a file");
  return { out: out ?? null, query: parsed.data };
}

/** Writes every line to `out`, waiting whenever it asks (`drain`); the count written. */
async function writeLines(lines: AsyncIterable<Buffer>, out: Writable): Promise<number> {
  let failure: Error | null = null;
  out.on("error", (err: Error) => void (failure ??= err));
  let count = 0;
  for await (const line of lines) {
    if (failure !== null) throw failure;
    count++;
    if (!out.write(line)) await once(out, "drain");
  }
  if (failure !== null) throw failure;
  return count;
}

/** The lines into FILE.partial, renamed to FILE when complete (removed when not). */
async function writeFile(lines: AsyncIterable<Buffer>, file: string): Promise<number> {
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial);
  try {
    const count = await writeLines(lines, stream);
    stream.end();
    await once(stream, "finish");
    await rename(partial, file);
    return count;
  } catch (err) {
    stream.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}

const ExportEnvSchema = z.object({ ...redisEnvShape, MAILTRIAGE_POLICY_FILE: ApiEnvSchema.shape.MAILTRIAGE_POLICY_FILE }).superRefine((env, ctx) => refineRedisEnv(env, ctx));

runRedisCommand({
  name: "export",
  usage:
    "usage: export [--out FILE] [--status S] [--severity 1-3] [--partner ID] [--language CODE] [--breached true|false] [--received-from ISO] [--received-to ISO] [--due-before ISO]",
  parseAction,
  envSchema: ExportEnvSchema,
  async run(action, { env, redis }) {
    const policy = await loadPolicy(env.MAILTRIAGE_POLICY_FILE);
    const keys = storeKeys(env.MAILTRIAGE_REDIS_PREFIX);
    const lines = ticketLines({ redis, keys, tickets: createTicketStore(redis, { keys, policy }) }, action.query);
    const count = action.out === null ? await writeLines(lines, process.stdout) : await writeFile(lines, action.out);
    process.stderr.write(`export: ${count} ticket${count === 1 ? "" : "s"} written${action.out === null ? "" : ` to ${action.out}`}\n`);
    return 0;
  },
});
