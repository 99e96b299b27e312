// `npm run screenshots`: the README's pictures, made from the real build on the lab — the panel
// in light and dark with a blocked preflight selected (wide, and narrow as when DevTools is docked to
// the side), the list grouped by cause, and the popup — into docs/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { getReport } from "../test/e2e/helpers/extension";
import { screenshotPanel, screenshotPopup, showcaseEntry, startDemo } from "./demo";

const folder = join("docs", "screenshots");

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
    await screenshotPopup(session, join(folder, "popup.png"));
    console.log(
      `Wrote ${folder}/panel-light.png, panel-dark.png, panel-narrow.png, panel-narrow-dark.png, panel-list.png and popup.png (selected: ${entry.diagnosis.code} ${entry.diagnosis.failedParameter ?? ""})`,
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
