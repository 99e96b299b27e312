// Figure 5: from a refused request in a page to its row in the open panel. The panel is the built
// panel page opened as an extension tab for the probe page's tab (?tabId=), over the real worker;
// a MutationObserver in the panel notes when each probe's row appears. Both pages read the same
// wall clock (Date.now), so the two times compare.
import type { Page } from "playwright-core";
import { launchChromium } from "../test/helpers/chromium";
import type { BenchServer } from "./server";
import { summarize, type Summary } from "./stats";

export interface LatencyFigure {
  readonly probes: number;
  /** From the page's fetch() call to the row in the panel. */
  readonly fromRequest: Summary;
  /** From the fetch rejecting in the page to the row in the panel. */
  readonly fromRejection: Summary;
}

interface ProbeTimes {
  readonly startedAt: number;
  readonly settledAt: number;
  readonly ok: boolean;
}

const OBSERVE_ROWS = `(() => {
  const seen = {};
  window.benchSeen = seen;
  const note = () => {
    const now = Date.now();
    for (const cell of document.querySelectorAll(".cd-cell--name[title]")) {
      const id = /[?&]probe=(\\d+)/.exec(cell.title)?.[1];
      if (id !== undefined && seen[id] === undefined) seen[id] = now;
    }
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

async function rowSeenAt(panel: Page, probe: number): Promise<number> {
  const handle = await panel.waitForFunction(
    (id) => (window as unknown as { benchSeen: Record<string, number> }).benchSeen[String(id)],
    probe,
    { timeout: 30_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

export async function measureLatency(server: BenchServer, distDirectory: string, probes: number): Promise<LatencyFigure> {
  server.delayMs = 0;
  const browser = await launchChromium({ extensionPath: distDirectory });
  try {
    const context = browser.context;
    const worker = context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")) ?? (await context.waitForEvent("serviceworker"));
    const extensionId = new URL(worker.url()).host;
    const probePage = await context.newPage();
    const probeUrl = `${server.pageOrigin}/probe?api=${encodeURIComponent(server.apiOrigin)}`;
    await probePage.goto(probeUrl);
    await probePage.waitForFunction(() => "probe" in window);
    const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id, probeUrl);
    if (tabId === undefined) throw new Error("probe tab not found");
    const panel = await context.newPage();
    await panel.setViewportSize({ width: 1280, height: 2400 });
    await panel.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}`);
    await panel.waitForSelector("[data-testid=request-list]");
    // One row per request: grouped by cause, every probe would join the first probe's row.
    if ((await panel.getAttribute("[data-testid=group-toggle]", "aria-pressed")) === "true") await panel.click("[data-testid=group-toggle]");
    // A string, not a function: the TypeScript loader's helper names do not exist in the page.
    await panel.evaluate(OBSERVE_ROWS);
    const fromRequest: number[] = [];
    const fromRejection: number[] = [];
    // One warm-up probe (the worker may have been idle), then the measured ones, one at a time.
    for (let probe = 0; probe <= probes; probe++) {
      const times = (await probePage.evaluate((id) => (window as unknown as { probe(id: number): Promise<unknown> }).probe(id), probe)) as ProbeTimes;
      if (times.ok) throw new Error("the probe request was not refused");
      const seenAt = await rowSeenAt(panel, probe);
      if (probe === 0) continue;
      fromRequest.push(seenAt - times.startedAt);
      fromRejection.push(seenAt - times.settledAt);
    }
    return { probes, fromRequest: summarize(fromRequest), fromRejection: summarize(fromRejection) };
  } finally {
    await browser.close();
  }
}
