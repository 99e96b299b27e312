// Figure 3: page-load cost in real Chromium. One browser per configuration, all open at once, and
// the runs interleaved (the order rotates every round) so that load on this shared machine falls
// on every configuration alike. Besides wall-clock time, each load's CPU time per process kind is
// read from /proc: steadier than wall time here, and it says whose work a difference is.
import { join } from "node:path";
import type { Page, Worker } from "playwright-core";
import { launchChromium, type LaunchedBrowser } from "../test/helpers/chromium";
import { writeFloorExtension, writePermissionOnlyExtension } from "./floor-extension";
import { browserCpu, cpuDifference, cpuTotal, processCpuAvailable, type CpuByKind } from "./process-cpu";
import { LOAD_REQUESTS, type BenchServer } from "./server";
import { summarize, type Summary } from "./stats";

export const CONFIGURATIONS = ["none", "permission", "floor", "cors-doctor", "paused", "devtools-closed"] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

export interface CpuFigure {
  /** Every process of the browser. */
  readonly total: Summary;
  readonly browser: Summary;
  readonly network: Summary;
  /** The pages' renderers. */
  readonly renderer: Summary;
  /** The extension's process (its service worker); absent without an extension. */
  readonly extension: Summary;
}

export interface PageLoadFigure {
  readonly delayMs: number;
  readonly runs: number;
  readonly loads: Record<Configuration, Summary>;
  /** Ratios of medians. */
  readonly ratios: {
    readonly doctorOverFloor: number;
    readonly pausedOverNone: number;
    readonly doctorOverNone: number;
    readonly floorOverNone: number;
    readonly permissionOverNone?: number;
    readonly pausedOverPermission?: number;
    /** Recording only while DevTools is open, with no DevTools window open, over paused: 1 if it costs the same. */
    readonly devtoolsClosedOverPaused?: number;
  };
  /**
   * Ratios within each round (loads next to each other in time), summarized over the rounds: less
   * sensitive to the machine's load drifting during the run than a ratio of medians.
   */
  readonly paired?: {
    readonly doctorOverFloor: Summary;
    readonly pausedOverNone: Summary;
    readonly doctorOverNone: Summary;
    readonly pausedOverPermission?: Summary;
    readonly permissionOverNone?: Summary;
    readonly devtoolsClosedOverPaused?: Summary;
  };
  /** CPU time per load, per configuration (Linux only). */
  readonly cpu?: Record<Configuration, CpuFigure>;
  /** Every load time, per configuration, in round order. */
  readonly samples?: Record<Configuration, number[]>;
}

interface Contestant {
  readonly configuration: Configuration;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
}

interface Load {
  readonly ms: number;
  readonly cpu?: CpuByKind;
}

async function extensionWorker(browser: LaunchedBrowser): Promise<Worker> {
  const existing = browser.context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"));
  return existing ?? (await browser.context.waitForEvent("serviceworker", { timeout: 30_000 }));
}

function extensionFor(configuration: Configuration, directories: { floor: string; permission: string; dist: string }): string | undefined {
  switch (configuration) {
    case "none":
      return undefined;
    case "permission":
      return directories.permission;
    case "floor":
      return directories.floor;
    case "cors-doctor":
    case "paused":
    case "devtools-closed":
      return directories.dist;
  }
}

async function launch(configuration: Configuration, directories: { floor: string; permission: string; dist: string }): Promise<Contestant> {
  const extensionPath = extensionFor(configuration, directories);
  const browser = await launchChromium(extensionPath ? { extensionPath } : {});
  if (extensionPath) {
    const worker = await extensionWorker(browser);
    // Each extension must really be listening (or, paused and permission-only, really not).
    const listening = await worker.evaluate(() => chrome.webRequest.onSendHeaders.hasListeners());
    const expectListening = configuration === "floor" || configuration === "cors-doctor";
    if (configuration === "paused" || configuration === "devtools-closed") {
      // Paused, or recording only while DevTools is open with no DevTools window: no listener left.
      const id = new URL(worker.url()).host;
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${id}/src/popup/index.html`);
      const message = configuration === "paused" ? { type: "set-paused", paused: true } : { type: "set-recording", recording: "devtools" };
      await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
      await page.close();
      if (await worker.evaluate(() => chrome.webRequest.onSendHeaders.hasListeners())) throw new Error(`${configuration}: listeners still registered`);
    } else if (listening !== expectListening) {
      throw new Error(`${configuration}: webRequest listeners ${listening ? "registered" : "missing"}`);
    }
    // Listeners without host access hear nothing: the floor once measured nothing that way.
    const origins = (await worker.evaluate(() => chrome.permissions.getAll())).origins ?? [];
    if (expectListening && !origins.some((origin) => origin === "<all_urls>" || origin.startsWith("http://"))) throw new Error(`${configuration}: no host access (${origins.join(", ") || "none"}): its listeners would hear nothing`);
  }
  const page = await browser.context.newPage();
  return { configuration, browser, page };
}

async function loadOnce(contestant: Contestant, server: BenchServer, run: string, measureCpu: boolean): Promise<Load> {
  const url = `${server.pageOrigin}/load?run=${run}&api=${encodeURIComponent(server.apiOrigin)}`;
  const before = measureCpu ? browserCpu(contestant.browser.userDataDir) : undefined;
  await contestant.page.goto(url);
  const handle = await contestant.page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const result = (await handle.jsonValue()) as { loadMs: number; failed: number };
  const cpu = before ? cpuDifference(browserCpu(contestant.browser.userDataDir), before) : undefined;
  // The 20 refused and nothing else: otherwise the page did not make the mix it should.
  if (result.failed !== 20) throw new Error(`${contestant.configuration}: ${result.failed} of ${LOAD_REQUESTS} requests failed, expected 20`);
  return { ms: result.loadMs, ...(cpu ? { cpu } : {}) };
}

function cpuFigure(loads: readonly Load[]): CpuFigure {
  const of = (pick: (cpu: CpuByKind) => number) => summarize(loads.map((load) => (load.cpu ? pick(load.cpu) : Number.NaN)));
  return { total: of(cpuTotal), browser: of((c) => c.browser), network: of((c) => c.network), renderer: of((c) => c.renderer), extension: of((c) => c.extension) };
}

export async function measurePageLoad(server: BenchServer, delays: readonly number[], runs: number, workDirectory: string, distDirectory: string): Promise<PageLoadFigure[]> {
  const directories = {
    floor: writeFloorExtension(join(workDirectory, "observer-floor")),
    permission: writePermissionOnlyExtension(join(workDirectory, "permission-only")),
    dist: distDirectory,
  };
  const measureCpu = processCpuAvailable();
  const contestants: Contestant[] = [];
  try {
    for (const configuration of CONFIGURATIONS) contestants.push(await launch(configuration, directories));
    const figures: PageLoadFigure[] = [];
    for (const delayMs of delays) {
      server.delayMs = delayMs;
      const loads = Object.fromEntries(CONFIGURATIONS.map((c) => [c, [] as Load[]])) as Record<Configuration, Load[]>;
      // One discarded warm-up load per browser (first connections, compiled code).
      for (const contestant of contestants) await loadOnce(contestant, server, `warm-${delayMs}`, false);
      for (let round = 0; round < runs; round++) {
        for (let k = 0; k < contestants.length; k++) {
          const contestant = contestants[(round + k) % contestants.length]!;
          loads[contestant.configuration].push(await loadOnce(contestant, server, `${delayMs}-${round}`, measureCpu));
        }
      }
      const samples = Object.fromEntries(CONFIGURATIONS.map((c) => [c, loads[c].map((l) => l.ms)])) as Record<Configuration, number[]>;
      const perRound = (over: Configuration, under: Configuration) => summarize(samples[over].map((value, round) => value / samples[under][round]!));
      const times = Object.fromEntries(CONFIGURATIONS.map((c) => [c, summarize(samples[c])])) as Record<Configuration, Summary>;
      figures.push({
        delayMs,
        runs,
        loads: times,
        ratios: {
          doctorOverFloor: times["cors-doctor"].median / times.floor.median,
          pausedOverNone: times.paused.median / times.none.median,
          doctorOverNone: times["cors-doctor"].median / times.none.median,
          floorOverNone: times.floor.median / times.none.median,
          permissionOverNone: times.permission.median / times.none.median,
          pausedOverPermission: times.paused.median / times.permission.median,
          devtoolsClosedOverPaused: times["devtools-closed"].median / times.paused.median,
        },
        paired: {
          doctorOverFloor: perRound("cors-doctor", "floor"),
          pausedOverNone: perRound("paused", "none"),
          doctorOverNone: perRound("cors-doctor", "none"),
          pausedOverPermission: perRound("paused", "permission"),
          permissionOverNone: perRound("permission", "none"),
          devtoolsClosedOverPaused: perRound("devtools-closed", "paused"),
        },
        ...(measureCpu ? { cpu: Object.fromEntries(CONFIGURATIONS.map((c) => [c, cpuFigure(loads[c])])) as Record<Configuration, CpuFigure> } : {}),
        samples,
      });
    }
    return figures;
  } finally {
    for (const contestant of contestants) await contestant.browser.close();
  }
}
