// The Firefox build in real Firefox ESR on every lab case: for each case, the extension's report must
// agree with Firefox's own verdict (the reason Firefox logs to its console, read over WebDriver BiDi)
// on blocked/allowed and on Firefox's reason, and report nothing blocked where Firefox allowed.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Report, ReportEntry } from "../../src/shared/report";
import { launchFirefox, type LaunchedFirefox } from "../helpers/firefox";
import { isAvailable, requires } from "../helpers/requirements";
import { startLab, type Lab } from "../lab/server";
import type { ResolvedCase } from "../lab/types";
import { digest } from "../../src/ui/summary";
import { caseOf } from "./helpers/extension";
import {
  FirefoxConsole,
  firefoxVerdicts,
  openFirefoxExtensionPage,
  openFirefoxLabPage,
  runAllFirefoxCases,
  waitForFirefoxReport,
  type FirefoxVerdict,
} from "./helpers/firefox";

interface Row {
  readonly labCase: ResolvedCase;
  readonly firefox: FirefoxVerdict;
  readonly entries: readonly ReportEntry[];
  readonly blockedAgrees: boolean;
  readonly reasonAgrees: boolean;
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 28)}…(${text.length} chars)` : text;
}

function describeFirefox(verdict: FirefoxVerdict): string {
  if (verdict.blocked) return `${verdict.reason ?? "?"}`;
  return verdict.page?.ok === false ? `failed, not CORS (${short(verdict.page.error ?? "")})` : "allowed";
}

function describeExtension(entries: readonly ReportEntry[]): string {
  const blocked = entries.filter((e) => e.blocked);
  if (blocked.length > 0) return blocked.map((e) => `${e.diagnosis.firefoxReason?.key ?? "(no Firefox reason)"} [${e.diagnosis.code}]`).join("; ");
  if (entries.length === 0) return "(nothing reported)";
  return [...new Set(entries.map((e) => e.diagnosis.verdict))].join(", ");
}

describe("the Firefox build agrees with Firefox ESR on every lab case", () => {
  let lab: Lab;
  let firefox: LaunchedFirefox;
  let rows: Row[];
  let report: Report;
  let outcomes: Record<string, { ok: boolean; error?: string }>;

  // Without Firefox ESR each test skips with the install command (fails under CI=true).
  beforeEach((context) => requires(context, "firefox-esr"));

  beforeAll(async () => {
    if (!isAvailable("firefox-esr")) return;
    if (!existsSync("dist-firefox/manifest.json")) throw new Error("dist-firefox/ is missing: run `npm run build:firefox` first.");
    lab = await startLab();
    firefox = await launchFirefox({ extensionPath: "dist-firefox" });
    const consoleListener = await FirefoxConsole.attach(firefox.browser);
    const extensionPage = await openFirefoxExtensionPage(firefox.browser);
    const page = await openFirefoxLabPage(firefox.browser, lab);
    outcomes = await runAllFirefoxCases(page);
    // Every case the page saw fail has its console message(s) by the time the page learns of it;
    // the wait covers messages still on their way from the content process.
    const failed = lab.cases.filter((c) => outcomes[c.id]?.ok === false).map((c) => c.id);
    const messages = await consoleListener.waitFor((all) => failed.every((id) => all.some((m) => m.caseId === id)));
    const verdicts = firefoxVerdicts(lab.cases, messages, outcomes);
    const blockedIds = lab.cases.filter((c) => verdicts.get(c.id)?.blocked).map((c) => c.id);
    // Entries are stored when their request ends, and judged again when the page's credentials
    // report comes after them (it is relayed in batches): wait until every case Firefox blocked
    // has a blocked entry (a disagreement shows once the wait gives up).
    // (A network failure Firefox logs as CORSDidNotSucceed gets an entry, not a blocked one.)
    const notCors = new Set(lab.cases.filter((c) => c.expected.failedNotCors !== undefined).map((c) => c.id));
    report = await waitForFirefoxReport(extensionPage, (r) => {
      const reported = new Set(r.entries.filter((e) => e.blocked || notCors.has(caseOf(e) ?? "")).map(caseOf));
      return blockedIds.every((id) => reported.has(id));
    });
    await consoleListener.detach();
    const byCase = new Map<string, ReportEntry[]>();
    for (const entry of report.entries) {
      const id = caseOf(entry);
      if (id !== undefined) byCase.set(id, [...(byCase.get(id) ?? []), entry]);
    }
    rows = lab.cases.map((labCase) => {
      const verdict = verdicts.get(labCase.id)!;
      const entries = byCase.get(labCase.id) ?? [];
      const blocked = entries.filter((e) => e.blocked);
      // A network failure of a CORS request (Chromium: a network error, no CORS error): Firefox logs only its
      // generic "CORS request did not succeed", which MDN says is not a CORS problem; the extension must not call it CORS.
      const networkFailure = labCase.expected.failedNotCors !== undefined && (verdict.reason === null || verdict.reason === "CORSDidNotSucceed");
      const blockedAgrees = verdict.blocked && !networkFailure ? blocked.length > 0 : blocked.length === 0;
      const reasonAgrees = !verdict.blocked || networkFailure || (blocked.length > 0 && blocked.every((e) => e.diagnosis.firefoxReason?.key === verdict.reason));
      return { labCase, firefox: verdict, entries, blockedAgrees, reasonAgrees };
    });
  });

  afterAll(async () => {
    await firefox?.close();
    await lab?.close();
  });

  it("prints the agreement table", () => {
    const width = Math.max(...rows.map((r) => r.labCase.id.length));
    const lines = rows.map((r) => {
      const mark = r.blockedAgrees && r.reasonAgrees ? "  " : r.blockedAgrees ? "~ " : "✗ ";
      return `${mark}${r.labCase.id.padEnd(width)}  Firefox ${describeFirefox(r.firefox)}  |  extension ${describeExtension(r.entries)}`;
    });
    const blocked = rows.filter((r) => r.firefox.blocked);
    const blockedAllowed = rows.filter((r) => r.blockedAgrees).length;
    const reasons = blocked.filter((r) => r.reasonAgrees).length;
    console.log(
      `${lines.join("\n")}\n` +
        `blocked/allowed: ${blockedAllowed}/${rows.length} cases agree (${blocked.length} blocked by Firefox); ` +
        `Firefox's reason: ${reasons}/${blocked.length} blocked cases agree`,
    );
    // DEBUG_CASES=id1,id2 prints what the extension recorded for those cases.
    for (const id of (process.env.DEBUG_CASES ?? "").split(",").filter(Boolean)) console.log(id, JSON.stringify(rows.find((r) => r.labCase.id === id)?.entries, null, 1));
    expect(rows.length).toBe(lab.cases.length);
  });

  it("reports nothing blocked where Firefox allowed (no false alarm on any control)", () => {
    const falseAlarms = rows.filter((r) => !r.firefox.blocked && r.entries.some((e) => e.blocked));
    expect(falseAlarms.map((r) => `${r.labCase.id}: ${describeExtension(r.entries)}`)).toEqual([]);
    for (const r of rows.filter((row) => row.labCase.kind === "control")) expect.soft(r.firefox.blocked, `${r.labCase.id} blocked by Firefox`).toBe(false);
  });

  it("flags every request Firefox blocked, under Firefox's own reason", () => {
    for (const r of rows) {
      const line = `${r.labCase.id}: Firefox ${describeFirefox(r.firefox)}, extension ${describeExtension(r.entries)}`;
      expect.soft(r.blockedAgrees, line).toBe(true);
      expect.soft(r.reasonAgrees, line).toBe(true);
    }
  });

  it("knows the credentials mode of every scripted request from the page's own call (the credentials witness), not by assumption", () => {
    // A call to the page's own origin is not reported (it may still be redirected to another).
    const scripted = rows.filter((r) => (r.labCase.initiator === "fetch" || r.labCase.initiator === "xhr") && r.labCase.target !== "page" && r.entries.length > 0);
    expect(scripted.length).toBeGreaterThan(50);
    for (const r of scripted) {
      for (const entry of r.entries) {
        const fact = entry.diagnosis.inferred.find((f) => f.fact === "credentials-mode");
        // A mode that does not change the outcome may stay unnamed; an assumption must never be needed.
        expect.soft(fact?.value ?? "", r.labCase.id).not.toMatch(/assumed/);
        if (r.labCase.request.credentials === "include") expect.soft(fact?.evidence ?? "", r.labCase.id).toMatch(/^The page (called fetch|sent its XHR)|Cookie/);
      }
    }
  });

  it("sees the page fail wherever Firefox logged a CORS error (the page's fetch outcome as a second witness)", () => {
    for (const r of rows.filter((row) => row.firefox.blocked)) expect.soft(outcomes[r.labCase.id]?.ok, r.labCase.id).toBe(false);
    const scripted = rows.filter((r) => r.labCase.initiator === "fetch" || r.labCase.initiator === "xhr");
    for (const r of scripted) expect.soft(outcomes[r.labCase.id]?.ok, r.labCase.id).toBe(!r.firefox.blocked && r.labCase.expected.failedNotCors === undefined);
  });

  it("summarises the popup by Firefox's reasons, Chromium's codes beside them", () => {
    const failures = digest(report.entries).failures;
    const reasons = new Set(rows.filter((r) => r.firefox.blocked && r.firefox.reason !== null && r.blockedAgrees && r.entries.some((e) => e.blocked)).map((r) => r.firefox.reason!));
    expect(new Set(failures.map((f) => f.code))).toEqual(reasons);
    for (const failure of failures) expect.soft(failure.chromiumCodes?.length ?? 0, failure.code).toBeGreaterThan(0);
  });

  it("shows Firefox's console line and Chromium's code beside it on every blocked entry", () => {
    const blocked = report.entries.filter((e) => e.blocked);
    expect(blocked.length).toBeGreaterThan(40);
    for (const entry of blocked) {
      expect.soft(entry.diagnosis.browser, entry.url).toBe("firefox");
      expect.soft(entry.diagnosis.firefoxReason?.consoleMessage, entry.url).toMatch(/^Cross-Origin Request Blocked: /);
      expect.soft(entry.diagnosis.code, entry.url).not.toBeNull();
    }
  });
});
