import { describe, expect, it } from "vitest";
import { computeWindow, moveIndex, scrollTopToReveal } from "../../src/ui/windowing";

describe("computeWindow", () => {
  it.each([
    // itemCount, scrollTop, viewport, rowHeight, overscan → start, end, offsetTop, totalHeight
    [0, 0, 600, 20, 8, 0, 0, 0, 0],
    [5, 0, 600, 20, 8, 0, 5, 0, 100],
    [10_000, 0, 600, 20, 8, 0, 39, 0, 200_000],
    [10_000, 2000, 600, 20, 8, 92, 139, 1840, 200_000],
    [10_000, 2010, 600, 20, 0, 100, 131, 2000, 200_000],
    [10_000, 10_000_000, 600, 20, 8, 9962, 10_000, 199_240, 200_000],
    [10_000, -50, 600, 20, 8, 0, 39, 0, 200_000],
    [100, 0, 0, 20, 2, 0, 3, 0, 2000],
  ])("%i rows at scrollTop %i in %ipx", (itemCount, scrollTop, viewportHeight, rowHeight, overscan, start, end, offsetTop, totalHeight) => {
    expect(computeWindow({ itemCount, scrollTop, viewportHeight, rowHeight, overscan })).toEqual({ start, end, offsetTop, totalHeight });
  });

  it("never renders more than the viewport plus overscan, whatever the list length", () => {
    for (const itemCount of [1, 50, 10_000, 1_000_000]) {
      for (const scrollTop of [0, 1234, 99_999, 5e9]) {
        const { start, end } = computeWindow({ itemCount, scrollTop, viewportHeight: 600, rowHeight: 20, overscan: 8 });
        expect(end - start).toBeLessThanOrEqual(31 + 16);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(itemCount);
      }
    }
  });
});

describe("scrollTopToReveal", () => {
  it.each([
    // index, scrollTop, viewport → new scrollTop
    [0, 0, 100, 0], // already visible
    [4, 0, 100, 0], // last fully visible row
    [5, 0, 100, 20], // just below: scroll by one row
    [50, 0, 100, 920], // far below: row ends at the bottom edge
    [2, 200, 100, 40], // above: row starts at the top edge
  ])("row %i from %i in %ipx → %i", (index, scrollTop, viewport, expected) => {
    expect(scrollTopToReveal(index, scrollTop, viewport, 20)).toBe(expected);
  });
});

describe("moveIndex", () => {
  it.each([
    [-1, "ArrowDown", 10, 0],
    [-1, "ArrowUp", 10, 0],
    [0, "ArrowUp", 10, 0],
    [3, "ArrowDown", 10, 4],
    [9, "ArrowDown", 10, 9],
    [3, "Home", 10, 0],
    [3, "End", 10, 9],
    [3, "PageDown", 10, 8],
    [8, "PageDown", 10, 9],
    [3, "PageUp", 10, 0],
    [2, "ArrowDown", 0, -1],
    [42, "ArrowUp", 10, 8], // a stale index beyond the list is clamped first
  ] as const)("from %i, %s in %i rows → %i", (current, key, count, expected) => {
    expect(moveIndex(current, key, count, 5)).toBe(expected);
  });
});
