import { AccountSchema, PartnerSchema, type Account, type Partner, type Policy } from "@mailtriage/contracts";
import type { RedisClient } from "./redis-connection";
import type { StoreKeys } from "./keys";
import { deletePartnerScript, putPartnerScript, seedRegistriesScript } from "./scripts/registry-scripts";

/** One problem with a partner or account, naming the field (`domains.1`, `region`). */
export interface RegistryIssue {
  path: string;
  message: string;
}

/** A partner or account that cannot be stored (the API answers 400 naming the field). */
export class RegistryValidationError extends Error {
  override readonly name = "RegistryValidationError";
  constructor(readonly issues: RegistryIssue[]) {
    super(issues.map((i) => `${i.path || "(top level)"}: ${i.message}`).join("; "));
  }
}

/** Both registries at one version (what `triage` needs as `partners` and `accounts`). */
export interface RegistrySnapshot {
  /** Grows with every change; caches compare it. */
  version: number;
  /** Sorted by id. */
  partners: Partner[];
  /** Sorted by domain. */
  accounts: Account[];
}

/**
 * The partner and account registries of CONTRACT.md in Redis: seeded from the files once,
 * then edited (over the API). Every input is validated with the contracts' zod schemas, regions
 * must exist in the policy, and a domain belongs to at most one partner (checked atomically).
 */
export interface RegistryStore {
  /** Writes the seed when the registries were never seeded; false (nothing written) otherwise. */
  seedIfEmpty(seed: { partners: readonly Partner[]; accounts: readonly Account[] }): Promise<boolean>;
  snapshot(): Promise<RegistrySnapshot>;
  version(): Promise<number>;
  listPartners(): Promise<Partner[]>;
  getPartner(id: string): Promise<Partner | null>;
  /** Creates or replaces the partner with `input.id`. @throws RegistryValidationError */
  putPartner(input: unknown): Promise<Partner>;
  deletePartner(id: string): Promise<boolean>;
  listAccounts(): Promise<Account[]>;
  getAccount(domain: string): Promise<Account | null>;
  /** Creates or replaces the account with `input.domain`. @throws RegistryValidationError */
  putAccount(input: unknown): Promise<Account>;
  deleteAccount(domain: string): Promise<boolean>;
}

export function createRegistryStore(redis: RedisClient, options: { keys: StoreKeys; policy: Policy }): RegistryStore {
  const { keys, policy } = options;
  const partnerKeys = [keys.partners, keys.partnerDomains, keys.registryVersion];
  const checkRegion = (region: string | undefined): RegistryIssue[] =>
    region === undefined || region in policy.regions ? [] : [{ path: "region", message: `unknown region "${region}" (policy regions: ${Object.keys(policy.regions).join(", ")})` }];
  const parsePartner = (input: unknown): Partner => {
    const parsed = PartnerSchema.safeParse(input);
    if (!parsed.success) throw new RegistryValidationError(parsed.error.issues.map(toIssue));
    const issues = checkRegion(parsed.data.region);
    if (issues.length > 0) throw new RegistryValidationError(issues);
    return parsed.data;
  };
  const parseAccount = (input: unknown): Account => {
    const parsed = AccountSchema.safeParse(input);
    if (!parsed.success) throw new RegistryValidationError(parsed.error.issues.map(toIssue));
    const issues = checkRegion(parsed.data.region);
    if (issues.length > 0) throw new RegistryValidationError(issues);
    return parsed.data;
  };
  const parseAll = <T>(values: string[], by: (t: T) => string): T[] => values.map((v) => JSON.parse(v) as T).sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));

  return {
    async seedIfEmpty(seed) {
      const partners = seed.partners.map(parsePartner).map((p) => [p.id, JSON.stringify(p), p.domains]);
      const accounts = seed.accounts.map(parseAccount).map((a) => [a.domain, JSON.stringify(a)]);
      const reply = await seedRegistriesScript.run(redis, [...partnerKeys.slice(0, 2), keys.accounts, keys.registryVersion, keys.registrySeeded], [JSON.stringify(partners), JSON.stringify(accounts)]);
      return reply === 1;
    },
    async snapshot() {
      const replies = await redis.multi().get(keys.registryVersion).hvals(keys.partners).hvals(keys.accounts).exec();
      const [version, partners, accounts] = (replies ?? []).map(([error, value]) => {
        if (error) throw error;
        return value;
      }) as [string | null, string[], string[]];
      return { version: Number(version ?? 0), partners: parseAll<Partner>(partners, (p) => p.id), accounts: parseAll<Account>(accounts, (a) => a.domain) };
    },
    async version() {
      return Number((await redis.get(keys.registryVersion)) ?? 0);
    },
    async listPartners() {
      return parseAll<Partner>(await redis.hvals(keys.partners), (p) => p.id);
    },
    async getPartner(id) {
      const json = await redis.hget(keys.partners, id);
      return json === null ? null : (JSON.parse(json) as Partner);
    },
    async putPartner(input) {
      const partner = parsePartner(input);
      const reply = (await putPartnerScript.run(redis, partnerKeys, [partner.id, JSON.stringify(partner), JSON.stringify(partner.domains)])) as string[];
      if (reply[0] === "taken") {
        const at = partner.domains.indexOf(reply[1] ?? "");
        throw new RegistryValidationError([{ path: `domains.${at}`, message: `"${reply[1]}" already belongs to partner "${reply[2]}"` }]);
      }
      return partner;
    },
    async deletePartner(id) {
      return (await deletePartnerScript.run(redis, partnerKeys, [id])) === 1;
    },
    async listAccounts() {
      return parseAll<Account>(await redis.hvals(keys.accounts), (a) => a.domain);
    },
    async getAccount(domain) {
      const json = await redis.hget(keys.accounts, domain.trim().toLowerCase());
      return json === null ? null : (JSON.parse(json) as Account);
    },
    async putAccount(input) {
      const account = parseAccount(input);
      await redis.multi().hset(keys.accounts, account.domain, JSON.stringify(account)).incr(keys.registryVersion).exec();
      return account;
    },
    async deleteAccount(domain) {
      const replies = await redis.multi().hdel(keys.accounts, domain.trim().toLowerCase()).incr(keys.registryVersion).exec();
      return replies?.[0]?.[1] === 1;
    },
  };
}

/** A zod issue as a field path and message; an unknown key is named itself, not its parent. */
function toIssue(issue: { code: string; path: PropertyKey[]; message: string; keys?: string[] }): RegistryIssue {
  if (issue.code === "unrecognized_keys") return { path: [...issue.path, (issue.keys ?? []).join(", ")].map(String).join("."), message: "unknown field" };
  return { path: issue.path.map(String).join("."), message: issue.message };
}
