import { describe, expect, it } from "vitest";
import { digest } from "../../src/ui/summary";
import { ALL_FIXTURES, allowedGet, manyEntries, putDisallowed, redirectMissingHeader } from "../helpers/report-fixtures";

describe("digest", () => {
  it("is empty for no entries", () => {
    expect(digest([])).toEqual({ total: 0, blocked: 0, failures: [], serverOrigins: [], pageOrigins: [], latestBlocked: null });
  });

  it("groups blocked entries by Chromium error, names servers and the latest failure", () => {
    const summary = digest(ALL_FIXTURES);
    expect(summary.total).toBe(5);
    expect(summary.blocked).toBe(4);
    expect(summary.failures.map((f) => [f.code, f.count])).toEqual([
      ["MethodDisallowedByPreflightResponse", 1],
      ["MissingAllowOriginHeader", 1],
      ["PreflightMissingAllowOriginHeader", 1],
      ["WildcardOriginNotAllowed", 1],
    ]);
    expect(summary.serverOrigins).toEqual(["https://api.example.test", "https://files.example.test"]);
    expect(summary.pageOrigins).toEqual(["https://app.example.test"]);
    expect(summary.latestBlocked?.id).toBe(redirectMissingHeader.id);
  });

  it("ignores allowed requests", () => {
    expect(digest([allowedGet]).blocked).toBe(0);
    expect(digest([allowedGet, putDisallowed]).failures).toEqual([
      { code: "MethodDisallowedByPreflightResponse", title: putDisallowed.diagnosis.title, count: 1 },
    ]);
  });

  it("handles thousands of entries", () => {
    const summary = digest(manyEntries(5000));
    expect(summary.blocked).toBe(4000);
    expect(summary.failures.reduce((n, f) => n + f.count, 0)).toBe(4000);
    expect(summary.latestBlocked?.id).toBe("bulk-4999");
  });
});
