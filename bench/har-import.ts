// Figure 8: a 10,000-entry HAR (about 45 MB, bench/har-large.ts) imported in the built panel in
// real Chromium, the panel page watched by a PerformanceObserver for `longtask`: the panel's thread
// must not be blocked for more than 200 ms while the file is read and judged in its Web Worker.
// Run: npx tsx bench/har-import.ts [dist] (`--doc` also writes its section of docs/BENCHMARKS.md,
// in place of the one there; `npm run bench` measures it with everything else).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { CDPSession, Page } from "playwright-core";
import { launchChromium } from "../test/helpers/chromium";
import { extensionId } from "../test/e2e/helpers/extension";
import { largeHar } from "./har-large";
import { harImportSection, LONG_TASK_LIMIT_MS, spliceHarImport, type HarImportFigure } from "./report-har";
import { summarize } from "./stats";

export type { HarImportFigure } from "./report-har";

interface RunSample {
  readonly totalMs: number;
  readonly firstRowsMs: number;
  readonly tasks: readonly number[];
  readonly summary: string;
  /** The panel thread's tasks over 50 ms in the trace: wall-clock and thread (CPU) time. */
  readonly traced: readonly { readonly wallMs: number; readonly cpuMs: number }[];
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/**
 * The panel's thread is the renderer main thread of the process that also runs the HAR worker
 * (a "DedicatedWorker thread"); its tasks over 50 ms, with the time the thread itself ran. On a
 * busy machine a task's wall-clock time is mostly waiting for a CPU; its thread time is its own.
 */
function panelTasks(events: readonly TraceEvent[]): { wallMs: number; cpuMs: number }[] {
  const names = new Map(events.filter((e) => e.name === "thread_name").map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? ""]));
  const workerPids = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "DedicatedWorker thread").map((e) => e.pid));
  return events
    .filter((e) => e.name === "RunTask" && e.ph === "X" && workerPids.has(e.pid) && names.get(`${e.pid}:${e.tid}`) === "CrRendererMain" && (e.dur ?? 0) > 50_000)
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
}

async function startTrace(page: Page): Promise<() => Promise<TraceEvent[]>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  // Chromium's trace events, typed by the protocol as string maps.
  cdp.on("Tracing.dataCollected", (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
  return async () => {
    await cdp.send("Tracing.end");
    await complete;
    await cdp.detach();
    return events;
  };
}

/** Installed before the panel's scripts: every long task of the page, with its start. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
`;

interface Marks {
  start?: number;
  rows?: number;
  done?: number;
}

async function importOnce(page: Page, url: string, file: string): Promise<RunSample> {
  await page.goto(url);
  await page.waitForSelector("[data-testid=panel]");
  // Let the page settle (fix library loaded, first frames drawn) before the clock starts.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 300))));
  await page.evaluate(() => {
    const marks: Marks = {};
    (window as unknown as { __marks: Marks }).__marks = marks;
    document.addEventListener("change", () => (marks.start ??= performance.now()), true);
    new MutationObserver(() => {
      if (marks.rows === undefined && document.querySelector("[data-testid=request-list] [data-testid=row]")) marks.rows = performance.now();
      if (marks.done === undefined && document.querySelector("[data-testid=import-summary]")) marks.done = performance.now();
    }).observe(document.body, { subtree: true, childList: true });
  });
  const endTrace = await startTrace(page);
  await page.locator("[data-testid=import-har-input]").setInputFiles(file);
  await page.waitForSelector("[data-testid=import-summary]", { timeout: 300_000 });
  // Long-task entries are delivered after their task: give the observer a few frames.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 500))));
  const traced = panelTasks(await endTrace());
  const observed = await page.evaluate(() => {
    const w = window as unknown as { __marks: Marks; __longTasks: { start: number; duration: number }[] };
    const { start = 0, rows = Number.NaN, done = Number.NaN } = w.__marks;
    const tasks = w.__longTasks.filter((task) => task.start + task.duration >= start).map((task) => task.duration);
    return { totalMs: done - start, firstRowsMs: rows - start, tasks, summary: document.querySelector("[data-testid=import-summary]")?.textContent ?? "" };
  });
  return { ...observed, traced };
}

function workerChunk(dist: string): { bytes: number; gzip: number } {
  const name = readdirSync(join(dist, "assets")).find((file) => /^har-worker-.*\.js$/.test(file));
  if (!name) throw new Error(`no har-worker chunk in ${dist}/assets`);
  const content = readFileSync(join(dist, "assets", name));
  return { bytes: content.length, gzip: gzipSync(content).length };
}

export async function measureHarImport(dist: string, runs = 3): Promise<HarImportFigure> {
  const work = mkdtempSync(join(tmpdir(), "cors-doctor-har-import-"));
  const har = largeHar(10_000);
  const file = join(work, "large.har");
  writeFileSync(file, har.text);
  const browser = await launchChromium({ extensionPath: dist });
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await page.setViewportSize({ width: 1280, height: 800 });
    const url = `chrome-extension://${await extensionId(browser.context)}/src/panel/index.html?tabId=1`;
    await importOnce(page, url, file); // warm-up, discarded
    const samples: RunSample[] = [];
    for (let run = 0; run < runs; run += 1) samples.push(await importOnce(page, url, file));
    const requests = Number(/; ([\d,]+) cross-origin requests? judged/.exec(samples[0]!.summary)?.[1]?.replaceAll(",", "") ?? Number.NaN);
    const all = samples.flatMap((sample) => sample.tasks);
    return {
      entries: har.entries,
      bytes: Buffer.byteLength(har.text),
      requests,
      runs,
      total: summarize(samples.map((sample) => sample.totalMs)),
      firstRows: summarize(samples.map((sample) => sample.firstRowsMs)),
      longest: summarize(samples.map((sample) => Math.max(0, ...sample.tasks))),
      longTasks: summarize(samples.map((sample) => sample.tasks.length)),
      longestCpu: summarize(samples.map((sample) => Math.max(0, ...sample.traced.map((task) => task.cpuMs)))),
      cpuOverLimit: samples.flatMap((sample) => sample.traced).filter((task) => task.cpuMs > LONG_TASK_LIMIT_MS).length,
      overLimit: all.filter((duration) => duration > LONG_TASK_LIMIT_MS).length,
      workerChunk: workerChunk(dist),
      loadAverage: loadavg().map((l) => l.toFixed(1)).join(" / "),
    };
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "dist";
  const figure = await measureHarImport(dist, Number(process.env.BENCH_HAR_RUNS ?? "3"));
  console.log(harImportSection(figure).join("\n"));
  if (process.argv.includes("--doc")) {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const measuredApart = `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, code at ${commit}`;
    writeFileSync("docs/BENCHMARKS.md", spliceHarImport(readFileSync("docs/BENCHMARKS.md", "utf8"), { ...figure, measuredApart }));
  }
}
