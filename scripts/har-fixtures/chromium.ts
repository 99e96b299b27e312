// One Chromium run over every lab case: DevTools open on the lab page from the start, Chromium's
// own verdict per case read over CDP (corsErrorStatus) in the same run, then DevTools' own Export
// HAR twice (full and sanitized) and, when the browser closes, Playwright's recordHar of the same
// requests.
import { readFileSync } from "node:fs";
import { GroundTruth } from "../../test/e2e/helpers/ground-truth";
import { openLabPage, requestsPerCase, runAllCases } from "../../test/e2e/helpers/lab-page";
import { launchChromium } from "../../test/helpers/chromium";
import type { Lab } from "../../test/lab/server";
import { attachDevTools, DEVTOOLS_FLAGS } from "./devtools-export";

export interface ChromiumCaseVerdict {
  readonly blocked: boolean;
  readonly code: string | null;
  readonly failedParameter: string | null;
  readonly errorText: string | null;
}

export interface ChromiumRun {
  /** e.g. "Chromium 156.0.8078.129". */
  readonly version: string;
  /** The file name DevTools chose (the page's host + .har). */
  readonly devtoolsFileName: string;
  readonly full: string;
  readonly sanitized: string;
  readonly playwright: string;
  readonly cases: Readonly<Record<string, ChromiumCaseVerdict>>;
  /** What the page saw, per case. */
  readonly outcomes: Readonly<Record<string, { readonly ok: boolean; readonly error?: string }>>;
}

/** The case's own requests and those of its cookie set-up (`?case=<id>-setup`). */
function requestIdsOf(truth: GroundTruth, caseIds: readonly string[]): string[] {
  return caseIds.flatMap((id) => [...truth.requestsOf(id), ...truth.requestsOf(`${id}-setup`)].map((record) => record.requestId));
}

export async function recordChromium(lab: Lab, playwrightHarPath: string): Promise<ChromiumRun> {
  const browser = await launchChromium({ extraArgs: DEVTOOLS_FLAGS, recordHar: { path: playwrightHarPath, content: "embed", mode: "full" } });
  let closed = false;
  try {
    const { context } = browser;
    // The first tab is the one DevTools opened for.
    const page = context.pages()[0] ?? (await context.newPage());
    const devtools = await attachDevTools(browser.userDataDir);
    try {
      await devtools.showNetworkPanel();
      const session = await context.newCDPSession(page);
      const { product } = await session.send("Browser.getVersion");
      await session.detach();
      const truth = await GroundTruth.attach(context, page);
      await openLabPage(context, lab, page);
      if (!(await devtools.urls()).includes(lab.pageUrl)) throw new Error("DevTools did not record the lab page's own load: was it attached before the navigation?");
      const outcomes = await runAllCases(page);
      const ids = lab.cases.map((labCase) => labCase.id);
      await truth.waitForSettled(ids, { requestsPerCase: requestsPerCase(lab.cases), timeoutMs: 60_000 });
      await devtools.waitForFinished(requestIdsOf(truth, ids));
      const cases: Record<string, ChromiumCaseVerdict> = {};
      for (const id of ids) {
        const verdict = truth.verdictFor(id);
        if (!verdict) throw new Error(`Chromium saw no request of case ${id}`);
        cases[id] = { blocked: verdict.blocked, code: verdict.code, failedParameter: verdict.failedParameter, errorText: verdict.errorText };
      }
      await truth.detach();
      const full = await devtools.exportHar(false);
      const sanitized = await devtools.exportHar(true);
      await devtools.disconnect();
      await browser.close();
      closed = true;
      return {
        version: product.replace(/^(Headless)?Chrome\//, "Chromium "),
        devtoolsFileName: full.fileName,
        full: full.text,
        sanitized: sanitized.text,
        playwright: readFileSync(playwrightHarPath, "utf8"),
        cases,
        outcomes,
      };
    } finally {
      await devtools.disconnect().catch(() => undefined);
    }
  } finally {
    if (!closed) await browser.close();
  }
}
