// Recording only while DevTools is open, in real Chromium: without a DevTools window the worker
// registers no webRequest listener and records nothing; with one (each DevTools window runs the
// devtools page, which holds a port to the worker) it listens, also after the worker is stopped;
// when the last DevTools window closes the listeners go again.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionState } from "../../src/shared/messages";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { caseOf, extensionWorker, openExtensionPage, send, waitForReport } from "./helpers/extension";
import { openLabPage, runCase } from "./helpers/lab-page";

async function workerListens(context: BrowserContext): Promise<boolean> {
  return (await extensionWorker(context)).evaluate(() => chrome.webRequest.onSendHeaders.hasListeners());
}

const listening = async (page: Page): Promise<boolean | undefined> => (await send<ExtensionState>(page, { type: "get-state" })).listening;

describe("recording only while DevTools is open", () => {
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

    it("registers no listener and records nothing, like paused; back to always, it records again", async () => {
      browser = await launchChromium({ extensionPath: "dist" });
      const extensionPage = await openExtensionPage(browser.context);
      const page = await openLabPage(browser.context, lab);
      const state = await send<ExtensionState>(extensionPage, { type: "set-recording", recording: "devtools" });
      expect(state).toMatchObject({ recording: "devtools", listening: false, paused: false });
      expect(await workerListens(browser.context)).toBe(false);
      await runCase(page, "missing-acao");

      // A worker stop does not bring the listeners back.
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await expect.poll(() => listening(extensionPage), { timeout: 30_000 }).toBe(false);
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

  describe("with DevTools open on the page", () => {
    let browser: LaunchedBrowser;
    afterAll(async () => {
      await browser?.close();
    });

    it("listens while DevTools is open, across a worker stop, and stops when the last DevTools window closes", async () => {
      browser = await launchChromium({ extensionPath: "dist", extraArgs: ["--auto-open-devtools-for-tabs"] });
      const extensionPage = await openExtensionPage(browser.context);
      await send(extensionPage, { type: "set-recording", recording: "devtools" });
      const page = await openLabPage(browser.context, lab);
      // The DevTools windows of the tabs (the extension page's and the lab's) hold their ports.
      await expect.poll(() => listening(extensionPage), { timeout: 30_000 }).toBe(true);
      expect(await workerListens(browser.context)).toBe(true);
      await runCase(page, "missing-acao");
      await waitForReport(extensionPage, (r) => r.entries.some((e) => caseOf(e) === "missing-acao"));

      // Forget what storage.session remembers, so that only devtools pages reconnecting to the next
      // worker (each connection is written down) can make it listen, not the grace period.
      await extensionPage.evaluate(() => chrome.storage.session.set({ "devtools-open": 0 }));
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await expect.poll(() => listening(extensionPage), { timeout: 30_000 }).toBe(true);
      const reconnected = async () => ((await extensionPage.evaluate(() => chrome.storage.session.get("devtools-open")))["devtools-open"] as number) ?? 0;
      await expect.poll(reconnected, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await workerListens(browser.context)).toBe(true);
      await runCase(page, "acao-other-origin");
      await waitForReport(extensionPage, (r) => r.entries.some((e) => caseOf(e) === "acao-other-origin"));

      // Closing every DevTools window (their targets) closes the devtools pages' ports.
      const { targetInfos } = await cdp.send("Target.getTargets");
      const windows = targetInfos.filter((t) => t.url.startsWith("devtools://devtools/"));
      expect(windows.length).toBeGreaterThan(0);
      for (const target of windows) await cdp.send("Target.closeTarget", { targetId: target.targetId });
      await expect.poll(() => workerListens(browser.context), { timeout: 30_000 }).toBe(false);
      expect(await listening(extensionPage)).toBe(false);
      await cdp.detach();
    });
  });
});
