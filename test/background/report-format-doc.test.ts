// docs/report-format.md documents every field of ReportEntry and of its diagnosis.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ReportDiagnosis, ReportEntry } from "../../src/shared/report";

// Listing the keys as typed records makes the compiler fail when a field is added or removed.
const ENTRY_FIELDS: Record<keyof ReportEntry, true> = {
  id: true, tabId: true, url: true, finalUrl: true, method: true, initiator: true, documentUrl: true,
  resourceType: true, startedAt: true, blocked: true, diagnosis: true, preflight: true, request: true,
  redirects: true, response: true, error: true, detectedStacks: true, fixes: true, redacted: true,
};
const DIAGNOSIS_FIELDS: Record<keyof ReportDiagnosis, true> = {
  verdict: true, browser: true, firefoxReason: true, code: true, failedParameter: true, stage: true, title: true, explanation: true,
  consoleMessage: true, preflightReasons: true, checks: true, inferred: true, advisories: true, genericFix: true,
};

describe("docs/report-format.md", () => {
  const doc = readFileSync("docs/report-format.md", "utf8");
  it.each([...Object.keys(ENTRY_FIELDS), ...Object.keys(DIAGNOSIS_FIELDS)])("documents %s", (field) => {
    expect(doc).toMatch(new RegExp("`" + field + "`"));
  });
});
