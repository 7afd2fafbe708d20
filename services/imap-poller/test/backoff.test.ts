import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src";

const options = { baseMs: 1_000, maxMs: 60_000 };

describe("backoffDelay", () => {
  it.each<[number, number, number]>([
    [0, 0, 500],
    [0, 0.999_999, 1_000],
    [1, 0, 1_000],
    [3, 0.5, 6_000],
    [6, 0, 30_000],
    [7, 0.999_999, 60_000],
    [50, 0.25, 37_500],
    [-3, 0, 500],
  ])("when attempt %i draws %f, then the wait is %i ms", (attempt, draw, wait) => {
    expect(backoffDelay(attempt, options, () => draw)).toBe(wait);
  });

  it("when many replicas retry the same attempt, then their waits spread over half the bound", () => {
    const waits = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(4, options, () => i / 20)));
    expect(waits.size).toBe(20);
    expect(Math.min(...waits)).toBe(8_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(16_000);
  });
});
