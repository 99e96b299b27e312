// The panel at the sizes DevTools gives it: docked to the side (400 and 560 px wide) and docked to
// the bottom (300 px high). With a blocked request selected, the explanation and the fix must lie
// inside the viewport (the fix after scrolling the details pane, not the page), not merely exist;
// the server view's policy table shows each part whole.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { extensionId, openExtensionPage, waitForReport } from "../e2e/helpers/extension";
import { openLabPage, runAllCases } from "../e2e/helpers/lab-page";

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function boxOf(panel: Page, selector: string): Promise<Box> {
  const box = await panel.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} has no box (not rendered or display: none)`);
  return box;
}

function inside(box: Box, width: number, height: number): boolean {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5 && box.width > 0 && box.height > 0;
}

const SIZES = [
  [400, 800],
  [560, 900],
  [1280, 300],
] as const;

describe("the panel docked to the side and to the bottom", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let panelUrl: string;

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist" });
    const extensionPage = await openExtensionPage(browser.context);
    const labPage = await openLabPage(browser.context, lab);
    await runAllCases(labPage);
    const tabId = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (tabId === undefined) throw new Error("lab tab not found");
    await waitForReport(extensionPage, (report) => report.entries.filter((e) => e.blocked && e.tabId === tabId).length > 10);
    panelUrl = `chrome-extension://${await extensionId(browser.context)}/src/panel/index.html?tabId=${tabId}`;
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it.each(SIZES)("at %i×%i px the selected request's explanation and fix are in view", async (width, height) => {
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width, height });
    await panel.goto(panelUrl);
    await panel.waitForSelector("[data-testid=row][data-status=blocked]");
    const row = panel.locator("[data-testid=row][data-status=blocked]").first();
    await row.click();
    await panel.waitForSelector("[data-testid=details]");
    const mode = await panel.getAttribute("[data-testid=split]", "data-mode");
    expect(mode).toBe(width < 640 ? "stacked" : "side");

    // The list keeps the selected row in view, and the details get a usable share of the panel.
    expect(inside(await boxOf(panel, "[data-testid=row][data-selected=true]"), width, height)).toBe(true);
    const details = await boxOf(panel, ".cd-split-details");
    expect(inside(details, width, height), `details pane ${JSON.stringify(details)}`).toBe(true);
    expect(details.width).toBeGreaterThanOrEqual(Math.min(width, 1280) * 0.5);
    expect(details.height).toBeGreaterThanOrEqual(120);

    const explanation = await boxOf(panel, "[data-testid=explanation]");
    expect(inside(explanation, width, height), `explanation ${JSON.stringify(explanation)}`).toBe(true);

    // The fix is reached by scrolling the details pane; the page itself never scrolls.
    await panel.locator("[data-testid=fixes]").evaluate((element) => element.scrollIntoView({ block: "start" }));
    const fixTitle = await boxOf(panel, "[data-testid=fixes] .cd-section-title");
    const fixBody = await boxOf(panel, "[data-testid=fixes] :is(.cd-code, p)");
    expect(inside(fixTitle, width, height), `fix title ${JSON.stringify(fixTitle)}`).toBe(true);
    expect(fixBody.x >= 0 && fixBody.x + fixBody.width <= width + 0.5, `fix ${JSON.stringify(fixBody)}`).toBe(true);
    expect(fixBody.y).toBeLessThan(height);
    expect(await panel.evaluate(() => [document.scrollingElement?.scrollTop ?? 0, document.scrollingElement?.scrollLeft ?? 0])).toEqual([0, 0]);
    // Nothing in the details is wider than the pane (no sideways scrolling to read it).
    expect(await panel.locator(".cd-split-details").evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
    console.info(`${width}×${height}: ${mode}, details ${Math.round(details.width)}×${Math.round(details.height)} at (${Math.round(details.x)}, ${Math.round(details.y)})`);
    await panel.close();
  });

  it.each(SIZES)("at %i×%i px the server view's policy table shows every part's name and value whole", async (width, height) => {
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width, height });
    await panel.goto(panelUrl);
    await panel.locator("[data-testid=view-servers]").click();
    await panel.waitForSelector("[data-testid=policy]");
    // A cell is cut when its text needs more room than it has (an ellipsis, or text under the next column).
    const cut = await panel.locator("[data-testid=policy]").first().evaluate((table) =>
      [...table.querySelectorAll("th, td")].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent ?? ""),
    );
    expect(cut).toEqual([]);
    const policy = await boxOf(panel, "[data-testid=policy]");
    expect(policy.x >= 0 && policy.x + policy.width <= width + 0.5, `policy table ${JSON.stringify(policy)}`).toBe(true);
    await panel.close();
  });
});
