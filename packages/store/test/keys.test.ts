import { describe, expect, it } from "vitest";
import { keyRoot, storeKeys } from "../src";

/** Every key a `StoreKeys` builds, with sample arguments (new key builders are covered as they are added). */
function everyKey(prefix: string): [string, string][] {
  const keys = storeKeys(prefix);
  return Object.entries(keys).flatMap(([name, value]): [string, string][] => {
    if (name === "prefix") return [];
    if (typeof value === "string") return [[name, value]];
    if (typeof value === "function") return [[`${name}()`, String((value as (...args: string[]) => unknown)("sample-1", "sample-2"))]];
    return [];
  });
}

describe("key layout (Redis Cluster hash tags)", () => {
  it("when keys are built, then every one starts with the prefix in braces, so all hash to one Cluster slot", () => {
    const keys = everyKey("mt.prod:eu");
    expect(keys.length).toBeGreaterThan(20);
    for (const [name, key] of keys) expect(key, name).toMatch(/^\{mt\.prod:eu\}(:|$)/);
  });

  it("when BullMQ's prefix is read, then the queues share the store's hash tag", () => {
    expect(storeKeys("mailtriage").bullPrefix).toBe("{mailtriage}:bull");
    expect(storeKeys("mailtriage").prefix).toBe("mailtriage");
  });

  it.each(["", "a{b}", "a*", "with space", "x".repeat(101)])("when the prefix is %j, then it is refused (it could break the tag or a SCAN pattern)", (prefix) => {
    expect(() => keyRoot(prefix)).toThrow(RangeError);
    expect(() => storeKeys(prefix)).toThrow(RangeError);
  });

  it("when one prefix starts another, then their keys no longer overlap under one SCAN pattern", () => {
    const inner = keyRoot("a");
    expect(everyKey("a:b").some(([, key]) => key.startsWith(`${inner}:`))).toBe(false);
  });
});
