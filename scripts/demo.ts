// `npm run demo`: the built extension in Chromium on the CORS lab, every case run once.
// With a display it opens a headed Chromium with DevTools open on the lab page and waits until
// you close it; without one it runs headless, writes the report (JSON and Markdown) and
// screenshots to artifacts/demo-<timestamp>/, prints a summary table and exits.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { findChromium, INSTALL_HINT, launchChromium, type LaunchedBrowser } from "../test/helpers/chromium";
import { startLab, type Lab } from "../test/lab/server";
import { extensionId, getReport, openExtensionPage, waitForReport } from "../test/e2e/helpers/extension";
import { openLabPage, runAllCases } from "../test/e2e/helpers/lab-page";
import { completeReport } from "../src/fixes/servers";
import { compactReport, reportMarkdown } from "../src/ui/export";
import { causeKey } from "../src/ui/rows";
import type { DiagnosedEntry, DiagnosedReport } from "../src/shared/report";

export interface DemoSession {
  readonly lab: Lab;
  readonly browser: LaunchedBrowser;
  readonly extensionId: string;
  /** An extension page to talk to the worker from (get-report). */
  readonly extensionPage: Page;
  readonly labPage: Page;
  readonly labTabId: number;
  close(): Promise<void>;
}

export function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Starts the lab and Chromium with dist/ loaded, runs every lab case, waits for the report. */
export async function startDemo(options: { readonly headless: boolean }): Promise<DemoSession> {
  if (!existsSync("dist/manifest.json")) throw new Error("dist/ is missing: run `npm run build` first.");
  if (!findChromium()) throw new Error(INSTALL_HINT);
  const lab = await startLab();
  let browser: LaunchedBrowser | undefined;
  try {
    browser = await launchChromium({
      extensionPath: "dist",
      headless: options.headless,
      extraArgs: options.headless ? ["--window-size=1280,900"] : ["--auto-open-devtools-for-tabs", "--window-size=1400,900"],
    });
    const id = await extensionId(browser.context);
    const extensionPage = await openExtensionPage(browser.context);
    // The lab goes in the first tab, so that it is the tab DevTools opens on.
    const blank = browser.context.pages().find((page) => page.url() === "about:blank" && page !== extensionPage);
    const labPage = await openLabPage(browser.context, lab, blank);
    const labTabId = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (labTabId === undefined) throw new Error("the lab tab was not found among the browser's tabs");
    await runAllCases(labPage);
    // The worker records asynchronously: wait until every case the lab expects blocked is reported.
    const expectedBlocked = lab.cases.filter((c) => c.expected.blocked).map((c) => c.id);
    await waitForReport(extensionPage, (report) => {
      const reported = new Set(report.entries.filter((e) => e.blocked).map((e) => new URL(e.url).searchParams.get("case")));
      return expectedBlocked.every((caseId) => reported.has(caseId));
    }).catch((error: unknown) => console.warn(`Not every expected case was reported: ${String(error)}`));
    const opened = browser;
    let closing: Promise<void> | undefined;
    return {
      lab,
      browser: opened,
      extensionId: id,
      extensionPage,
      labPage,
      labTabId,
      // Ctrl+C and the browser closing can both ask to stop: close once.
      close() {
        closing ??= opened.close().then(() => lab.close());
        return closing;
      },
    };
  } catch (error) {
    await browser?.close();
    await lab.close();
    throw error;
  }
}

/** The entry the screenshots select: a blocked preflight, the classic JSON Content-Type one if there. */
export function showcaseEntry<E extends DiagnosedEntry>(entries: readonly E[]): E | undefined {
  const preflights = entries.filter((e) => e.blocked && e.preflight !== null && e.diagnosis.stage === "preflight");
  return (
    preflights.find((e) => e.diagnosis.code === "HeaderDisallowedByPreflightResponse" && e.diagnosis.failedParameter === "content-type") ??
    preflights[0]
  );
}

/** Opens the panel as an extension tab for the lab tab, selects `entry`, and saves a screenshot. */
export async function screenshotPanel(
  session: DemoSession,
  theme: "light" | "dark",
  entry: DiagnosedEntry | undefined,
  file: string,
  size: { readonly width: number; readonly height: number } = { width: 1280, height: 900 },
): Promise<void> {
  const page = await session.browser.context.newPage();
  try {
    await page.setViewportSize(size);
    await page.goto(`chrome-extension://${session.extensionId}/src/panel/index.html?tabId=${session.labTabId}&theme=${theme}`);
    await page.locator("[data-testid=request-list] [data-testid=row]").first().waitFor();
    if (entry) {
      // Its own row, or the row of the cause it shares with other requests.
      const row = page.locator(`[data-entry-id="${entry.id}"], [data-group=${JSON.stringify(`group:${causeKey(entry)}`)}]`);
      // The list is virtualized: scroll until the row is rendered.
      for (let top = 0; (await row.count()) === 0; ) {
        const more = await page.evaluate((scrollTop) => {
          const list = document.querySelector<HTMLElement>("[data-testid=request-list]");
          if (!list || list.scrollTop + list.clientHeight >= list.scrollHeight - 1) return false;
          list.scrollTop = scrollTop;
          list.dispatchEvent(new Event("scroll"));
          return true;
        }, (top += 200));
        if (!more && (await row.count()) === 0) throw new Error(`entry ${entry.id} is not in the panel's list`);
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
      }
      await row.click();
      await page.locator("[data-testid=details] [data-testid=explanation]").waitFor();
    }
    await page.screenshot({ path: file });
  } finally {
    await page.close();
  }
}

/**
 * Opens the real popup page in a background tab of the lab's window: it reads the active tab (the
 * lab) exactly as the toolbar popup does, and is captured at the popup's size.
 */
export async function screenshotPopup(session: DemoSession, file: string): Promise<void> {
  await session.labPage.bringToFront();
  const opened = session.browser.context.waitForEvent("page");
  await session.extensionPage.evaluate(
    async ({ url, tabId }) => {
      const lab = await chrome.tabs.get(tabId);
      await chrome.tabs.create({ url, active: false, windowId: lab.windowId });
    },
    { url: `chrome-extension://${session.extensionId}/src/popup/index.html`, tabId: session.labTabId },
  );
  const page = await opened;
  try {
    await page.setViewportSize({ width: 380, height: 560 });
    await page.locator("[data-testid=blocked-count]").waitFor();
    await page.locator("[data-testid=popup]").screenshot({ path: file });
  } finally {
    await page.close();
  }
}

export function summaryTable(report: DiagnosedReport, tabId: number): string {
  const entries = report.entries.filter((e) => e.tabId === tabId);
  const blocked = entries.filter((e) => e.blocked);
  const byCode = new Map<string, number>();
  for (const entry of blocked) {
    const code = entry.diagnosis.code ?? "(blocked, no CORS code)";
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }
  const rows: [string, string][] = [
    ["Requests recorded", String(entries.length)],
    ["Blocked", String(blocked.length)],
    ["Allowed", String(entries.length - blocked.length)],
    ...[...byCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]): [string, string] => [`  ${code}`, String(n)]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const rule = `${"-".repeat(width + 2)}+${"-".repeat(7)}`;
  return [`${"".padEnd(width + 2)}| count`, rule, ...rows.map(([label, n]) => `${label.padEnd(width + 2)}| ${n.padStart(5)}`)].join("\n");
}

async function runHeadless(): Promise<void> {
  const folder = resolve("artifacts", `demo-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(folder, { recursive: true });
  const session = await startDemo({ headless: true });
  try {
    // The worker leaves fixes to the reader; the saved report is the compact one the panel exports.
    const report = completeReport(await getReport(session.extensionPage));
    const labEntries = report.entries.filter((e) => e.tabId === session.labTabId);
    const compact = compactReport(report.entries, report.servers, new Date(report.generatedAt));
    writeFileSync(join(folder, "report.json"), `${JSON.stringify(compact, null, 2)}\n`);
    writeFileSync(join(folder, "report.md"), reportMarkdown(labEntries, new Date(report.generatedAt)));
    const entry = showcaseEntry(labEntries);
    await screenshotPanel(session, "light", entry, join(folder, "panel-light.png"));
    await screenshotPanel(session, "dark", entry, join(folder, "panel-dark.png"));
    await screenshotPopup(session, join(folder, "popup.png"));
    console.log(`\nCORS Doctor on the lab (${session.lab.pageUrl}), ${session.lab.cases.length} cases run headless:\n`);
    console.log(summaryTable(report, session.labTabId));
    console.log(`\nWrote to ${folder}:\n  report.json  report.md  panel-light.png  panel-dark.png  popup.png`);
    console.log("(No display found. With DISPLAY or WAYLAND_DISPLAY set, the demo opens Chromium with DevTools instead.)");
  } finally {
    await session.close();
  }
}

async function runHeaded(): Promise<void> {
  const session = await startDemo({ headless: false });
  const closed = new Promise<void>((done) => session.browser.context.once("close", () => done()));
  const stop = (): void =>
    void session.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(summaryTable(await getReport(session.extensionPage), session.labTabId));
  // Leave the lab in front, alone: the helper tab was only needed for the report.
  await session.extensionPage.close();
  await session.labPage.bringToFront();
  console.log(`\nChromium is open on the lab (${session.lab.pageUrl}) with DevTools: pick the "CORS" panel.`);
  console.log("Run the cases again with the page's button. Close the browser or press Ctrl+C to stop.");
  await closed;
  await session.close();
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  (hasDisplay() ? runHeaded() : runHeadless()).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
