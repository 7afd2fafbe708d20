import { describe, expect, it } from "vitest";
import { toUidSet, uidBatches, type UidRange } from "../src";

describe("uidBatches", () => {
  it.each<[number, number, number, UidRange[]]>([
    [1, 10, 4, [{ from: 1, to: 4 }, { from: 5, to: 8 }, { from: 9, to: 10 }]],
    [5, 5, 100, [{ from: 5, to: 5 }]],
    [1, 3, 3, [{ from: 1, to: 3 }]],
    [10, 9, 5, []],
  ])("when %i..%i is split by %i, then the ranges cover it exactly once", (from, to, size, ranges) => {
    expect([...uidBatches(from, to, size)]).toEqual(ranges);
  });

  it("when a catch-up spans millions of UIDs, then ranges come one at a time", () => {
    const batches = uidBatches(1, 5_000_000, 100);
    expect(batches.next().value).toEqual({ from: 1, to: 100 });
    expect(batches.next().value).toEqual({ from: 101, to: 200 });
  });

  it.each([0, -1, 1.5])("when the batch size is %s, then it is refused", (size) => {
    expect(() => [...uidBatches(1, 10, size)]).toThrow(RangeError);
  });
});

describe("toUidSet", () => {
  it.each<[number[], string]>([
    [[1, 2, 3, 5, 7, 8], "1:3,5,7:8"],
    [[9, 3, 4, 3], "3:4,9"],
    [[42], "42"],
    [[], ""],
  ])("when the UIDs are %j, then the set is %j", (uids, set) => {
    expect(toUidSet(uids)).toBe(set);
  });
});
