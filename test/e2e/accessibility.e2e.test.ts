// axe-core (WCAG 2.0/2.1/2.2 A and AA, best practices) on the real build in real Chromium, over the
// lab's requests: every view of the panel and the popup, light and dark, must have 0 violations.
// Views: the list (grouped, a group expanded, the "Failed, not CORS" section, the context menu
// open), the details wide and docked to the side (420 px), the server view, and the popup.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { describeViolations, runAxe } from "./helpers/axe";
import { extensionId, openExtensionPage, waitForReport } from "./helpers/extension";
import { openLabPage, runAllCases } from "./helpers/lab-page";

type Theme = "light" | "dark";

/** A node of Chromium's accessibility tree (CDP Accessibility.getFullAXTree), the parts read here. */
interface AxNode {
  readonly nodeId: string;
  readonly role?: { readonly value: string };
  readonly name?: { readonly value: string };
  readonly properties?: readonly { readonly name: string; readonly value: { readonly value: unknown } }[];
  readonly childIds?: readonly string[];
}

/*
 * target-size (WCAG 2.2, 24 × 24 px) runs on every element, none excluded: tabs, toolbar controls,
 * menu items and the popup's buttons are 24 px high; the column headers' sort buttons (20 px, a
 * row's height) pass by the rule's spacing exception. Kept at DevTools' density on purpose (README,
 * "Accessibility"), and not counted as targets by axe: the list's 20 px rows (the treegrid is one tab
 * stop, its rows are not focusable) and the 4 px splitter and column resize handles (separators are
 * "structure" to axe); both also work from the keyboard. A view that must keep an undersized control
 * axe does flag would pass `runAxe` a waiver for that rule and those elements only, with its reason.
 */

interface View {
  readonly name: string;
  readonly size: { readonly width: number; readonly height: number };
  /** Brings the page to the view once the list has rows; returns what must be in it. */
  readonly open: (page: Page) => Promise<void>;
}

async function expandFirstGroup(page: Page): Promise<void> {
  const group = page.locator("[data-testid=row][data-kind=group][aria-expanded=false]").first();
  await group.locator("[data-testid=disclosure]").click();
  await page.locator("[data-testid=row][data-kind=entry][aria-level='2']").first().waitFor();
}

async function selectBlocked(page: Page): Promise<void> {
  await page.locator("[data-testid=row][data-status=blocked]").first().click();
  await page.locator("[data-testid=details] [data-testid=explanation]").waitFor();
  // The fix arrives once the fix library loaded: sweep the view a developer reads.
  await page.locator("[data-testid=details] [data-testid=fix-panel]").waitFor();
}

/** The "Failed, not CORS" section comes last: scroll the virtualized list until it is rendered. */
async function scrollToNotCors(page: Page): Promise<void> {
  await page.locator("[data-testid=request-list]").evaluate((list) => {
    list.scrollTop = list.scrollHeight;
    list.dispatchEvent(new Event("scroll"));
  });
  await page.locator("[data-testid=section]").waitFor();
}

const VIEWS: readonly View[] = [
  {
    name: "list",
    size: { width: 1280, height: 900 },
    async open(page) {
      await expandFirstGroup(page);
      await scrollToNotCors(page);
    },
  },
  {
    name: "context menu",
    size: { width: 1280, height: 900 },
    async open(page) {
      await page.locator("[data-testid=row][data-status=blocked]").first().click({ button: "right" });
      await page.locator("[data-testid=context-menu]").waitFor();
    },
  },
  { name: "details, wide", size: { width: 1280, height: 900 }, open: selectBlocked },
  { name: "details, docked 420 px", size: { width: 420, height: 820 }, open: selectBlocked },
  {
    name: "not-CORS details",
    size: { width: 1280, height: 900 },
    async open(page) {
      await scrollToNotCors(page);
      await page.locator("[data-testid=row][data-failure]").first().click();
      await page.locator("[data-testid=details] [data-testid=not-cors]").waitFor();
    },
  },
  {
    name: "servers",
    size: { width: 1280, height: 900 },
    async open(page) {
      await page.locator("[data-testid=view-servers]").click();
      await page.locator("[data-testid=server] [data-testid=policy]").first().waitFor();
      await page.locator("[data-testid=server] .cd-server-requests summary").first().click();
    },
  },
];

describe("accessibility: axe-core on every view of the panel and the popup", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let extensionPage: Page;
  let labPage: Page;
  let panelUrl: string;
  let popupUrl: string;
  let tabId: number;

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist" });
    extensionPage = await openExtensionPage(browser.context);
    labPage = await openLabPage(browser.context, lab);
    await runAllCases(labPage);
    // A request no CORS header could save (nothing listens on port 9): the "Failed, not CORS" section.
    await labPage.evaluate(() => fetch("http://127.0.0.1:9/refused").then(() => undefined, () => undefined));
    const found = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (found === undefined) throw new Error("lab tab not found");
    tabId = found;
    await waitForReport(extensionPage, (report) => report.entries.some((e) => e.tabId === tabId && e.diagnosis.verdict === "unrelated-failure"));
    const id = await extensionId(browser.context);
    panelUrl = `chrome-extension://${id}/src/panel/index.html?tabId=${tabId}`;
    popupUrl = `chrome-extension://${id}/src/popup/index.html`;
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  const cases = VIEWS.flatMap((view) => (["light", "dark"] as const).map((theme) => [view.name, theme, view] as const));

  it.each(cases)("the panel's %s view, %s: 0 violations", async (_name, theme: Theme, view: View) => {
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize(view.size);
      await page.goto(`${panelUrl}&theme=${theme}`);
      await page.locator("[data-testid=request-list] [data-testid=row]").first().waitFor();
      await view.open(page);
      const result = await runAxe(page);
      expect(result.violations, describeViolations(result.violations)).toEqual([]);
      // The sweep looked at the things that failed before: the grid, contrast, names, landmarks.
      expect(result.passes).toEqual(
        expect.arrayContaining(["color-contrast", "aria-allowed-attr", "aria-required-children", "aria-required-parent", "button-name", "landmark-one-main", "page-has-heading-one", "target-size"]),
      );
      const review = result.incomplete.map((i) => `${i.id} ×${i.elements}`).join(", ") || "none";
      if (process.env.AXE_DEBUG) console.info(describeViolations(result.incomplete.map((i) => ({ ...i, impact: "review", help: "needs review" }))));
      console.info(`axe ${result.version}, ${view.name}, ${theme}: 0 violations, ${result.passes.length} rules passed; needs review: ${review}`);
    } finally {
      await page.close();
    }
  });

  it("Chromium's own accessibility tree has the treegrid: header row, cause rows with level and state, the active row", async () => {
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(panelUrl);
      const list = page.locator("[data-testid=request-list]");
      await list.locator("[data-testid=row][data-kind=group]").first().waitFor();
      await list.focus();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowRight");
      const cdp = await page.context().newCDPSession(page);
      const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AxNode[] };
      await cdp.detach();
      const byId = new Map(nodes.map((node) => [node.nodeId, node]));
      const prop = (node: AxNode, name: string) => node.properties?.find((p) => p.name === name)?.value.value;
      // The rows as a screen reader gets them: children of the grid, through the ignored wrappers.
      const rowsOf = (node: AxNode): AxNode[] =>
        (node.childIds ?? []).flatMap((id) => {
          const child = byId.get(id);
          if (!child) return [];
          return child.role?.value === "row" ? [child] : rowsOf(child);
        });
      const grid = nodes.find((node) => node.role?.value === "treegrid");
      expect(grid?.name?.value).toBe("Cross-origin requests");
      const rows = rowsOf(grid!);
      const headers = (rows[0]!.childIds ?? []).map((id) => byId.get(id)!).filter((node) => node.role?.value === "columnheader");
      expect(headers.map((node) => node.name?.value)).toEqual(["Name", "Status", "Method", "Domain", "Failure", "Type", "Time"]);
      const cause = rows[1]!;
      expect([prop(cause, "level"), prop(cause, "expanded"), prop(cause, "selected")]).toEqual([1, true, true]);
      expect(prop(rows[2]!, "level")).toBe(2);
      expect(cause.name?.value).toMatch(/^▾?\s*\d+×/);
      // The grid has the focus and names the selected row as its active descendant.
      expect(prop(grid!, "focused")).toBe(true);
      const active = grid!.properties?.find((p) => p.name === "activedescendant")?.value as { relatedNodes?: { idref?: string }[] } | undefined;
      expect(active?.relatedNodes?.[0]?.idref).toBe("cd-row-0");
      const live = nodes.find((node) => node.role?.value === "status" && prop(node, "live") === "polite");
      expect(live, "a polite status region").toBeDefined();
      expect(nodes.filter((node) => node.role?.value === "main")).toHaveLength(1);
    } finally {
      await page.close();
    }
  });

  it("forced colours (Windows high contrast) keep the selection, the failure and the focus visible", async () => {
    const page = await browser.context.newPage();
    try {
      await page.emulateMedia({ forcedColors: "active" });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(panelUrl);
      const list = page.locator("[data-testid=request-list]");
      await list.locator("[data-testid=row]").first().waitFor();
      await list.focus();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.locator("[data-testid=details] [data-testid=checks]").waitFor();
      const looks = await page.evaluate(() => {
        const style = (selector: string) => {
          const element = document.querySelector(selector);
          if (!element) throw new Error(`${selector} is missing`);
          const s = getComputedStyle(element);
          return { background: s.backgroundColor, outline: s.outlineStyle === "none" ? "none" : `${s.outlineWidth} ${s.outlineStyle}`, border: `${s.borderTopWidth} ${s.borderTopStyle}`, decoration: s.textDecorationLine };
        };
        return {
          selected: style("[data-testid=row][aria-selected=true]"),
          other: style("[data-testid=row][aria-selected=false]"),
          failingCheck: style("[data-testid=checks] tr[data-failing=true]"),
          otherCheck: style("[data-testid=checks] thead tr"),
          focused: style(":focus"),
        };
      });
      expect(looks.selected.background, JSON.stringify(looks)).not.toBe(looks.other.background);
      expect(looks.selected.outline).not.toBe("none");
      expect(looks.failingCheck.border).not.toBe(looks.otherCheck.border);
      expect(looks.focused.outline).not.toBe("none");
    } finally {
      await page.close();
    }
  });

  it.each(["light", "dark"] as const)("the popup, %s: 0 violations", async (theme) => {
    // The popup reads the active tab: it is opened in a background tab of the lab's window, so the
    // lab stays the active tab and the popup shows its requests (as scripts/demo.ts does).
    await labPage.bringToFront();
    const opened = browser.context.waitForEvent("page");
    await extensionPage.evaluate(
      async ({ url, tab }) => {
        const lab = await chrome.tabs.get(tab);
        await chrome.tabs.create({ url, active: false, windowId: lab.windowId });
      },
      { url: popupUrl, tab: tabId },
    );
    const page = await opened;
    try {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: 380, height: 560 });
      await page.reload();
      await page.locator("[data-testid=failures]").waitFor();
      await page.locator("[data-testid=blocked-count]").waitFor();
      expect(await page.locator("[data-testid=popup]").getAttribute("data-theme")).toBe(theme);
      const result = await runAxe(page);
      expect(result.violations, describeViolations(result.violations)).toEqual([]);
      expect(result.passes).toEqual(expect.arrayContaining(["color-contrast", "button-name", "landmark-one-main", "page-has-heading-one", "target-size"]));
      console.info(`axe ${result.version}, popup, ${theme}: 0 violations, ${result.passes.length} rules passed`);
    } finally {
      await page.close();
    }
  });
});
