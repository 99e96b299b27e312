// Recording modes in real Chromium, with *Record always* granted (a copy of the build whose
// manifest grants the optional permissions at install: a headless browser cannot click the
// browser's permission prompt, so the prompt itself is not tested): the webRequest listeners exist
// only in *Record always*; while DevTools is open the devtools page records too, and a request both
// observers saw is reported once. The unit tests (test/background/recording.test.ts) cover a grant
// and a revocation at run time.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionState } from "../../src/shared/messages";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { caseOf, extensionWorker, getReport, openExtensionPage, send, waitForReport } from "./helpers/extension";
import { GroundTruth } from "./helpers/ground-truth";
import { openLabPage, requestsPerCase, runAllCases, runCase } from "./helpers/lab-page";

async function workerListens(context: BrowserContext): Promise<boolean> {
  return (await extensionWorker(context)).evaluate(() => chrome.webRequest.onSendHeaders.hasListeners());
}

const state = (page: Page): Promise<ExtensionState> => send<ExtensionState>(page, { type: "get-state" });

describe("recording modes with Record always granted", () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  describe("with no DevTools window", () => {
    let browser: LaunchedBrowser;
    afterAll(async () => {
      await browser?.close();
    });

    it("records always by default; while DevTools is open registers no listener and records nothing; back to always, it records again", async () => {
      browser = await launchChromium({ extensionPath: "dist" });
      const extensionPage = await openExtensionPage(browser.context);
      expect(await state(extensionPage)).toMatchObject({ recording: "always", recordAlwaysGranted: true, listening: true });
      const page = await openLabPage(browser.context, lab);
      const devtools = await send<ExtensionState>(extensionPage, { type: "set-recording", recording: "devtools" });
      expect(devtools).toMatchObject({ recording: "devtools", listening: false, paused: false });
      expect(await workerListens(browser.context)).toBe(false);
      await runCase(page, "missing-acao");

      // A worker stop does not bring the listeners back.
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await expect.poll(async () => (await state(extensionPage)).listening, { timeout: 30_000 }).toBe(false);
      expect(await workerListens(browser.context)).toBe(false);
      await runCase(page, "acao-other-origin");

      await send(extensionPage, { type: "set-recording", recording: "always" });
      expect(await workerListens(browser.context)).toBe(true);
      await runCase(page, "wildcard-with-credentials");
      const report = await waitForReport(extensionPage, (r) => r.entries.some((e) => caseOf(e) === "wildcard-with-credentials"));
      expect(report.entries.map(caseOf)).not.toContain("missing-acao");
      expect(report.entries.map(caseOf)).not.toContain("acao-other-origin");
      await cdp.detach();
    });
  });

  describe("with DevTools open on the page: both observers", () => {
    let browser: LaunchedBrowser;
    afterAll(async () => {
      await browser?.close();
    });

    it("reports every request of every lab case once, never twice", async () => {
      browser = await launchChromium({ extensionPath: "dist", extraArgs: ["--auto-open-devtools-for-tabs"] });
      const extensionPage = await openExtensionPage(browser.context);
      const page = await browser.context.newPage();
      const truth = await GroundTruth.attach(browser.context, page);
      await openLabPage(browser.context, lab, page);
      await expect.poll(async () => (await state(extensionPage)).observedTabs?.length ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      expect(await state(extensionPage)).toMatchObject({ recording: "always", listening: true });
      await runAllCases(page);
      const ids = lab.cases.map((c) => c.id);
      await truth.waitForSettled(ids, { requestsPerCase: requestsPerCase(lab.cases), timeoutMs: 90_000 });
      // Both observers have delivered once the report stops growing.
      let size = -1;
      await expect.poll(async () => size === (size = (await getReport(extensionPage)).entries.length), { timeout: 60_000, interval: 2_000 }).toBe(true);
      const report = await getReport(extensionPage);
      const twice: string[] = [];
      for (const id of ids) {
        const requests = truth.requestsOf(id).filter((r) => !r.isPreflight).length;
        const entries = report.entries.filter((e) => caseOf(e) === id).length;
        if (entries > requests) twice.push(`${id}: ${entries} entries for ${requests} requests`);
      }
      for (const id of (process.env.DEBUG_CASES ?? "").split(",").filter(Boolean)) {
        console.log(id, JSON.stringify(report.entries.filter((e) => caseOf(e) === id).map((e) => ({ id: e.id, startedAt: e.startedAt, url: e.url, finalUrl: e.finalUrl, redirects: e.redirects.length, verdict: e.diagnosis.verdict, error: e.error }))));
      }
      console.log(`both observers: ${report.entries.length} entries for ${ids.length} cases; reported more than once: ${twice.length}`);
      expect(twice).toEqual([]);
      await truth.detach();
    });
  });
});
