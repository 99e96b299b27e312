// `npm run screenshots:firefox`: the CORS panel inside Firefox's own DevTools, from the Firefox build
// on the lab, into docs/screenshots/panel-firefox.png. Debian's firefox-esr runs headless over
// WebDriver BiDi; DevTools is opened and drawn from Firefox's chrome context (BiDi cannot screenshot
// browser chrome, and the panel is a frame of another process: both are drawn and composed here).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ChromeScript, openFirefoxExtensionPage, openFirefoxLabPage, waitForFirefoxReport } from "../test/e2e/helpers/firefox";
import { caseOf } from "../test/e2e/helpers/extension";
import { launchFirefox } from "../test/helpers/firefox";
import { startLab } from "../test/lab/server";

const OUTPUT = join("docs", "screenshots", "panel-firefox.png");
const CASES = ["preflight-401-auth-middleware", "missing-acao", "method-put-disallowed", "wildcard-with-credentials", "header-x-api-key-disallowed", "control-simple-get"];

const OPEN_TOOLBOX = `(async () => {
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { gDevTools } = require("devtools/client/framework/devtools");
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const toolbox = await gDevTools.showToolboxForTab(win.gBrowser.selectedTab, { toolId: "webconsole" });
  // The extension's devtools page adds its panel once the toolbox is up.
  const find = () => [...toolbox.visibleAdditionalTools].find((tool) => tool.startsWith("webext-devtools-panel-cors-doctor"));
  const deadline = Date.now() + 15000;
  while (!find() && Date.now() < deadline) await new Promise((resolve) => win.setTimeout(resolve, 100));
  const id = find();
  if (!id) return "no CORS panel among " + [...toolbox.visibleAdditionalTools].join(", ");
  await toolbox.selectTool(id);
  globalThis.__corsDoctorToolbox = { toolbox, id };
  return "ok";
})()`;

/** The panel's frame: a remote <browser> inside the toolbox's panel iframe. */
const PANEL = `const { toolbox, id } = globalThis.__corsDoctorToolbox;
  const frame = toolbox.doc.getElementById("toolbox-panel-iframe-" + id);
  const inner = frame && frame.contentDocument && frame.contentDocument.querySelector("browser");
  if (!inner) return "the CORS panel has no frame yet";`;

/**
 * Selects the panel's first request: a frame script (the panel's frame lives in another process)
 * clicks its first row.
 */
const SELECT_FIRST_ROW = `(async () => {
  ${PANEL}
  const mm = inner.messageManager;
  if (!mm) return "the panel frame has no message manager";
  const script = "content.document.querySelector('[data-testid=row]')?.dispatchEvent(new content.MouseEvent('click', { bubbles: true }))";
  mm.loadFrameScript("data:application/javascript," + encodeURIComponent(script), false);
  return "ok";
})()`;

/** The toolbox drawn, then the panel's own frame drawn where it sits, as one PNG data URL. */
const DRAW = `(async () => {
  ${PANEL}
  const host = toolbox.win;
  const outer = await host.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, "white");
  const panel = await inner.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, "white");
  const f = frame.getBoundingClientRect(); const b = inner.getBoundingClientRect();
  const canvas = host.document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
  canvas.width = outer.width; canvas.height = Math.min(outer.height, Math.ceil(f.top + b.top + b.height));
  const context = canvas.getContext("2d");
  context.drawImage(outer, 0, 0);
  context.drawImage(panel, f.left + b.left, f.top + b.top);
  return canvas.toDataURL("image/png");
})()`;

/** Rendering has no event to wait for from outside the panel's process: give it a moment. */
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const lab = await startLab();
  // DevTools docked at the bottom, tall enough for the list and the details.
  const firefox = await launchFirefox({ extensionPath: "dist-firefox", extraPrefs: { "devtools.toolbox.footer.height": 700 } });
  try {
    const extensionPage = await openFirefoxExtensionPage(firefox.browser);
    const page = await openFirefoxLabPage(firefox.browser, lab);
    for (const id of CASES) await page.evaluate((caseId) => (window as unknown as { runCase(id: string): Promise<unknown> }).runCase(caseId), id);
    const blocked = CASES.filter((id) => !id.startsWith("control-"));
    await waitForFirefoxReport(extensionPage, (report) => blocked.every((id) => report.entries.some((e) => e.blocked && caseOf(e) === id)));
    await page.bringToFront();
    const chrome = await ChromeScript.attach(firefox.browser);
    const opened = await chrome.evaluate(OPEN_TOOLBOX);
    if (opened !== "ok") throw new Error(`DevTools: ${opened ?? "no answer"}`);
    await settle(2_000);
    const clicked = await chrome.evaluate(SELECT_FIRST_ROW);
    if (clicked !== "ok") throw new Error(clicked ?? "click failed");
    await settle(1_500);
    const image = await chrome.evaluate(DRAW);
    if (!image?.startsWith("data:image/png;base64,")) throw new Error(`drawing failed: ${image ?? "no answer"}`);
    mkdirSync(join("docs", "screenshots"), { recursive: true });
    writeFileSync(OUTPUT, Buffer.from(image.slice(image.indexOf(",") + 1), "base64"));
    console.log(`Wrote ${OUTPUT}`);
  } finally {
    await firefox.close();
    await lab.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
