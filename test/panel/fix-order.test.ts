import { describe, expect, it } from "vitest";
import { orderFixes } from "../../src/ui/components/FixTabs";
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
