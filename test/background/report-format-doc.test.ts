// docs/report-format.md documents every field of ReportEntry and of its diagnosis.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ServerPolicy } from "../../src/fixes/policy";
import type { ServerReport } from "../../src/fixes/servers";
import type { Report, ReportDiagnosis, ReportEntry } from "../../src/shared/report";

// Listing the keys as typed records makes the compiler fail when a field is added or removed.
const ENTRY_FIELDS: Record<keyof ReportEntry, true> = {
  id: true, tabId: true, url: true, finalUrl: true, method: true, initiator: true, documentUrl: true,
  resourceType: true, startedAt: true, blocked: true, diagnosis: true, preflight: true, request: true,
  redirects: true, response: true, error: true, detectedStacks: true, fixes: true, redacted: true,
};
const DIAGNOSIS_FIELDS: Record<keyof ReportDiagnosis, true> = {
  verdict: true, browser: true, firefoxReason: true, code: true, failedParameter: true, stage: true, title: true, explanation: true,
  consoleMessage: true, preflightReasons: true, checks: true, inferred: true, advisories: true, genericFix: true,
  requirements: true,
};
const REPORT_FIELDS: Record<Exclude<keyof Report, "format" | "version" | "generatedAt" | "entries">, true> = {
  servers: true, fixesPerServer: true,
};
const SERVER_FIELDS: Record<keyof ServerReport, true> = {
  origin: true, entries: true, pageOrigins: true, policy: true, detectedStacks: true, layers: true, fixes: true,
};
const POLICY_FIELDS: Record<keyof ServerPolicy, true> = {
  serverOrigin: true, origins: true, methods: true, requestHeaders: true, exposeHeaders: true, credentials: true,
  maxAge: true, vary: true, pathPrefix: true, path: true, requests: true, covers: true, uncovered: true, notes: true,
  rejected: true, advisories: true,
};

describe("docs/report-format.md", () => {
  const doc = readFileSync("docs/report-format.md", "utf8");
  it.each([
    ...Object.keys(ENTRY_FIELDS),
    ...Object.keys(DIAGNOSIS_FIELDS),
    ...Object.keys(REPORT_FIELDS),
    ...Object.keys(SERVER_FIELDS),
    ...Object.keys(POLICY_FIELDS),
  ])("documents %s", (field) => {
    expect(doc).toMatch(new RegExp("`" + field + "`"));
  });
});
