// Section 8: page load with DevTools open, which is when the mode "while DevTools is open" records.
// Three browsers, each with DevTools opened on every tab (--auto-open-devtools-for-tabs, its default
// panel shown): no extension; CORS Doctor as built (no webRequest, no host access: it records
// through DevTools' network log); CORS Doctor with *Record always* granted (webRequest and DevTools'
// log side by side, one entry per request). Runs interleaved, the order rotating every round, as in
// page-load.ts. `BENCH_ONLY=devtools` measures only this section and splices it into the document.
import type { Page } from "playwright-core";
import { launchChromium, type LaunchedBrowser } from "../test/helpers/chromium";
import { LOAD_REQUESTS, type BenchServer } from "./server";
import { summarize, type Summary } from "./stats";

export const DEVTOOLS_CONFIGURATIONS = ["none", "devtools-mode", "always"] as const;
export type DevtoolsConfiguration = (typeof DEVTOOLS_CONFIGURATIONS)[number];

export interface DevtoolsPageLoadFigure {
  readonly delayMs: number;
  readonly runs: number;
  readonly loads: Record<DevtoolsConfiguration, Summary>;
  readonly ratios: { readonly devtoolsModeOverNone: number; readonly alwaysOverNone: number };
  /** Ratios within each round, summarized over the rounds. */
  readonly paired: { readonly devtoolsModeOverNone: Summary; readonly alwaysOverNone: Summary };
  /** Requests CORS Doctor recorded from DevTools' log in its last load (the 20 refused ones must be there). */
  readonly recordedBlocked: number;
}

interface Contestant {
  readonly configuration: DevtoolsConfiguration;
  readonly browser: LaunchedBrowser;
  readonly page: Page;
  /** An extension page to ask the worker from (none without the extension). */
  readonly extensionPage?: Page;
}

/** The worker's state, asked from an extension page. */
async function stateOf(page: Page): Promise<{ recording?: string; listening?: boolean; observedTabs?: unknown[] }> {
  return (await page.evaluate(() => chrome.runtime.sendMessage({ type: "get-state" }))) as { recording?: string; listening?: boolean; observedTabs?: unknown[] };
}

async function untilTrue(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling interval of a condition wait
  }
}

async function launch(configuration: DevtoolsConfiguration, dist: string): Promise<Contestant> {
  const extraArgs = ["--auto-open-devtools-for-tabs"];
  const browser = await launchChromium(
    configuration === "none" ? { extraArgs } : { extensionPath: dist, permissions: configuration === "always" ? "granted" : "as-built", extraArgs },
  );
  const page = await browser.context.newPage();
  const devtoolsOpen = async () => {
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = await cdp.send("Target.getTargets");
    await cdp.detach();
    return targetInfos.some((t) => t.url.startsWith("devtools://devtools/"));
  };
  await untilTrue(`${configuration}: a DevTools window`, devtoolsOpen);
  if (configuration === "none") return { configuration, browser, page };
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent("serviceworker", { timeout: 30_000 }));
  const extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${new URL(worker.url()).host}/src/popup/index.html`);
  const expected = configuration === "always" ? { recording: "always", listening: true } : { recording: "devtools", listening: false };
  await untilTrue(`${configuration}: recording ${expected.recording}, DevTools observing`, async () => {
    const state = await stateOf(extensionPage);
    return state.recording === expected.recording && state.listening === expected.listening && (state.observedTabs?.length ?? 0) >= 2;
  });
  return { configuration, browser, page, extensionPage };
}

async function loadOnce(contestant: Contestant, server: BenchServer, run: string): Promise<number> {
  const url = `${server.pageOrigin}/load?run=${run}&api=${encodeURIComponent(server.apiOrigin)}`;
  await contestant.page.goto(url);
  const handle = await contestant.page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult, undefined, { timeout: 60_000, polling: 50 });
  const result = (await handle.jsonValue()) as { loadMs: number; failed: number };
  if (result.failed !== 20) throw new Error(`${contestant.configuration}: ${result.failed} of ${LOAD_REQUESTS} requests failed, expected 20`);
  return result.loadMs;
}

/** How many of the last load's refused requests CORS Doctor recorded (from DevTools' log). */
async function recordedBlocked(contestant: Contestant): Promise<number> {
  if (!contestant.extensionPage) return 0;
  let blocked = 0;
  await untilTrue("the last load's refused requests recorded", async () => {
    const report = (await contestant.extensionPage!.evaluate(() => chrome.runtime.sendMessage({ type: "get-report" }))) as { entries: { blocked: boolean }[] };
    blocked = report.entries.filter((e) => e.blocked).length;
    return blocked >= 20;
  }, 30_000).catch(() => undefined);
  return blocked;
}

export async function measurePageLoadDevtools(server: BenchServer, delays: readonly number[], runs: number, dist: string): Promise<DevtoolsPageLoadFigure[]> {
  const contestants: Contestant[] = [];
  try {
    for (const configuration of DEVTOOLS_CONFIGURATIONS) contestants.push(await launch(configuration, dist));
    const figures: DevtoolsPageLoadFigure[] = [];
    for (const delayMs of delays) {
      server.delayMs = delayMs;
      const samples = Object.fromEntries(DEVTOOLS_CONFIGURATIONS.map((c) => [c, [] as number[]])) as Record<DevtoolsConfiguration, number[]>;
      for (const contestant of contestants) await loadOnce(contestant, server, `devtools-warm-${delayMs}`);
      for (let round = 0; round < runs; round++) {
        for (let k = 0; k < contestants.length; k++) {
          const contestant = contestants[(round + k) % contestants.length]!;
          samples[contestant.configuration].push(await loadOnce(contestant, server, `devtools-${delayMs}-${round}`));
        }
      }
      const loads = Object.fromEntries(DEVTOOLS_CONFIGURATIONS.map((c) => [c, summarize(samples[c])])) as Record<DevtoolsConfiguration, Summary>;
      const perRound = (over: DevtoolsConfiguration) => summarize(samples[over].map((value, round) => value / samples.none[round]!));
      figures.push({
        delayMs,
        runs,
        loads,
        ratios: { devtoolsModeOverNone: loads["devtools-mode"].median / loads.none.median, alwaysOverNone: loads.always.median / loads.none.median },
        paired: { devtoolsModeOverNone: perRound("devtools-mode"), alwaysOverNone: perRound("always") },
        recordedBlocked: await recordedBlocked(contestants.find((c) => c.configuration === "devtools-mode")!),
      });
    }
    return figures;
  } finally {
    for (const contestant of contestants) await contestant.browser.close();
  }
}

const ratio = (value: number): string => value.toFixed(3);
const ms = (value: number): string => `${Math.round(value)} ms`;

/** The target rows this section adds to the Targets table. */
export function devtoolsTargetRows(figures: readonly DevtoolsPageLoadFigure[]): string[] {
  const met = figures.every((f) => f.ratios.devtoolsModeOverNone <= 1.02);
  const each = (pick: (f: DevtoolsPageLoadFigure) => number) => figures.map((f) => `${ratio(pick(f))} (${f.delayMs === 0 ? "no delay" : `${f.delayMs} ms`})`).join(", ");
  return [
    `| page-load cost with DevTools open, recording while DevTools is open / no extension | ≤ 1.02 | ${each((f) => f.ratios.devtoolsModeOverNone)} | ${met ? "met" : "**missed**"} |`,
    `| page-load cost with DevTools open, Record always / no extension | report | ${each((f) => f.ratios.alwaysOverNone)} | reported |`,
  ];
}

/** Section 8 of docs/BENCHMARKS.md. */
export function devtoolsSection(figures: readonly DevtoolsPageLoadFigure[], measured: string): string[] {
  const lines = [
    "## 8. Page load with DevTools open",
    "",
    `Measured ${measured}. The page of section 3 (${LOAD_REQUESTS} cross-origin requests, 20 of them refused), loaded with DevTools open on its tab (its default panel shown) in three browsers: no extension; CORS Doctor as built, which records through DevTools' network log and holds no webRequest and no host access; CORS Doctor with *Record always* granted (webRequest listeners and DevTools' log side by side). Runs interleaved, the order rotating every round; one warm-up load each.`,
  ];
  for (const f of figures) {
    lines.push(
      "",
      `### Server delay ${f.delayMs} ms (${f.runs} interleaved runs each)`,
      "",
      "| configuration | n | median | p95 | min – max | IQR | / no extension (medians) | within rounds (median) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      `| no extension | ${f.loads.none.n} | ${ms(f.loads.none.median)} | ${ms(f.loads.none.p95)} | ${ms(f.loads.none.min)} – ${ms(f.loads.none.max)} | ${ms(f.loads.none.iqr)} | 1 | 1 |`,
      `| while DevTools is open (as built) | ${f.loads["devtools-mode"].n} | ${ms(f.loads["devtools-mode"].median)} | ${ms(f.loads["devtools-mode"].p95)} | ${ms(f.loads["devtools-mode"].min)} – ${ms(f.loads["devtools-mode"].max)} | ${ms(f.loads["devtools-mode"].iqr)} | **${ratio(f.ratios.devtoolsModeOverNone)}** | ${ratio(f.paired.devtoolsModeOverNone.median)} |`,
      `| Record always (granted) | ${f.loads.always.n} | ${ms(f.loads.always.median)} | ${ms(f.loads.always.p95)} | ${ms(f.loads.always.min)} – ${ms(f.loads.always.max)} | ${ms(f.loads.always.iqr)} | ${ratio(f.ratios.alwaysOverNone)} | ${ratio(f.paired.alwaysOverNone.median)} |`,
      "",
      `Recorded from DevTools' log in the last load: ${f.recordedBlocked} refused requests of 20.`,
    );
  }
  return lines;
}

/** Replaces section 8 (and its target rows) in the document, or adds them. */
export function spliceDevtoolsSection(doc: string, figures: readonly DevtoolsPageLoadFigure[], measured: string): string {
  const lines = doc.split("\n").filter((line) => !line.startsWith("| page-load cost with DevTools open"));
  const lastTarget = lines.findLastIndex((line, i) => line.startsWith("| ") && i < lines.findIndex((l) => l.startsWith("## Findings")));
  lines.splice(lastTarget + 1, 0, ...devtoolsTargetRows(figures));
  const start = lines.findIndex((line) => line.startsWith("## 8. "));
  const section = devtoolsSection(figures, measured);
  if (start < 0) {
    // Before the sections numbered after it, if any (section 9 and on).
    const later = lines.findIndex((line) => /^## (9|\d\d)\. /.test(line));
    if (later >= 0) return [...lines.slice(0, later), ...section, "", ...lines.slice(later)].join("\n");
    while (lines.at(-1) === "") lines.pop();
    return [...lines, "", ...section, ""].join("\n");
  }
  const next = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return [...lines.slice(0, start), ...section, "", ...(next < 0 ? [] : lines.slice(next))].join("\n");
}
