#!/usr/bin/env node
/**
 * `triage [--policy FILE] [--partners FILE] [--accounts FILE] [--received-at ISO] PATH…`
 * The offline command of CONTRACT.md: no Redis, IMAP or network; JSON Lines on stdout.
 * Exit 0 when every message got a result, 2 on bad usage or unreadable input.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadGenericDomains, loadPolicy, loadRegistries } from "@mailtriage/config";
import { MessageParser } from "@mailtriage/mime";
import { availableParallelism } from "node:os";
import { InputError, readInputs } from "./read-inputs";
import { triageRun } from "./triage-run";

const USAGE = "usage: triage [--policy FILE] [--partners FILE] [--accounts FILE] [--received-at ISO] PATH…";

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgsOrThrow(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("no PATH given");
  const receivedAt = parseReceivedAt(values["received-at"]);
  const policy = await loadPolicy(values.policy);
  const registries = await loadRegistries(policy, { partners: values.partners, accounts: values.accounts });
  const parser = new MessageParser(policy.limits, { workers: Math.max(1, Math.min(2, availableParallelism())) });
  try {
    await triageRun(readInputs(positionals), { parse: (raw) => parser.parse(raw), policy, ...registries, genericDomains: loadGenericDomains(policy), receivedAt }, (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  } finally {
    await parser.close();
  }
  return 0;
}

function parseArgsOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: "string" },
        partners: { type: "string" },
        accounts: { type: "string" },
        "received-at": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function parseReceivedAt(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString();
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw new UsageError(`--received-at: not an ISO-8601 date-time: ${value}`);
  return new Date(ms).toISOString();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`triage: ${err.message}\n${USAGE}\n`);
    else if (err instanceof ConfigError || err instanceof InputError) process.stderr.write(`triage: ${err.message}\n`);
    else {
      // Not the input's fault: a bug. Say so, and do not pretend it was bad usage.
      process.stderr.write(`triage: internal error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
      return;
    }
    process.exitCode = 2;
  },
);
