import { describe, expect, it } from "vitest";
import { percentile, summarize } from "../../bench/stats";

describe("bench statistics", () => {
  it("takes nearest-rank percentiles of sorted samples", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarizes unsorted samples numerically, not as strings", () => {
    const summary = summarize([10, 9, 100, 2, 1]);
    expect(summary).toMatchObject({ n: 5, median: 9, min: 1, max: 100 });
    expect(summary.mean).toBeCloseTo(24.4);
    expect(summary.iqr).toBe(10 - 2);
  });
});
