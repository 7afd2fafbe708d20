import type { Partner } from "@mailtriage/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistryCache, createRegistryStore, RegistryValidationError, type RegistryStore } from "../src";
import { openTestStore, type TestStore } from "./support/test-store";

let t: TestStore;
let registry: RegistryStore;

const ACME: Partner = { id: "acme", name: "Acme Cloud Partners Ltd", domains: ["acme-partner.example"], tier: "premium", region: "EU", accountManager: "pam@vendor.example" };
const ZETA: Partner = { id: "zeta", name: "Zeta", domains: ["zeta.example"], tier: "authorized", region: "US", accountManager: "pam@vendor.example" };

beforeAll(async () => {
  t = await openTestStore("registry");
  registry = createRegistryStore(t.redis, { keys: t.keys, policy: t.policy });
});

afterAll(async () => {
  await t.close();
});

describe("registry store", () => {
  it("when seeded twice, then only the first seed is written, even after the registry was emptied", async () => {
    expect(await registry.seedIfEmpty({ partners: [ACME], accounts: [{ domain: "globex.example", licenses: 250 }] })).toBe(true);
    await registry.deletePartner("acme");
    expect(await registry.seedIfEmpty({ partners: [ACME, ZETA], accounts: [] })).toBe(false);
    expect(await registry.listPartners()).toEqual([]);
    expect(await registry.listAccounts()).toEqual([{ domain: "globex.example", licenses: 250 }]);
  });

  it("when a partner is put, read, replaced and deleted, then each read shows the last write", async () => {
    await registry.putPartner(ZETA);
    expect(await registry.getPartner("zeta")).toEqual(ZETA);
    await registry.putPartner({ ...ZETA, domains: ["zeta.example", "ZETA-Mail.example "] });
    expect((await registry.getPartner("zeta"))?.domains).toEqual(["zeta.example", "zeta-mail.example"]);
    expect(await registry.deletePartner("zeta")).toBe(true);
    expect(await registry.deletePartner("zeta")).toBe(false);
    expect(await registry.getPartner("zeta")).toBeNull();
  });

  it.each([
    ["a missing name", { ...ACME, name: undefined }, "name"],
    ["a bad tier", { ...ACME, tier: "gold" }, "tier"],
    ["a bad domain", { ...ACME, domains: ["ok.example", "not a domain"] }, "domains.1"],
    ["an unknown region", { ...ACME, region: "MARS" }, "region"],
    ["an unknown field", { ...ACME, colour: "red" }, "colour"],
  ])("when a partner has %s, then it is refused naming the field", async (_name, input, path) => {
    const error = await registry.putPartner(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryValidationError);
    expect((error as RegistryValidationError).issues.map((i) => i.path)).toContain(path);
  });

  it("when a second partner claims a domain of the first, then it is refused and the first keeps it", async () => {
    await registry.putPartner({ ...ACME, id: "first", domains: ["shared.example"] });
    const error = await registry.putPartner({ ...ZETA, id: "second", domains: ["own.example", "shared.example"] }).catch((e: unknown) => e);
    expect((error as RegistryValidationError).issues).toEqual([{ path: "domains.1", message: '"shared.example" already belongs to partner "first"' }]);
    expect(await registry.getPartner("second")).toBeNull();
    await registry.putPartner({ ...ACME, id: "first", domains: ["moved.example"] });
    await expect(registry.putPartner({ ...ZETA, id: "second", domains: ["shared.example"] })).resolves.toMatchObject({ id: "second" });
  });

  it("when an account is put and deleted, then it is validated and found by its domain", async () => {
    await expect(registry.putAccount({ domain: "kiwi.example", licenses: -1 })).rejects.toBeInstanceOf(RegistryValidationError);
    await registry.putAccount({ domain: "Kiwi.example", licenses: 55, region: "ANZ" });
    expect(await registry.getAccount("kiwi.example")).toEqual({ domain: "kiwi.example", licenses: 55, region: "ANZ" });
    expect(await registry.deleteAccount("KIWI.example")).toBe(true);
    expect(await registry.getAccount("kiwi.example")).toBeNull();
  });

  it("when the registry changes, then a cache sees it only after its maximum age", async () => {
    let clock = 0;
    const cache = createRegistryCache(registry, { maxAgeMs: 1_000, now: () => clock });
    const before = await cache.get();
    await registry.putPartner({ ...ZETA, id: "cached", domains: ["cached.example"] });

    expect((await cache.get()).partners.map((p) => p.id)).toEqual(before.partners.map((p) => p.id));
    clock = 1_000;
    const after = await cache.get();
    expect(after.partners.map((p) => p.id)).toContain("cached");
    expect(after.version).toBeGreaterThan(before.version);
  });
});
