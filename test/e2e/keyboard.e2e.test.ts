// The panel with the keyboard alone, in the real build over the lab's requests: Tab to the list,
// reach the first blocked request, open its group, open the details, go to the fix, switch stack,
// copy the fix, close the details, switch to the server view. No pointer event is fired, and after
// every key the focus is visible (a focus ring on the focused element, or on the list's active row).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { extensionId, openExtensionPage, waitForReport } from "./helpers/extension";
import { openLabPage, runAllCases } from "./helpers/lab-page";

interface FocusState {
  /** The focused element and, in the list, its active row, as a short description. */
  readonly what: string;
  /** A focus ring is drawn: :focus-visible holds and an outline of at least 1 px is painted. */
  readonly visible: boolean;
}

/** Where the focus is and whether it can be seen; in the treegrid, the ring is on the active row. */
function focusState(page: Page): Promise<FocusState> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLElement) || focused === document.body) return { what: "nothing (body)", visible: false };
    const activeId = focused.getAttribute("aria-activedescendant");
    const ringed = (activeId ? document.getElementById(activeId) : null) ?? focused;
    const style = getComputedStyle(ringed);
    const painted = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 1;
    const label = (element: Element): string =>
      `${element.tagName.toLowerCase()}${element.getAttribute("role") ? `[role=${element.getAttribute("role")}]` : ""}${
        element.getAttribute("data-testid") ? `[data-testid=${element.getAttribute("data-testid")}]` : ""
      } "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40)}"`;
    return { what: ringed === focused ? label(focused) : `${label(focused)} → ${label(ringed)}`, visible: focused.matches(":focus-visible") && painted };
  });
}

describe("the panel with the keyboard alone", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let panelUrl: string;
  let labPage: Page;
  let labOrigin: string;

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium({ extensionPath: "dist" });
    const extensionPage = await openExtensionPage(browser.context);
    labPage = await openLabPage(browser.context, lab);
    labOrigin = new URL(lab.pageUrl).origin;
    await runAllCases(labPage);
    const tabId = await extensionPage.evaluate(
      async (pageUrl) => (await chrome.tabs.query({})).find((tab) => tab.url?.startsWith(pageUrl))?.id,
      lab.pageUrl,
    );
    if (tabId === undefined) throw new Error("lab tab not found");
    await waitForReport(extensionPage, (report) => report.entries.filter((e) => e.blocked && e.tabId === tabId).length > 10);
    panelUrl = `chrome-extension://${await extensionId(browser.context)}/src/panel/index.html?tabId=${tabId}`;
    await extensionPage.close();
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it("reaches, opens, copies and closes a blocked request's fix, then the server view, with every focus visible", async () => {
    // The clipboard is read back from the lab's page: permissions cannot be granted to an extension origin.
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: labOrigin });
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 1280, height: 900 });
    await panel.goto(panelUrl);
    await panel.locator("[data-testid=request-list] [data-testid=row]").first().waitFor();
    await panel.evaluate(() => {
      const counts = { pointer: 0 };
      (window as unknown as { pointerEvents: typeof counts }).pointerEvents = counts;
      for (const type of ["pointerdown", "pointerup", "mousedown", "mouseup", "mousemove"]) document.addEventListener(type, () => counts.pointer++, true);
    });
    const path: string[] = [];
    const press = async (key: string, step: string): Promise<FocusState> => {
      await panel.keyboard.press(key);
      const state = await focusState(panel);
      path.push(`${step} (${key}): ${state.what}`);
      expect(state.visible, `focus not visible after ${step} (${key}): ${state.what}`).toBe(true);
      return state;
    };
    const list = panel.locator("[data-testid=request-list]");
    const isFocused = (selector: string) => panel.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    const tabUntil = async (selector: string, step: string, key = "Tab"): Promise<void> => {
      for (let presses = 0; presses < 30 && !(await isFocused(selector)); presses++) await press(key, step);
      expect(await isFocused(selector), `${step}: ${selector} never got the focus`).toBe(true);
    };

    // Tab through the toolbar and the view tabs to the request list.
    await tabUntil("[data-testid=request-list]", "to the list");

    // The first row: the largest group of blocked requests (the default order: blocked first).
    await press("ArrowDown", "first blocked request");
    const selected = list.locator("[data-testid=row][aria-selected=true]");
    expect(await selected.getAttribute("data-status")).toBe("blocked");
    expect(await selected.getAttribute("aria-rowindex")).toBe("2");
    expect(await list.getAttribute("aria-activedescendant")).toBe(await selected.getAttribute("id"));
    expect(await selected.getAttribute("data-kind")).toBe("group");
    const count = Number(await selected.getAttribute("data-count"));

    // → opens the group: its requests follow it, one level down.
    await press("ArrowRight", "expand the group");
    expect(await list.locator("[data-testid=row][aria-selected=true]").getAttribute("aria-expanded")).toBe("true");
    await press("ArrowDown", "the group's first request");
    const member = list.locator("[data-testid=row][aria-selected=true]");
    expect([await member.getAttribute("aria-level"), await member.getAttribute("aria-posinset"), await member.getAttribute("aria-setsize")]).toEqual(["2", "1", String(count)]);

    // Enter opens the details and puts the focus on their heading.
    await press("Enter", "open the details");
    expect(await isFocused("[data-testid=details] h2")).toBe(true);

    // To the fix: its tabs are one tab stop; → selects the next stack and shows its fix.
    await tabUntil("[data-testid=fixes] [role=tab][aria-selected=true]", "to the fix");
    const firstStack = await panel.locator("[data-testid=fixes] [role=tab][aria-selected=true]").textContent();
    await press("ArrowRight", "switch stack");
    const stack = panel.locator("[data-testid=fixes] [role=tab][aria-selected=true]");
    expect(await stack.textContent()).not.toBe(firstStack);
    expect(await isFocused("[data-testid=fixes] [role=tab][aria-selected=true]")).toBe(true);
    expect(await panel.locator("[data-testid=fix-panel]").getAttribute("aria-labelledby")).toBe(await stack.getAttribute("id"));

    // Copy the fix with Enter: the clipboard holds the shown snippet.
    await tabUntil("[data-testid=copy-fix]", "to Copy fix");
    await press("Enter", "copy the fix");
    await expect.poll(() => panel.locator("[data-testid=copy-fix]").textContent()).toBe("Copied");
    const snippet = await panel.locator("[data-testid=fix-panel] pre code").textContent();
    await labPage.bringToFront();
    expect(await labPage.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await panel.bringToFront();

    // Esc closes the details; the list has the focus and keeps the selection.
    await press("Escape", "close the details");
    expect(await panel.locator("[data-testid=details]").count()).toBe(0);
    expect(await isFocused("[data-testid=request-list]")).toBe(true);
    expect(await list.getAttribute("aria-activedescendant")).toBe(await member.getAttribute("id"));

    // Back to the view tabs, → to the server view.
    await tabUntil("[role=tab][data-testid=view-requests]", "to the view tabs", "Shift+Tab");
    await press("ArrowRight", "server view");
    expect(await isFocused("[role=tab][data-testid=view-servers][aria-selected=true]")).toBe(true);
    await panel.locator("[data-testid=server-view] [data-testid=server]").first().waitFor();
    expect(await panel.locator("#cd-view-panel[role=tabpanel]").getAttribute("aria-labelledby")).toBe("cd-view-tab-servers");

    expect(await panel.evaluate(() => (window as unknown as { pointerEvents: { pointer: number } }).pointerEvents.pointer)).toBe(0);
    console.info(`keyboard path, ${path.length} keys:\n  ${path.join("\n  ")}`);
    await panel.close();
  });
});
