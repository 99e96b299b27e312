// The real thing: Chromium opens DevTools for the lab tab (--auto-open-devtools-for-tabs), the
// extension registers its "CORS" panel there, and the panel, found among the CDP targets, lists
// the lab's blocked requests with the same codes as the report.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameOf } from "../../src/ui/format";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { extensionId, getReport, openExtensionPage, waitForReport } from "../e2e/helpers/extension";
import { openLabPage, runAllCases } from "../e2e/helpers/lab-page";
import { SHOW_PANEL, TargetEvaluator, waitFor } from "../e2e/helpers/devtools";

// Scrolls the virtualized list from top to bottom, waiting for each window of rows to render,
// and returns every row's key (entry id or group), code, count, Name and Status cells.
const COLLECT_ROWS = `(async () => {
  const list = document.querySelector("[data-testid=request-list]");
  if (!list || !list.querySelector("[data-testid=row]")) return undefined;
  const rows = new Map();
  const take = () => list.querySelectorAll("[data-testid=row]").forEach((row) => rows.set(row.dataset.entryId ?? row.dataset.group, {
    code: row.dataset.code,
    count: Number(row.dataset.count ?? "1"),
    kind: row.dataset.kind,
    name: row.querySelector(".cd-cell--name")?.textContent ?? "",
    status: row.querySelector(".cd-cell--status")?.textContent ?? "",
  }));
  const rowHeight = list.querySelector("[data-testid=row]").getBoundingClientRect().height;
  for (let top = 0; ; top += Math.max(rowHeight, list.clientHeight - rowHeight)) {
    list.scrollTop = top;
    list.dispatchEvent(new Event("scroll"));
    // The window is rendered once the last row in view exists (the first may be left from the
    // previous window's overscan; a section heading has no id, so look for the next row too).
    const total = Math.round(list.querySelector(".cd-list-spacer").getBoundingClientRect().height / rowHeight);
    const last = Math.min(total - 1, Math.floor((list.scrollTop + list.clientHeight - 1) / rowHeight));
    const deadline = Date.now() + 5000;
    const rendered = () => document.getElementById("cd-row-" + last) || document.getElementById("cd-row-" + (last - 1));
    // Animation frames stop while the panel is hidden; the timer keeps the deadline checked.
    while (!rendered() && Date.now() < deadline) await new Promise((r) => { requestAnimationFrame(r); setTimeout(r, 50); });
    take();
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
  }
  return [...rows].map(([id, row]) => ({ id, ...row }));
})()`;

const HEADER = `document.querySelector("[data-testid=list-header]")?.textContent ?? ""`;

interface ShownRow {
  readonly id: string;
  readonly code: string;
  readonly count: number;
  readonly kind: "entry" | "group";
  readonly name: string;
  readonly status: string;
}

/** Requests per Chromium code, whether listed one per row or counted in a cause's row. */
function perCode(rows: readonly { code: string; count: number }[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.code) counts.set(row.code, (counts.get(row.code) ?? 0) + row.count);
  return JSON.stringify([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

describe("the CORS panel inside real DevTools", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let extensionPage: Page;
  let labPage: Page;
  let labTabId: number;

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist", extraArgs: ["--auto-open-devtools-for-tabs"] });
    extensionPage = await openExtensionPage(browser.context);
    labPage = await openLabPage(browser.context, lab);
    await runAllCases(labPage);
    const found = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (found === undefined) throw new Error("lab tab not found");
    labTabId = found;
    await waitForReport(extensionPage, (report) => report.entries.some((e) => e.blocked && e.tabId === labTabId));
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it("lists the lab's blocked requests grouped by cause, with Name and Status columns and the report's codes", async () => {
    const id = await extensionId(browser.context);
    const cdp = await browser.context.newCDPSession(extensionPage);
    const remote = new TargetEvaluator(cdp);

    // DevTools frames the extension's devtools page; it must load (not a chrome-error page).
    const devtoolsPages = await waitFor("the extension's devtools page in DevTools", async () => {
      const frames = (await remote.targets()).filter((t) => t.type === "iframe" && t.url === `chrome-extension://${id}/src/devtools/index.html`);
      return frames.length > 0 ? frames : undefined;
    });
    for (const frame of devtoolsPages) {
      const href = await remote.evaluate<string>(await remote.attach(frame.targetId), "location.href");
      expect(href, "DevTools could not load the extension's devtools page (is framing forbidden by the manifest CSP?)").toBe(frame.url);
    }

    // Show the panel in every DevTools window, then pick the one inspecting the lab tab.
    const panelId = `chrome-extension://${id}CORS`;
    for (const frontend of (await remote.targets()).filter((t) => t.url.startsWith("devtools://devtools/"))) {
      const session = await remote.attach(frontend.targetId);
      await waitFor(`the CORS panel in ${frontend.targetId}`, () => remote.evaluate<boolean | undefined>(session, SHOW_PANEL(panelId)));
    }
    const panelSession = await waitFor("the panel inspecting the lab tab", async () => {
      for (const target of await remote.targets()) {
        if (target.url !== `chrome-extension://${id}/src/panel/index.html`) continue;
        const session = await remote.attach(target.targetId);
        if ((await remote.evaluate<number>(session, "chrome.devtools.inspectedWindow.tabId")) === labTabId) return session;
      }
      return undefined;
    });

    // The panel renders rows only while its DevTools window is shown, which is the lab tab's.
    await labPage.bringToFront();
    let shown: ShownRow[] = [];
    let blocked: { code: string; count: number; url: string }[] = [];
    await expect
      .poll(
        async () => {
          const report = await getReport(extensionPage, labTabId);
          blocked = report.entries.filter((e) => e.blocked).map((e) => ({ code: e.diagnosis.code ?? "", count: 1, url: e.url }));
          shown = (await remote.evaluate<ShownRow[] | undefined>(panelSession, COLLECT_ROWS)) ?? [];
          return perCode(shown) === perCode(blocked) ? "agree" : `panel ${perCode(shown)}, report ${perCode(blocked)}`;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe("agree");
    const groups = shown.filter((row) => row.kind === "group");
    console.info(
      `CORS panel in DevTools: ${blocked.length} blocked lab requests in ${shown.filter((r) => r.code).length} rows (${groups.length} causes with a count), ${new Set(blocked.map((r) => r.code)).size} distinct codes`,
    );
    expect(blocked.length).toBeGreaterThan(10);
    // The grouped list: fewer rows than requests, each cause's row counting several.
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((row) => row.count >= 2)).toBe(true);
    // Name and Status columns, as in DevTools' Network panel.
    const header = await remote.evaluate<string>(panelSession, HEADER);
    expect(header.startsWith("NameStatus")).toBe(true);
    for (const row of shown.filter((r) => r.kind === "entry" && r.code)) {
      const entry = blocked.find((b) => b.code === row.code && nameOf(b.url) === row.name);
      expect(row.status, `Status of ${row.id}`).toMatch(/^(\d{3}( preflight)?|\(failed\))$/);
      expect(entry, `a ${row.code} request named ${row.name}`).toBeDefined();
    }
    await cdp.detach();
  });
});
