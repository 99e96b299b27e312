// `npm run screenshots`: the README's pictures, made from the real build on the lab — the panel
// in light and dark with a blocked preflight selected (wide, and narrow as when DevTools is docked to
// the side), the list grouped by cause, the server view, a HAR file opened beside the live
// recording, and the popup — into docs/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { getReport } from "../test/e2e/helpers/extension";
import { screenshotPanel, screenshotPopup, showcaseEntry, startDemo, type DemoSession } from "./demo";

const folder = join("docs", "screenshots");

/** The panel's Servers view: the lab's API server, its policy with its basis, and its fix. */
async function screenshotServers(session: DemoSession, theme: "light" | "dark", file: string): Promise<void> {
  const page = await session.browser.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto(`chrome-extension://${session.extensionId}/src/panel/index.html?tabId=${session.labTabId}&theme=${theme}`);
    await page.locator("[data-testid=request-list] [data-testid=row]").first().waitFor();
    await page.click("[data-testid=view-servers]");
    await page.locator("[data-testid=server] [data-testid=policy]").first().waitFor();
    await page.screenshot({ path: file });
  } finally {
    await page.close();
  }
}

/** A HAR file (Chrome's sanitized export of the lab) opened beside the live recording, a blocked preflight selected. */
async function screenshotHarImport(session: DemoSession, file: string): Promise<void> {
  const page = await session.browser.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.goto(`chrome-extension://${session.extensionId}/src/panel/index.html?tabId=${session.labTabId}&theme=light`);
    await page.locator("[data-testid=request-list] [data-testid=row]").first().waitFor();
    await page.locator("[data-testid=import-har-input]").setInputFiles("test/fixtures/har/chromium-sanitized.har");
    await page.locator("[data-testid=import-summary]").waitFor();
    await page.locator("[data-testid=request-list] [data-testid=row][data-code=PreflightMissingAllowOriginHeader]").first().click();
    await page.locator("[data-testid=details] [data-testid=explanation]").waitFor();
    await page.screenshot({ path: file });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const session = await startDemo({ headless: true });
  try {
    const report = await getReport(session.extensionPage);
    const entry = showcaseEntry(report.entries.filter((e) => e.tabId === session.labTabId));
    if (!entry) throw new Error("no blocked preflight in the report to show");
    await screenshotPanel(session, "light", entry, join(folder, "panel-light.png"));
    await screenshotPanel(session, "dark", entry, join(folder, "panel-dark.png"));
    // DevTools docked to the side: the details go below the list.
    await screenshotPanel(session, "light", entry, join(folder, "panel-narrow.png"), { width: 420, height: 820 });
    await screenshotPanel(session, "dark", entry, join(folder, "panel-narrow-dark.png"), { width: 420, height: 820 });
    await screenshotPanel(session, "light", undefined, join(folder, "panel-list.png"), { width: 1280, height: 520 });
    await screenshotServers(session, "light", join(folder, "servers-light.png"));
    await screenshotServers(session, "dark", join(folder, "servers-dark.png"));
    await screenshotHarImport(session, join(folder, "panel-har.png"));
    await screenshotPopup(session, join(folder, "popup.png"));
    console.log(
      `Wrote ${folder}/panel-light.png, panel-dark.png, panel-narrow.png, panel-narrow-dark.png, panel-list.png, servers-light.png, servers-dark.png, panel-har.png and popup.png (selected: ${entry.diagnosis.code} ${entry.diagnosis.failedParameter ?? ""})`,
    );
  } finally {
    await session.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
