import { describe, expect, it } from "vitest";
import { visibleTabIndices } from "../../src/ui/components/FixTabs";

describe("visibleTabIndices", () => {
  it.each([
    [3, 0, [0, 1, 2]],
    [22, 0, [0, 1, 2, 3, 4, 5]],
    [22, 4, [0, 1, 2, 3, 4, 5]],
    [22, 15, [0, 1, 2, 3, 4, 5, 15]],
  ])("%i fixes, active %i → tabs %j", (count, active, expected) => {
    expect(visibleTabIndices(count, active)).toEqual(expected);
  });
});
