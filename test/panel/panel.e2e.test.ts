// The built panel, opened as an extension page for the lab's tab, over the real worker: it lists
// the same blocked requests with the same Chromium codes as the report, and hostile values from
// the lab stay text.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosedEntry } from "../../src/shared/report";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { caseOf, extensionId, getReport, openExtensionPage, waitForReport } from "../e2e/helpers/extension";
import { openLabPage, runAllCases, runCase } from "../e2e/helpers/lab-page";

interface PanelRow {
  readonly id: string;
  readonly code: string;
}

/** The request rows with a CORS code (one per request: the list must be ungrouped). */
function rowsOf(panel: Page): Promise<PanelRow[]> {
  return panel.$$eval("[data-testid=request-list] [data-testid=row][data-kind=entry]:not([data-code=''])", (rows) =>
    rows.map((row) => ({ id: (row as HTMLElement).dataset.entryId ?? "", code: (row as HTMLElement).dataset.code ?? "" })),
  );
}

/** The rows of the grouped list: each cause's code and how many requests it stands for. */
function causesOf(panel: Page): Promise<{ code: string; count: number }[]> {
  return panel.$$eval("[data-testid=request-list] [data-testid=row]:not([data-code=''])", (rows) =>
    rows.map((row) => ({ code: (row as HTMLElement).dataset.code ?? "", count: Number((row as HTMLElement).dataset.count ?? "1") })),
  );
}

/** One row per cause (true) or per request; the toggle's state is remembered, so set it each time. */
async function setGrouped(panel: Page, grouped: boolean): Promise<void> {
  const toggle = panel.locator("[data-testid=group-toggle]");
  if ((await toggle.getAttribute("aria-pressed")) !== String(grouped)) await toggle.click();
  await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe(String(grouped));
}

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);

describe("the panel over the real worker", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let extensionPage: Page;
  let labPage: Page;
  let panelUrl: string;
  let tabId: number;
  let blocked: DiagnosedEntry[] = [];

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist" });
    extensionPage = await openExtensionPage(browser.context);
    labPage = await openLabPage(browser.context, lab);
    await runAllCases(labPage);
    const found = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (found === undefined) throw new Error("lab tab not found");
    tabId = found;
    await waitForReport(extensionPage, (report) => report.entries.some((e) => e.blocked && e.tabId === tabId));
    panelUrl = `chrome-extension://${await extensionId(browser.context)}/src/panel/index.html?tabId=${tabId}`;
  });

  it("keeps listing new requests after the worker is stopped (reconnects and re-subscribes)", async () => {
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 1400, height: 3000 });
    await panel.goto(panelUrl);
    await panel.waitForSelector("[data-testid=row]");
    await setGrouped(panel, false);
    const before = new Set((await rowsOf(panel)).map((row) => row.id));

    const cdp = await browser.context.newCDPSession(panel);
    const id = await extensionId(browser.context);
    const { targetInfos } = await cdp.send("Target.getTargets");
    const worker = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(`chrome-extension://${id}/`));
    expect(worker).toBeDefined();
    await cdp.send("Target.closeTarget", { targetId: worker!.targetId });

    const outcome = await runCase(labPage, "missing-acao");
    expect(outcome.ok).toBe(false);
    await expect
      .poll(async () => (await rowsOf(panel)).filter((row) => !before.has(row.id) && row.code === "MissingAllowOriginHeader").length, {
        timeout: 60_000,
        interval: 250,
      })
      .toBeGreaterThan(0);
    await cdp.detach();
    await panel.close();
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it("lists the tab's blocked requests with the report's codes", async () => {
    const panel = await browser.context.newPage();
    // Tall enough for every lab row to be in the virtualized window at once.
    await panel.setViewportSize({ width: 1400, height: 3000 });
    await panel.goto(panelUrl);
    await panel.waitForSelector("[data-testid=row]");
    await setGrouped(panel, false);
    // Capture may still be recording the last cases: wait until the panel and the report agree.
    await expect
      .poll(
        async () => {
          const report = await getReport(extensionPage, tabId);
          blocked = report.entries.filter((e) => e.blocked);
          const expected = blocked.map((e) => ({ id: e.id, code: e.diagnosis.code ?? "" })).sort(byId);
          const shown = (await rowsOf(panel)).sort(byId);
          return JSON.stringify(shown) === JSON.stringify(expected) ? "agree" : `panel ${shown.length} rows, report ${expected.length} blocked`;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe("agree");
    console.info(`panel lists ${blocked.length} blocked lab requests, ${new Set(blocked.map((e) => e.diagnosis.code)).size} distinct codes`);
    expect(blocked.length).toBeGreaterThan(10);

    // Grouped by cause: as many requests per code, in fewer rows, the largest cause first.
    await setGrouped(panel, true);
    const causes = await causesOf(panel);
    const perCode = (list: { code: string; count: number }[]): Record<string, number> =>
      Object.fromEntries([...new Set(list.map((c) => c.code))].sort().map((code) => [code, list.filter((c) => c.code === code).reduce((n, c) => n + c.count, 0)]));
    expect(perCode(causes)).toEqual(perCode(blocked.map((e) => ({ code: e.diagnosis.code ?? "", count: 1 }))));
    expect(causes.length).toBeLessThanOrEqual(blocked.length);
    await panel.close();
  });

  it("shows details of a blocked preflight, and hostile lab values only as text", async () => {
    const panel = await browser.context.newPage();
    let dialogs = 0;
    panel.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await panel.setViewportSize({ width: 1400, height: 3000 });
    await panel.goto(`${panelUrl}&theme=dark`);
    await panel.waitForSelector("[data-testid=row]");
    await setGrouped(panel, false);
    expect(await panel.getAttribute("[data-testid=panel]", "data-theme")).toBe("dark");

    const preflightEntry = blocked.find((e) => e.preflight !== null && e.diagnosis.stage === "preflight");
    expect(preflightEntry).toBeDefined();
    await panel.click(`[data-entry-id="${preflightEntry!.id}"]`);
    await panel.waitForSelector("[data-testid=details]");
    expect(await panel.textContent("[data-testid=error-code]")).toContain(preflightEntry!.diagnosis.code!);
    expect(await panel.textContent("[data-testid=curl-preflight] code")).toContain("-X OPTIONS");

    const hostile = blocked.filter((e) => caseOf(e)?.startsWith("hostile"));
    expect(hostile.length).toBeGreaterThan(0);
    for (const entry of hostile) {
      await panel.click(`[data-entry-id="${entry.id}"]`);
      await panel.waitForSelector("[data-testid=details]");
    }
    expect(await panel.$$eval("img, script:not([src]), iframe, object, embed", (nodes) => nodes.length)).toBe(0);
    expect(await panel.$$eval("[onerror], [onload]", (nodes) => nodes.length)).toBe(0);
    expect(dialogs).toBe(0);
    await panel.close();
  });
});
