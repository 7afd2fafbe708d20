import { describe, expect, it } from "vitest";
import { ConfigError, loadGenericDomains, parsePolicy, parseRegistries } from "../src";

describe("parsePolicy", () => {
  it("when no operator file is given, then the defaults are POLICY.md's numbers", () => {
    const p = parsePolicy({});
    expect(p.limits.maxMessageBytes).toBe(26_214_400);
    expect(p.severityTargets["1"]).toEqual({ acknowledgeHours: [1, 3], determineHours: [2, 8] });
    expect(p.severityTargets["3"].determineHours).toEqual([48, 72]);
    expect(p.basicFlood).toEqual({ max: 5, windowDays: 7 });
    expect(p.defaultRegion).toBe("US");
    expect(p.regions.EU?.timezone).toBe("Europe/London");
    expect(p.regions.IN?.largeAccountLicenses).toBe(100);
    expect(Object.keys(p.regions).sort()).toEqual(["ANZ", "APAC", "BR", "CA", "EU", "IN", "LATAM", "MEA", "US"]);
  });

  it("when an operator changes one number, then only that number changes", () => {
    const p = parsePolicy({ basicFlood: { max: 10 } });
    expect(p.basicFlood).toEqual({ max: 10, windowDays: 7 });
    expect(p.limits.maxMessageBytes).toBe(26_214_400);
  });

  it.each([
    [{ basicFlood: { max: "ten" } }, "basicFlood.max"],
    [{ severityTargets: { "2": { acknowledgeHours: [12, 6] } } }, "severityTargets.2.acknowledgeHours"],
    [{ defaultRegion: "XX" }, "defaultRegion"],
    [{ regions: { EU: { timezone: "" } } }, "regions.EU.timezone"],
    [{ limits: { maxMessageBytes: -1 } }, "limits.maxMessageBytes"],
    [{ senders: { genericDomainsAdd: ["not a domain"] } }, "senders.genericDomainsAdd.0"],
    [{ basicFlod: { max: 3 } }, "basicFlod"],
    [{ description: { shortBelowWords: 500 } }, "description.shortBelowWords"],
  ])("when the file has %j, then start-up fails naming %s", (input, key) => {
    expect(() => parsePolicy(input, "policy.json")).toThrow(ConfigError);
    expect(() => parsePolicy(input, "policy.json")).toThrow(`policy.json: ${key}`);
  });
});

describe("parseRegistries", () => {
  const policy = parsePolicy({});
  const partner = { id: "acme", name: "Acme", domains: ["acme.example"], tier: "premium", region: "EU", accountManager: "pam@vendor.example" };

  it.each([
    [[{ ...partner, tier: "gold" }], [], "partners: 0.tier"],
    [[{ ...partner, region: "MARS" }], [], "partners: 0.region"],
    [[partner, { ...partner, id: "other" }], [], 'partners: 1.domains: "acme.example" already belongs to partner "acme"'],
    [[], [{ domain: "c.example", licenses: -3 }], "accounts: 0.licenses"],
  ])("when a registry is wrong, then the error names the entry and key", (partners, accounts, message) => {
    expect(() => parseRegistries(partners, accounts, policy)).toThrow(message);
  });

  it("when registries are valid, then domains are lower-cased", () => {
    const r = parseRegistries([{ ...partner, domains: ["ACME.example"] }], [], policy);
    expect(r.partners[0]?.domains).toEqual(["acme.example"]);
  });
});

describe("loadGenericDomains", () => {
  it("when loaded, then the maintained list plus operator additions minus the allow-list apply", () => {
    const set = loadGenericDomains(parsePolicy({ senders: { genericDomainsAdd: ["freebie.example"], genericDomainsAllow: ["zoho.com"] } }));
    for (const d of ["gmail.com", "yahoo.co.jp", "hotmail.com", "web.de", "mail.ru", "qq.com", "163.com", "freebie.example"]) {
      expect(set.has(d), d).toBe(true);
    }
    expect(set.has("zoho.com")).toBe(false);
    expect(set.size).toBeGreaterThan(4000);
  });

  it("when the operator sets no lists, then the shipped additions (proton.me …) are generic too", () => {
    expect(loadGenericDomains(parsePolicy({})).has("proton.me")).toBe(true);
  });
});
