// The built extension on the Local Network Access cases, in a Chromium told that the lab page is
// public (test/lab/lna.ts): for each case the extension's report must agree with Chromium's own
// verdict (CDP), also for the preflighted request that webRequest shows only as net::ERR_FAILED,
// and must say what the user and the page can do and that CORS headers are not the cause.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { lnaLaunchFlags } from "../lab/lna";
import { startLab, type Lab } from "../lab/server";
import type { LnaPage } from "../lab/types";
import type { DiagnosedEntry, DiagnosedReport } from "../../src/shared/report";
import { agrees, describeVerdict, printAgreementTable } from "./helpers/agreement";
import { caseOf, getReport, openExtensionPage, waitForReport } from "./helpers/extension";
import type { ChromiumVerdict } from "./helpers/ground-truth";
import { runLnaCases } from "./helpers/lna-page";

/**
 * The extension's verdict on a case, in the shape the agreement helpers compare: nothing reported
 * is "allowed" (the extension records no same-origin request).
 */
function extensionVerdict(entries: readonly DiagnosedEntry[]): { blocked: boolean; failed: boolean; code: string | null; failedParameter: string | null } {
  const blocked = entries.find((entry) => entry.blocked);
  return {
    blocked: blocked !== undefined,
    failed: entries.some((entry) => entry.diagnosis.verdict === "unrelated-failure"),
    code: blocked?.diagnosis.code ?? null,
    failedParameter: blocked?.diagnosis.failedParameter ?? null,
  };
}

describe("the extension agrees with Chromium on the Local Network Access cases", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  const chromium = new Map<string, ChromiumVerdict | undefined>();
  let report: DiagnosedReport;

  beforeAll(async () => {
    lab = await startLab({ lna: true });
    browser = await launchChromium({ extensionPath: "dist", extraArgs: lnaLaunchFlags(lab.ports) });
    const extensionPage = await openExtensionPage(browser.context);
    for (const variant of ["secure-public", "insecure-public"] as const satisfies readonly LnaPage[]) {
      const { cases, truth } = await runLnaCases(browser.context, lab, variant);
      for (const labCase of cases) chromium.set(labCase.id, truth.verdictFor(labCase.id));
      await truth.detach();
    }
    const blockedByChromium = [...chromium].filter(([, verdict]) => verdict?.blocked).map(([id]) => id);
    report = await waitForReport(extensionPage, (r) => {
      const reported = new Set(r.entries.filter((e) => e.blocked).map(caseOf));
      return blockedByChromium.every((id) => reported.has(id));
    }).catch(() => getReport(extensionPage));
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  const entriesOf = (id: string): DiagnosedEntry[] => report.entries.filter((entry) => caseOf(entry) === id);

  it("Chromium blocks every LNA case as the catalog says, and the extension names the same code", () => {
    expect(printAgreementTable(lab.cases, (id) => chromium.get(id))).toBe(lab.cases.length);
    const agreeing = printAgreementTable(lab.cases, (id) => extensionVerdict(entriesOf(id)), "extension");
    for (const labCase of lab.cases) {
      const verdict = extensionVerdict(entriesOf(labCase.id));
      expect.soft(agrees(labCase, verdict), `${labCase.id}: extension ${describeVerdict(verdict)}`).toBe(true);
    }
    expect(agreeing).toBe(lab.cases.length);
  });

  it("explains the preflighted request as a probable Local Network Access block, not as CORS headers", () => {
    const [entry] = entriesOf("lna-permission-preflight").filter((e) => e.blocked);
    expect(entry?.diagnosis.code).toBe("LocalNetworkAccessPermissionDenied");
    expect(entry?.diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "local-network-access", value: "probable" }));
    expect(entry?.diagnosis.explanation).toContain("Local network access");
    expect(entry?.diagnosis.explanation).toContain("targetAddressSpace");
    expect(entry?.diagnosis.explanation).toContain("not the cause");
  });
});
