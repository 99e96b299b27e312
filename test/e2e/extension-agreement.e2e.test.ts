// The built extension in real Chromium on every lab case: for each request, the extension's report
// must agree with Chromium's own verdict (CDP corsErrorStatus) on blocked/allowed, code and
// failedParameter, and must report nothing blocked where the browser allowed the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedCase } from "../lab/types";
import { completeReport } from "../../src/fixes/servers";
import type { DiagnosedEntry, DiagnosedReport } from "../../src/shared/report";
import { caseOf, openExtensionPage, waitForReport } from "./helpers/extension";
import { GroundTruth, type ChromiumVerdict } from "./helpers/ground-truth";
import { openLabPage, requestsPerCase, runAllCases } from "./helpers/lab-page";
import { labAndChromium } from "./helpers/lab-chromium";

interface Row {
  readonly labCase: ResolvedCase;
  readonly chromium: ChromiumVerdict | undefined;
  readonly entries: readonly DiagnosedEntry[];
  readonly agree: boolean;
}

function describeChromium(verdict: ChromiumVerdict | undefined): string {
  if (!verdict) return "(not seen)";
  if (verdict.blocked) return `${verdict.code} ${JSON.stringify(short(verdict.failedParameter ?? ""))}`;
  return verdict.failed ? `failed ${verdict.errorText}` : "allowed";
}

function describeExtension(entries: readonly DiagnosedEntry[]): string {
  const blocked = entries.filter((e) => e.blocked);
  if (blocked.length > 0) return blocked.map((e) => `${e.diagnosis.code} ${JSON.stringify(short(e.diagnosis.failedParameter ?? ""))}`).join("; ");
  if (entries.length === 0) return "(nothing reported)";
  return [...new Set(entries.map((e) => e.diagnosis.verdict))].join(", ");
}

function short(text: string): string {
  return text.length > 50 ? `${text.slice(0, 32)}…(${text.length} chars)` : text;
}

function agrees(chromium: ChromiumVerdict | undefined, entries: readonly DiagnosedEntry[]): boolean {
  if (!chromium) return false;
  const blocked = entries.filter((e) => e.blocked);
  if (!chromium.blocked) return blocked.length === 0;
  return blocked.length > 0 && blocked.every((e) => e.diagnosis.code === chromium.code && e.diagnosis.failedParameter === chromium.failedParameter);
}

/**
 * Cases that fail for a reason other than CORS where webRequest shows no failure, with why: the
 * extension has nothing to report on them (and must not report them blocked).
 */
const WEBREQUEST_SEES_NO_FAILURE: Readonly<Record<string, string>> = {
  "redirect-mode-error-cross-origin":
    "with redirect: 'error', webRequest shows onBeforeRedirect then net::ERR_ABORTED, exactly as for redirect: 'manual' (CDP alone says net::ERR_FAILED)",
};

describe("the extension agrees with Chromium on every lab case", () => {
  const setup = labAndChromium({ extensionPath: "dist" });
  let truth: GroundTruth;
  let report: DiagnosedReport;

  beforeAll(async () => {
    const extensionPage = await openExtensionPage(setup.browser.context);
    const page = await setup.browser.context.newPage();
    truth = await GroundTruth.attach(setup.browser.context, page);
    await openLabPage(setup.browser.context, setup.lab, page);
    await runAllCases(page);
    const ids = setup.lab.cases.map((c) => c.id);
    await truth.waitForSettled(ids, { requestsPerCase: requestsPerCase(setup.lab.cases), timeoutMs: 60_000 });
    // Wait until the extension has reported every request Chromium blocked.
    const blockedByChromium = ids.filter((id) => truth.verdictFor(id)?.blocked);
    report = await waitForReport(extensionPage, (r) => {
      const reported = new Set(r.entries.filter((e) => e.blocked).map(caseOf));
      return blockedByChromium.every((id) => reported.has(id));
    }).catch(async () => (await import("./helpers/extension")).getReport(extensionPage));
  });

  afterAll(async () => {
    await truth?.detach();
  });

  it("matches blocked/allowed, code and failedParameter, with no false alarm", () => {
    const byCase = new Map<string, DiagnosedEntry[]>();
    for (const entry of report.entries) {
      const id = caseOf(entry);
      if (id === undefined) continue;
      const list = byCase.get(id);
      if (list) list.push(entry);
      else byCase.set(id, [entry]);
    }
    const rows: Row[] = setup.lab.cases.map((labCase) => {
      const chromium = truth.verdictFor(labCase.id);
      const entries = byCase.get(labCase.id) ?? [];
      return { labCase, chromium, entries, agree: agrees(chromium, entries) };
    });
    const width = Math.max(...rows.map((r) => r.labCase.id.length));
    const lines = rows.map((r) => `${r.agree ? "  " : "✗ "}${r.labCase.id.padEnd(width)}  Chromium ${describeChromium(r.chromium)}  |  extension ${describeExtension(r.entries)}`);
    const agreeing = rows.filter((r) => r.agree).length;
    const blockedCases = rows.filter((r) => r.chromium?.blocked).length;
    console.log(`${lines.join("\n")}\n${agreeing}/${rows.length} cases agree (${blockedCases} blocked by Chromium, ${rows.length - blockedCases} allowed or not CORS)`);
    // DEBUG_CASES=id1,id2 prints what the extension recorded for those cases.
    for (const id of (process.env.DEBUG_CASES ?? "").split(",").filter(Boolean)) console.log(id, JSON.stringify(byCase.get(id), null, 1));
    for (const r of rows) expect.soft(r.agree, `${r.labCase.id}: Chromium ${describeChromium(r.chromium)}, extension ${describeExtension(r.entries)}`).toBe(true);
  });

  it("says 'failed, not CORS' where Chromium failed a request without a CORS error", () => {
    const failedNotCors = setup.lab.cases.filter((c) => !c.expected.blocked && c.expected.failedNotCors !== undefined);
    expect(failedNotCors.length).toBeGreaterThanOrEqual(2);
    for (const labCase of failedNotCors) {
      const entries = report.entries.filter((e) => caseOf(e) === labCase.id);
      expect.soft(entries.filter((e) => e.blocked).map((e) => e.diagnosis.code), `${labCase.id}: called CORS`).toEqual([]);
      const why = WEBREQUEST_SEES_NO_FAILURE[labCase.id];
      // webRequest shows no failure for these (docs/lab.md): nothing to report, and nothing is.
      if (why !== undefined) expect.soft(entries.map((e) => e.diagnosis.verdict), `${labCase.id}: ${why}`).toEqual([]);
      else expect.soft(entries.map((e) => e.diagnosis.verdict), labCase.id).toEqual(["unrelated-failure"]);
    }
  });

  it("explains each cached case by the cache, its evidence and Vary: Origin, and flags no allowed request", () => {
    const cached = setup.lab.cases.filter((labCase) => labCase.id.startsWith("cache-"));
    expect(cached.length).toBeGreaterThanOrEqual(4);
    for (const labCase of cached) {
      const blocked = report.entries.filter((e) => caseOf(e) === labCase.id && e.blocked);
      expect.soft(blocked.length, `${labCase.id}: reported blocked`).toBe(1);
      for (const entry of blocked) {
        const { explanation, inferred } = entry.diagnosis;
        // The cache, then its evidence in a few words (the inferred fact has it in full).
        expect.soft(explanation, labCase.id).toMatch(/^Served from (the browser's HTTP cache|a shared cache \(a CDN or proxy\) in front of the server) \((X-Cache: Hit|the Date of an earlier answer)/);
        expect.soft(explanation, labCase.id).toContain("Vary: Origin");
        const fact = inferred.find((f) => f.fact === "served-from-cache");
        expect.soft(fact?.evidence.length ?? 0, `${labCase.id}: the cache's evidence`).toBeGreaterThan(40);
        console.log(`${labCase.id}: ${explanation.slice(0, 160)}… | evidence: ${fact?.evidence ?? "(none)"}`);
      }
    }
    const allowed = report.entries.filter((e) => !e.blocked);
    expect(allowed.length).toBeGreaterThan(20);
    for (const entry of allowed) {
      expect.soft(entry.diagnosis.inferred.map((f) => f.fact), `${entry.url}: called a cache hit`).not.toContain("served-from-cache");
    }
    // The allowed answer another origin of the site stored: the risk, said before it bites.
    const primed = report.entries.filter((e) => caseOf(e) === "cache-other-origin-of-site" && !e.blocked);
    expect(primed.flatMap((e) => e.diagnosis.advisories.map((a) => a.id))).toContain("vary-origin");
  });

  it("gives every blocked entry an explanation and fixes naming the page's real origin", () => {
    // Fixes are the server's policy, computed by the reader from every entry to that server.
    const blocked = completeReport(report).entries.filter((e) => e.blocked);
    expect(blocked.length).toBeGreaterThan(20);
    for (const entry of blocked) {
      expect.soft(entry.diagnosis.explanation.length, entry.url).toBeGreaterThan(40);
      expect.soft(entry.fixes.length, entry.url).toBeGreaterThanOrEqual(20);
      // After a cross-origin redirect the browser sends `Origin: null`; a fix may name either.
      const tainted = entry.request.headers.some((h) => h.name.toLowerCase() === "origin" && h.value === "null");
      const origin = entry.initiator ?? "";
      // A policy never allows "null": such a fix names the page origin of the server's other requests, or says why not.
      const withOrigin = entry.fixes.filter((f) => f.snippet.includes(origin) || (tainted && f.warnings.some((w) => w.includes('"null"'))));
      expect.soft(withOrigin.length, `${entry.url}: fixes naming ${origin}`).toBe(entry.fixes.length);
    }
  });
});
