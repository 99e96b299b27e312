// `npm run bench`: builds the extension afresh, measures every figure of issue 7 and rewrites
// docs/BENCHMARKS.md and docs/bench-handler.svg. Build output and the generated observer-floor
// extension go to a temporary folder that is removed at the end. `BENCH_ONLY=node` measures only the
// Node figures (sections 1 and 2) and splices them into the existing document; `BENCH_ONLY=panel`
// measures only the panel's figures (first render of 10,000 entries, its DOM size, the bundle sizes)
// and prints them, the document untouched; `BENCH_BASELINE` adds before/after runs of the handler
// figure at other commits (bench/baseline.ts).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { findChromium } from "../test/helpers/chromium";
import { measureBaseline } from "./baseline";
import { measureBundles } from "./bundle";
import { exportSizes } from "./export-size";
import { measureHarImport } from "./har-import";
import { measureHar } from "./har";
import { measureLatency } from "./latency";
import type { HandlerFigure, MemoryFigure, NodeResults } from "./node-bench";
import { CONFIGURATIONS, measurePageLoad } from "./page-load";
import { measurePageLoadDevtools, spliceDevtoolsSection } from "./page-load-devtools";
import { measurePanel } from "./panel-render";
import { renderChart, renderMarkdown, type Environment } from "./report";
import { spliceNodeFigures } from "./report-node";
import { startBenchServer } from "./server";

const RUNS = Number(process.env.BENCH_RUNS ?? "20");
const PROBES = Number(process.env.BENCH_PROBES ?? "25");
/**
 * `node`: only the Node figures (sections 1 and 2), spliced into the existing docs/BENCHMARKS.md;
 * `devtools`: only page load with DevTools open (section 8), spliced in the same way; `panel`: only
 * the panel's, printed.
 */
const ONLY = process.env.BENCH_ONLY;
/** "label=commit,…": before/after runs of the handler figure at those commits (bench/baseline.ts). */
const BASELINE = process.env.BENCH_BASELINE;
const BASELINE_ROUNDS = Number(process.env.BENCH_BASELINE_ROUNDS ?? "4");

function step(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function buildExtension(outDir: string): void {
  const vite = resolve("node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("vite build failed");
}

function nodeBench<T>(...args: string[]): T {
  // Child processes: heap figures need --expose-gc, and each a clean heap of its own.
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "bench/node-bench.ts", ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`node-bench ${args.join(" ")} failed`);
  return JSON.parse(result.stdout) as T;
}

function nodeFigures(commit: string): NodeResults {
  const figures: NodeResults = {
    handler: nodeBench<HandlerFigure[]>("handler"),
    handlerRedirects: nodeBench<HandlerFigure[]>("handler", "redirects"),
    memory: [1_000, 10_000, 100_000].map((requests) => nodeBench<MemoryFigure>("memory", String(requests))),
  };
  if (!BASELINE) return figures;
  step(`before/after: ${BASELINE} against this tree, ${BASELINE_ROUNDS} rounds`);
  return { ...figures, baseline: measureBaseline(BASELINE, BASELINE_ROUNDS, { label: "measured code", commit }) };
}

/** `BENCH_ONLY=node`: the Node figures again, the rest of docs/BENCHMARKS.md as it was. */
function nodeOnly(environment: { date: string; loadAverage: string; commit: string }): void {
  step("handler time and memory (Node), spliced into docs/BENCHMARKS.md");
  const node = nodeFigures(environment.commit);
  const measured = `on ${environment.date}, code at ${environment.commit}, load average at start ${environment.loadAverage}`;
  writeFileSync("docs/BENCHMARKS.md", spliceNodeFigures(readFileSync("docs/BENCHMARKS.md", "utf8"), node, measured));
  writeFileSync("docs/bench-handler.svg", renderChart(node.handler));
  step("done: docs/BENCHMARKS.md sections 1 and 2, docs/bench-handler.svg");
}

/** `BENCH_ONLY=devtools`: page load with DevTools open, the rest of docs/BENCHMARKS.md as it was. */
async function devtoolsOnly(environment: { date: string; loadAverage: string; commit: string }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "cors-doctor-bench-"));
  const server = await startBenchServer();
  try {
    const dist = join(work, "dist");
    step("building the extension");
    buildExtension(dist);
    step(`page loads with DevTools open (${RUNS} interleaved runs, 3 configurations, 2 delays)`);
    const figures = await measurePageLoadDevtools(server, [0, 20], RUNS, dist);
    const measured = `on ${environment.date}, ${chromiumVersion()}, code at ${environment.commit}, load average at start ${environment.loadAverage}`;
    writeFileSync("docs/BENCHMARKS.md", spliceDevtoolsSection(readFileSync("docs/BENCHMARKS.md", "utf8"), figures, measured));
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
    step("done: docs/BENCHMARKS.md section 8");
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** `BENCH_ONLY=panel`: the panel's render and the bundle sizes, printed as JSON; nothing is written. */
async function panelOnly(environment: { date: string; loadAverage: string; commit: string }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "cors-doctor-bench-"));
  try {
    step("building the extension");
    buildExtension(join(work, "dist"));
    const bundles = measureBundles(join(work, "dist")).map(({ part, bytes, gzip }) => ({ part, bytes, gzip }));
    step("panel with 10,000 entries");
    const panel = await measurePanel(join(work, "panel-page"), RUNS);
    step("panel with 10,000 entries, grouped");
    const grouped = await measurePanel(join(work, "panel-page"), RUNS, 10_000, "&grouped=1");
    const loadAfter = loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ");
    process.stdout.write(`${JSON.stringify({ environment: { ...environment, loadAfter }, bundles, panel, grouped }, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function chromiumVersion(): string {
  const path = findChromium();
  if (!path) throw new Error("no Chromium found");
  const output = execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return output.split("\n")[0]!.replace(/\s+built on.*$/, "").trim();
}

function commitMeasured(): string {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  try {
    return git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "src") === "" ? "" : " + uncommitted changes in src/");
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  const environment = {
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1e9),
    loadAverage: loadavg()
      .map((l) => l.toFixed(1))
      .join(" / "),
    node: process.version,
    commit: commitMeasured(),
  };
  if (ONLY === "node") return nodeOnly(environment);
  if (ONLY === "devtools") return devtoolsOnly(environment);
  if (ONLY === "panel") return panelOnly(environment);
  const work = mkdtempSync(join(tmpdir(), "cors-doctor-bench-"));
  const server = await startBenchServer();
  try {
    const dist = join(work, "dist");
    step("building the extension");
    buildExtension(dist);
    step("handler time and memory (Node)");
    const node = nodeFigures(environment.commit);
    step("bundle sizes");
    const bundles = measureBundles(dist);
    step("panel with 10,000 entries");
    const panel = await measurePanel(join(work, "panel-page"), RUNS);
    step("blocked request to panel row");
    const latency = await measureLatency(server, dist, PROBES);
    step(`page loads (${RUNS} interleaved runs, ${CONFIGURATIONS.length} configurations, 2 delays)`);
    const pageLoad = await measurePageLoad(server, [0, 20], RUNS, work, dist);
    step(`page loads with DevTools open (${RUNS} interleaved runs, 3 configurations, 2 delays)`);
    const pageLoadDevtools = await measurePageLoadDevtools(server, [0, 20], RUNS, dist);
    step("export size");
    const exportSize = exportSizes();
    step("HAR import in the panel (10,000 entries)");
    const harImport = await measureHarImport(dist);
    step("a HAR of 10,000 entries on the command line");
    const harCli = measureHar();
    const full: Environment = { ...environment, chromium: chromiumVersion(), durationS: (Date.now() - began) / 1000 };
    const figures = { environment: full, node, bundles, panel, latency, pageLoad, pageLoadDevtools, exportSize, harImport, harCli };
    writeFileSync("docs/BENCHMARKS.md", spliceDevtoolsSection(renderMarkdown(figures), pageLoadDevtools, `in the run above (${full.chromium})`));
    writeFileSync("docs/bench-handler.svg", renderChart(node.handler));
    writeFileSync(join(work, "figures.json"), JSON.stringify(figures, null, 2));
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
    step(`done in ${full.durationS.toFixed(0)} s: docs/BENCHMARKS.md, docs/bench-handler.svg`);
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
