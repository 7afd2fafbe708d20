/**
 * `tsx services/api/src/api-key-command.ts` (`pnpm api-key`): manages API keys in Redis
 * (`REDIS_URL`, `MAILTRIAGE_REDIS_PREFIX`).
 *
 *   create --name NAME --scopes read,write[,admin]   prints the key once on stdout
 *   list                                             id, name, scopes, created (never keys)
 *   revoke KEY_ID
 *
 * Exit 0 done, 1 Redis unreachable or unknown key id, 2 bad usage.
 */
import { parseArgs } from "node:util";
import { RedisEnvSchema } from "@mailtriage/config";
import { ScopeSchema, type Scope } from "./auth/api-key";
import { createApiKeyStore, type ApiKeyStore } from "./auth/api-key-store";
import { runRedisCommand, UsageError } from "./redis-command";

function parseScopes(value: string | undefined): Scope[] {
  const scopes = (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (scopes.length === 0) throw new UsageError("--scopes: name at least one of read, write, admin");
  return scopes.map((scope) => {
    const parsed = ScopeSchema.safeParse(scope);
    if (!parsed.success) throw new UsageError(`--scopes: unknown scope "${scope}" (read, write, admin)`);
    return parsed.data;
  });
}

type Action = { kind: "create"; name: string; scopes: Scope[] } | { kind: "list" } | { kind: "revoke"; id: string };

/** The command line as an action, before anything connects (bad usage is exit 2 even without Redis). */
function parseAction(argv: string[]): Action {
  const [command, ...args] = argv;
  switch (command) {
    case "create": {
      const { values } = parseArgs({ args, options: { name: { type: "string" }, scopes: { type: "string" } }, strict: true });
      if (values.name === undefined || values.name.trim() === "") throw new UsageError("--name: required");
      return { kind: "create", name: values.name.trim(), scopes: parseScopes(values.scopes) };
    }
    case "list":
      return { kind: "list" };
    case "revoke":
      if (args[0] === undefined) throw new UsageError("revoke: name the key id (see `list`)");
      return { kind: "revoke", id: args[0] };
    default:
      throw new UsageError(command === undefined ? "name a command" : `unknown command "${command}"`);
  }
}

async function run(action: Action, store: ApiKeyStore): Promise<number> {
  switch (action.kind) {
    case "create": {
      const { key, record } = await store.create(action);
      process.stderr.write(`created ${record.id} "${record.name}" (${record.scopes.join(", ")}); the key is shown this once:\n`);
      process.stdout.write(`${key}\n`);
      return 0;
    }
    case "list":
      for (const r of await store.list()) process.stdout.write(`${r.id}\t${r.name}\t${r.scopes.join(",")}\t${r.createdAt}\n`);
      return 0;
    case "revoke":
      if (await store.revoke(action.id)) return 0;
      process.stderr.write(`api-key: no key with id "${action.id}"\n`);
      return 1;
  }
}

runRedisCommand({
  name: "api-key",
  usage: "usage: api-key create --name NAME --scopes read,write,admin | api-key list | api-key revoke KEY_ID",
  parseAction,
  envSchema: RedisEnvSchema,
  run: (action, { env, redis }) => run(action, createApiKeyStore(redis, env.MAILTRIAGE_REDIS_PREFIX)),
});
