import type { Account, Policy } from "@mailtriage/contracts";
import { domainOf } from "../sender";

/**
 * The customer account a ticket is about (POLICY §5 "Large accounts"): by the domain of the
 * template's customer email, else by a super-admin email written anywhere in the new text.
 */
export function findAccount(accounts: readonly Account[], customerEmail: string | null, text: string): Account | null {
  if (customerEmail !== null) {
    const domain = domainOf(customerEmail);
    const byDomain = accounts.find((a) => a.domain === domain);
    if (byDomain) return byDomain;
  }
  const lower = text.toLowerCase();
  return accounts.find((a) => a.superAdminEmail !== undefined && lower.includes(a.superAdminEmail.toLowerCase())) ?? null;
}

/** Large when the licence count reaches the threshold of the account's region, else the partner's. */
export function isLargeAccount(account: Account | null, partnerRegion: string, policy: Policy): boolean {
  if (account === null) return false;
  const region = policy.regions[account.region ?? partnerRegion] ?? policy.regions[partnerRegion];
  return region !== undefined && account.licenses >= region.largeAccountLicenses;
}
