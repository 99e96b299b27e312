// Pause removes every listener: nothing is recorded while paused, the badge says so, and the choice
// survives a worker stop. The badge counts the tab's blocked requests.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtensionState } from "../../src/shared/messages";
import { caseOf, getReport, openExtensionPage, send, waitForReport } from "./helpers/extension";
import { openLabPage, runCase } from "./helpers/lab-page";
import { labAndChromium } from "./helpers/lab-chromium";

describe("pause and badge", () => {
  const setup = labAndChromium({ extensionPath: "dist" });
  let extensionPage: Page;
  let page: Page;

  beforeAll(async () => {
    extensionPage = await openExtensionPage(setup.browser.context);
    page = await openLabPage(setup.browser.context, setup.lab);
  });


  const badgeOf = (tabId: number) => extensionPage.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

  it("counts blocked requests on the tab's badge", async () => {
    await runCase(page, "missing-acao");
    await runCase(page, "control-simple-get");
    await runCase(page, "preflight-404-no-acao");
    const report = await waitForReport(extensionPage, (r) => r.entries.filter((e) => e.blocked).length >= 2);
    const tabId = report.entries[0]!.tabId;
    await expect.poll(() => badgeOf(tabId)).toBe("2");
  });

  it("records nothing while paused, says so on the badge, and stays paused across a worker stop", async () => {
    const state = await send<ExtensionState>(extensionPage, { type: "set-paused", paused: true });
    expect(state.paused).toBe(true);
    const tabId = (await getReport(extensionPage)).entries[0]!.tabId;
    await expect.poll(() => badgeOf(tabId)).toBe("off");

    const cdp = await setup.browser.context.newCDPSession(page);
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    await runCase(page, "acao-other-origin");
    const afterStop = await send<ExtensionState>(extensionPage, { type: "get-state" });
    expect(afterStop.paused).toBe(true);
    await runCase(page, "wildcard-with-credentials");
    const paused = await getReport(extensionPage);
    expect(paused.entries.map(caseOf)).not.toContain("acao-other-origin");
    expect(paused.entries.map(caseOf)).not.toContain("wildcard-with-credentials");

    await send(extensionPage, { type: "set-paused", paused: false });
    await runCase(page, "acao-other-origin");
    await waitForReport(extensionPage, (r) => r.entries.some((e) => caseOf(e) === "acao-other-origin"));
    await expect.poll(() => badgeOf(tabId)).toBe("3");
  });

  it("keeps what it records well inside storage.session's quota", async () => {
    const bytes = await extensionPage.evaluate(() => chrome.storage.session.getBytesInUse(null));
    const entries = (await getReport(extensionPage)).entries.length;
    console.log(`storage.session: ${bytes} bytes for ${entries} entries (${Math.round(bytes / Math.max(entries, 1))} bytes each)`);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });
});
