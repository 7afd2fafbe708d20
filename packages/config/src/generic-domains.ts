import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Policy } from "@mailtriage/contracts";

/**
 * The generic (free-mail and disposable) domain set of POLICY §3: the maintained lists shipped
 * by the `freemail` package, plus `senders.genericDomainsAdd`, minus `senders.genericDomainsAllow`.
 * Read once at start-up; the domain rules get the set as an argument.
 */
export function loadGenericDomains(policy: Policy): ReadonlySet<string> {
  const dataDir = join(dirname(createRequire(import.meta.url).resolve("freemail/package.json")), "data");
  const set = new Set<string>();
  for (const file of ["free.txt", "disposable.txt"]) {
    for (const line of readFileSync(join(dataDir, file), "utf8").split("\n")) {
      const d = line.trim().toLowerCase();
      if (d !== "" && !d.startsWith("#")) set.add(d);
    }
  }
  for (const d of policy.senders.genericDomainsAdd) set.add(d);
  for (const d of policy.senders.genericDomainsAllow) set.delete(d);
  return set;
}
