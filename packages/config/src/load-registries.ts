import { AccountsFileSchema, PartnersFileSchema, type Account, type Partner, type Policy } from "@mailtriage/contracts";
import { ConfigError, describeIssues } from "./config-error";
import { readJson } from "./load-policy";

/** The operator registries of CONTRACT.md, validated against each other and the policy. */
export interface Registries {
  partners: Partner[];
  accounts: Account[];
}

/**
 * Validates partner and account lists: shapes (zod), regions known to the policy, and no
 * domain claimed by two partners (the sender lookup would be ambiguous).
 * @throws ConfigError naming the source and the bad key, e.g. `partners.json: 2.region: …`.
 */
export function parseRegistries(partnersInput: unknown, accountsInput: unknown, policy: Policy, sources = { partners: "partners", accounts: "accounts" }): Registries {
  const partners = PartnersFileSchema.safeParse(partnersInput ?? []);
  if (!partners.success) throw new ConfigError(describeIssues(sources.partners, partners.error));
  const accounts = AccountsFileSchema.safeParse(accountsInput ?? []);
  if (!accounts.success) throw new ConfigError(describeIssues(sources.accounts, accounts.error));

  const problems: string[] = [];
  const owner = new Map<string, string>();
  partners.data.forEach((p, i) => {
    if (!(p.region in policy.regions)) problems.push(`${sources.partners}: ${i}.region: unknown region "${p.region}" (policy regions: ${Object.keys(policy.regions).join(", ")})`);
    for (const d of p.domains) {
      const other = owner.get(d);
      if (other !== undefined && other !== p.id) problems.push(`${sources.partners}: ${i}.domains: "${d}" already belongs to partner "${other}"`);
      owner.set(d, p.id);
    }
  });
  accounts.data.forEach((a, i) => {
    if (a.region !== undefined && !(a.region in policy.regions)) problems.push(`${sources.accounts}: ${i}.region: unknown region "${a.region}"`);
  });
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return { partners: partners.data, accounts: accounts.data };
}

/** Reads `partners.json` and `accounts.json` (either may be omitted: empty registry). */
export async function loadRegistries(policy: Policy, paths: { partners?: string; accounts?: string }): Promise<Registries> {
  const partners = paths.partners === undefined ? [] : await readJson(paths.partners);
  const accounts = paths.accounts === undefined ? [] : await readJson(paths.accounts);
  return parseRegistries(partners, accounts, policy, { partners: paths.partners ?? "partners", accounts: paths.accounts ?? "accounts" });
}
