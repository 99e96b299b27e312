// Figure 3: page-load cost in real Chromium. One browser per configuration, all open at once, and
// the runs interleaved (the order rotates every round) so that load on this shared machine falls
// on every configuration alike.
import { join } from "node:path";
import type { Page, Worker } from "playwright-core";
import { launchChromium, type LaunchedBrowser } from "../test/helpers/chromium";
import { writeFloorExtension } from "./floor-extension";
import { LOAD_REQUESTS, type BenchServer } from "./server";
import { summarize, type Summary } from "./stats";

export const CONFIGURATIONS = ["none", "floor", "cors-doctor", "paused"] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

export interface PageLoadFigure {
  readonly delayMs: number;
  readonly runs: number;
  readonly loads: Record<Configuration, Summary>;
  /** Ratios of medians. */
  readonly ratios: { readonly doctorOverFloor: number; readonly pausedOverNone: number; readonly doctorOverNone: number; readonly floorOverNone: number };
  /**
   * Ratios within each round (loads next to each other in time), summarized over the rounds: less
   * sensitive to the machine's load drifting during the run than a ratio of medians.
   */
  readonly paired?: { readonly doctorOverFloor: Summary; readonly pausedOverNone: Summary; readonly doctorOverNone: Summary };
  /** Every load time, per configuration, in round order. */
  readonly samples?: Record<Configuration, number[]>;
}

interface Contestant {
  readonly configuration: Configuration;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
}

async function extensionWorker(browser: LaunchedBrowser): Promise<Worker> {
  const existing = browser.context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"));
  return existing ?? (await browser.context.waitForEvent("serviceworker", { timeout: 30_000 }));
}

async function launch(configuration: Configuration, floorDirectory: string, distDirectory: string): Promise<Contestant> {
  const extensionPath = configuration === "none" ? undefined : configuration === "floor" ? floorDirectory : distDirectory;
  const browser = await launchChromium(extensionPath ? { extensionPath } : {});
  if (configuration !== "none") {
    const worker = await extensionWorker(browser);
    // Both extensions must really be listening (or, paused, really not).
    const listening = await worker.evaluate(() => chrome.webRequest.onSendHeaders.hasListeners());
    if (!listening && configuration !== "paused") throw new Error(`${configuration}: no webRequest listener registered`);
    if (configuration === "paused") {
      const id = new URL(worker.url()).host;
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${id}/src/popup/index.html`);
      await page.evaluate(() => chrome.runtime.sendMessage({ type: "set-paused", paused: true }));
      await page.close();
      const still = await worker.evaluate(() => chrome.webRequest.onSendHeaders.hasListeners());
      if (still) throw new Error("paused: listeners still registered");
    }
  }
  const page = await browser.context.newPage();
  return { configuration, browser, page };
}

async function loadOnce(contestant: Contestant, server: BenchServer, run: string): Promise<number> {
  const url = `${server.pageOrigin}/load?run=${run}&api=${encodeURIComponent(server.apiOrigin)}`;
  await contestant.page.goto(url);
  const handle = await contestant.page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const result = (await handle.jsonValue()) as { loadMs: number; failed: number };
  // The 20 refused and nothing else: otherwise the page did not make the mix it should.
  if (result.failed !== 20) throw new Error(`${contestant.configuration}: ${result.failed} of ${LOAD_REQUESTS} requests failed, expected 20`);
  return result.loadMs;
}

export async function measurePageLoad(server: BenchServer, delays: readonly number[], runs: number, workDirectory: string, distDirectory: string): Promise<PageLoadFigure[]> {
  const floorDirectory = writeFloorExtension(join(workDirectory, "observer-floor"));
  const contestants: Contestant[] = [];
  try {
    for (const configuration of CONFIGURATIONS) contestants.push(await launch(configuration, floorDirectory, distDirectory));
    const figures: PageLoadFigure[] = [];
    for (const delayMs of delays) {
      server.delayMs = delayMs;
      const samples = Object.fromEntries(CONFIGURATIONS.map((c) => [c, [] as number[]])) as Record<Configuration, number[]>;
      // One discarded warm-up load per browser (first connections, compiled code).
      for (const contestant of contestants) await loadOnce(contestant, server, `warm-${delayMs}`);
      for (let round = 0; round < runs; round++) {
        for (let k = 0; k < contestants.length; k++) {
          const contestant = contestants[(round + k) % contestants.length]!;
          samples[contestant.configuration].push(await loadOnce(contestant, server, `${delayMs}-${round}`));
        }
      }
      const perRound = (over: Configuration, under: Configuration) => summarize(samples[over].map((value, round) => value / samples[under][round]!));
      const loads = Object.fromEntries(CONFIGURATIONS.map((c) => [c, summarize(samples[c])])) as Record<Configuration, Summary>;
      figures.push({
        delayMs,
        runs,
        loads,
        ratios: {
          doctorOverFloor: loads["cors-doctor"].median / loads.floor.median,
          pausedOverNone: loads.paused.median / loads.none.median,
          doctorOverNone: loads["cors-doctor"].median / loads.none.median,
          floorOverNone: loads.floor.median / loads.none.median,
        },
        paired: { doctorOverFloor: perRound("cors-doctor", "floor"), pausedOverNone: perRound("paused", "none"), doctorOverNone: perRound("cors-doctor", "none") },
        samples,
      });
    }
    return figures;
  } finally {
    for (const contestant of contestants) await contestant.browser.close();
  }
}
