// Import HAR… in the built panel, in real Chromium: DevTools' own Export HAR of the lab
// (test/fixtures/har) is read in the panel's Web Worker under the extension's CSP, listed grouped
// by cause, and a diagnosis and its fix open as for live requests. The live recording goes on
// meanwhile and is all there after the file is closed; a file that is not a HAR says so.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { extensionId, getReport, openExtensionPage, waitForReport } from "../e2e/helpers/extension";
import { describeViolations, runAxe } from "../e2e/helpers/axe";
import { fixtureFacts } from "../helpers/har-importers";
import { openLabPage, runAllCases, runCase } from "../e2e/helpers/lab-page";

const FIXTURE = "test/fixtures/har/chromium-full.har";

interface Verdicts {
  readonly chromium: { readonly cases: Readonly<Record<string, { readonly blocked: boolean; readonly code?: string }>> };
}

/** The list's rows with a CORS code: each cause's code and how many requests it stands for. */
function causesOf(panel: Page): Promise<{ code: string; count: number }[]> {
  return panel.$$eval("[data-testid=request-list] [data-testid=row]:not([data-code=''])", (rows) =>
    rows.map((row) => ({ code: (row as HTMLElement).dataset.code ?? "", count: Number((row as HTMLElement).dataset.count ?? "1") })),
  );
}

async function setGrouped(panel: Page, grouped: boolean): Promise<void> {
  const toggle = panel.locator("[data-testid=group-toggle]");
  if ((await toggle.getAttribute("aria-pressed")) !== String(grouped)) await toggle.click();
  await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe(String(grouped));
}

/** The ids of the live list's entries, one row per request. */
function entryIds(panel: Page): Promise<string[]> {
  return panel.$$eval("[data-testid=request-list] [data-testid=row][data-kind=entry]", (rows) => rows.map((row) => (row as HTMLElement).dataset.entryId ?? ""));
}

describe("Import HAR… in the built panel", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let extensionPage: Page;
  let labPage: Page;
  let panel: Page;
  let tabId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist" });
    extensionPage = await openExtensionPage(browser.context);
    labPage = await openLabPage(browser.context, lab);
    await runAllCases(labPage);
    const found = await extensionPage.evaluate(async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id, lab.pageUrl);
    if (found === undefined) throw new Error("lab tab not found");
    tabId = found;
    await waitForReport(extensionPage, (report) => report.entries.some((e) => e.blocked && e.tabId === tabId));
    panel = await browser.context.newPage();
    panel.on("pageerror", (error) => pageErrors.push(error.message));
    panel.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await panel.setViewportSize({ width: 1400, height: 3000 });
    await panel.goto(`chrome-extension://${await extensionId(browser.context)}/src/panel/index.html?tabId=${tabId}`);
    await panel.waitForSelector("[data-testid=row]");
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it("opens DevTools' Export HAR as a source of its own: grouped list, a diagnosis and its fix", async () => {
    await setGrouped(panel, false);
    const liveBefore = await entryIds(panel);
    expect(liveBefore.length).toBeGreaterThan(10);
    await setGrouped(panel, true);

    await panel.getByRole("button", { name: "Import HAR…" }).waitFor();
    await panel.locator("[data-testid=import-har-input]").setInputFiles(FIXTURE);
    const summary = panel.locator("[data-testid=import-summary]");
    await summary.waitFor({ timeout: 60_000 });
    const facts = fixtureFacts("chromium-full.har");
    expect(await summary.textContent()).toContain(`chromium-full.har: ${facts.entries} written by Chrome DevTools, ${facts.creator};`);
    expect(await summary.textContent()).toMatch(/; \d+ cross-origin requests judged\./);
    const fileTab = panel.getByRole("tab", { name: "chromium-full.har" });
    expect(await fileTab.getAttribute("aria-selected")).toBe("true");
    // The file's view (source tabs, its notices, Import HAR…) passes the same axe sweep as the live one.
    const axe = await runAxe(panel);
    expect(axe.violations, describeViolations(axe.violations)).toEqual([]);

    // Grouped by cause; every code shown is one Chromium gave a lab case in the run that made the file.
    const verdicts = JSON.parse(readFileSync("test/fixtures/har/verdicts.json", "utf8")) as Verdicts;
    const chromiumCodes = new Set(Object.values(verdicts.chromium.cases).flatMap((v) => (v.blocked && v.code ? [v.code] : [])));
    const causes = await causesOf(panel);
    expect(causes.length).toBeGreaterThan(5);
    expect(causes.some((cause) => cause.count > 1)).toBe(true);
    for (const cause of causes) expect(chromiumCodes, cause.code).toContain(cause.code);
    console.info(`imported ${FIXTURE}: ${causes.length} causes, ${causes.reduce((n, c) => n + c.count, 0)} blocked requests`);

    // A diagnosis and its fix, as for a live request.
    const first = panel.locator("[data-testid=request-list] [data-testid=row]:not([data-code=''])").first();
    const code = await first.getAttribute("data-code");
    await first.dblclick();
    const details = panel.locator("[data-testid=details]");
    await details.waitFor();
    expect(await details.textContent()).toContain(code ?? "?");
    const fix = panel.locator("[data-testid=fix-panel]");
    await fix.waitFor({ timeout: 30_000 });
    expect((await fix.textContent())?.length ?? 0).toBeGreaterThan(40);

    // The file's servers, with their policies and fixes.
    await panel.locator("[data-testid=view-servers]").click();
    await panel.locator("[data-testid=server-view]").waitFor();
    await expect.poll(() => panel.locator("[data-testid=servers-loading]").count(), { timeout: 30_000 }).toBe(0);
    expect(await panel.locator("[data-testid=server-view]").textContent()).toContain("localhost:47311");
    await panel.locator("[data-testid=view-requests]").click();
  });

  it("leaves the live recording recording: closing the file shows every live entry, and the new ones", async () => {
    // Still on the file: the lab keeps sending, the worker keeps recording.
    expect(await panel.getByRole("tab", { name: "chromium-full.har" }).getAttribute("aria-selected")).toBe("true");
    const reportBefore = await getReport(extensionPage, tabId);
    const outcome = await runCase(labPage, "missing-acao");
    expect(outcome.ok).toBe(false);
    const report = await waitForReport(extensionPage, (r) => r.entries.filter((e) => e.tabId === tabId).length > reportBefore.entries.length);
    const liveIds = report.entries.filter((e) => e.tabId === tabId && e.diagnosis.verdict !== "not-cors").map((e) => e.id);

    await panel.getByRole("button", { name: "Close file" }).click();
    await expect.poll(() => panel.getByRole("tablist", { name: "Sources" }).count()).toBe(0);
    await setGrouped(panel, false);
    await panel.getByLabel("Show allowed").check();
    await expect
      .poll(async () => {
        const shown = new Set(await entryIds(panel));
        return liveIds.filter((id) => !shown.has(id)).length;
      }, { timeout: 30_000, interval: 250 })
      .toBe(0);
    await panel.getByLabel("Show allowed").uncheck();
  });

  it("opens a file dropped onto the panel (Playwright's recordHar: listed, with what it could not tell)", async () => {
    const text = readFileSync("test/fixtures/har/playwright.har", "utf8");
    const dataTransfer = await panel.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], "dropped.har", { type: "application/json" }));
      return transfer;
    }, text);
    const zone = panel.locator("[data-testid=drop-zone]");
    await zone.dispatchEvent("dragenter", { dataTransfer });
    await panel.locator("[data-testid=drop-overlay]").waitFor();
    await zone.dispatchEvent("dragover", { dataTransfer });
    await zone.dispatchEvent("drop", { dataTransfer });
    const summary = panel.locator("[data-testid=import-summary]");
    await summary.waitFor({ timeout: 60_000 });
    const facts = fixtureFacts("playwright.har");
    expect(await summary.textContent()).toContain(`dropped.har: ${facts.entries} written by another tool, ${facts.creator};`);
    expect(await summary.locator("[data-notice=no-preflights]").count()).toBe(1);
    expect(await panel.locator("[data-testid=request-list] [data-testid=row]").count()).toBeGreaterThan(0);
    expect(await panel.locator("[data-testid=drop-overlay]").count()).toBe(0);
    await panel.getByRole("button", { name: "Close file" }).click();
    await expect.poll(() => panel.getByRole("tablist", { name: "Sources" }).count()).toBe(0);
  });

  it("says what a file that is not a HAR is, in the panel, and the live list stays", async () => {
    const liveRows = await panel.locator("[data-testid=request-list] [data-testid=row]").count();
    await panel.locator("[data-testid=import-har-input]").setInputFiles({ name: "console.txt", mimeType: "text/plain", buffer: Buffer.from("Access to fetch at 'http://api' has been blocked by CORS policy") });
    const alert = panel.getByRole("alert");
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.getAttribute("data-kind")).toBe("not-json");
    expect(await alert.textContent()).toContain("console.txt could not be read as a HAR file.");
    const axe = await runAxe(panel);
    expect(axe.violations, describeViolations(axe.violations)).toEqual([]);
    await panel.getByRole("button", { name: "Close file" }).click();
    await expect.poll(() => panel.locator("[data-testid=request-list] [data-testid=row]").count()).toBe(liveRows);
    expect(pageErrors).toEqual([]);
  });
});
