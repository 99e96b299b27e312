import { describe, expect, it } from "vitest";
import { orderFixes, visibleTabIndices } from "../../src/ui/components/FixTabs";
import { wildcardCredentials } from "../helpers/report-fixtures";

const stacks = (fixes: readonly { stack: string }[]): string[] => fixes.map((f) => f.stack);

describe("orderFixes", () => {
  const fixes = wildcardCredentials.fixes; // express, koa, hono

  it.each([
    [[], ["express", "koa", "hono"]],
    [[{ stack: "hono", evidence: "x" }], ["hono", "express", "koa"]],
    [[{ stack: "koa", evidence: "x" }, { stack: "hono", evidence: "y" }], ["koa", "hono", "express"]],
    [[{ stack: "nginx", evidence: "Server: nginx" }], ["express", "koa", "hono"]],
  ])("detected %j → %j", (detected, expected) => {
    expect(stacks(orderFixes(fixes, detected))).toEqual(expected);
  });
});

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
