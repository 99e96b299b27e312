// Turns measured figures into docs/BENCHMARKS.md and the handler-time chart. Pure: strings in,
// strings out; run.ts writes the files.
import type { BundleFigure } from "./bundle";
import type { ExportSizeFigure } from "./export-size";
import type { HarFigure } from "./har";
import { harSection, harTargetRow } from "./report-har-cli";
import type { LatencyFigure } from "./latency";
import type { HandlerFigure, NodeResults } from "./node-bench";
import type { CpuFigure, PageLoadFigure } from "./page-load";
import type { PanelFigure } from "./panel-render";
import { harImportSection, harImportTargetRow, type HarImportFigure } from "./report-har";
import { handlerTargetRows, memoryTargetRows, ms, nodeSections, verdict } from "./report-node";
import type { Summary } from "./stats";

export interface Environment {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly loadAverage: string;
  readonly node: string;
  readonly chromium: string;
  readonly durationS: number;
  /** The commit measured, and whether src/ had uncommitted changes then. */
  readonly commit?: string;
}

export interface Figures {
  readonly environment: Environment;
  readonly node: NodeResults;
  readonly bundles: readonly BundleFigure[];
  readonly panel: PanelFigure;
  readonly latency: LatencyFigure;
  readonly pageLoad: readonly PageLoadFigure[];
  /** Absent in figures saved before it was measured. */
  readonly exportSize?: ExportSizeFigure;
  /** Absent in figures saved before it was measured. */
  readonly harImport?: HarImportFigure;
  readonly harCli?: HarFigure;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
const ratio = (value: number): string => value.toFixed(3);

function summaryRow(label: string, s: Summary, format: (v: number) => string): string {
  return `| ${label} | ${s.n} | ${format(s.median)} | ${format(s.p95)} | ${format(s.p99)} | ${format(s.min)} – ${format(s.max)} | ${format(s.iqr)} |`;
}
const SUMMARY_HEAD = "| | n | median | p95 | p99 | min – max | IQR |\n|---|---:|---:|---:|---:|---:|---:|";

export function renderMarkdown(f: Figures): string {
  const bundle = (part: string) => f.bundles.find((b) => b.part === part);
  const worker = bundle("worker");
  const panelBundle = bundle("panel");
  const load0 = f.pageLoad.find((p) => p.delayMs === 0);
  const load20 = f.pageLoad.find((p) => p.delayMs === 20);
  const lines: string[] = [];
  const e = f.environment;
  lines.push(
    "# Benchmarks",
    "",
    "Written by `npm run bench` (`bench/run.ts`); do not edit by hand — run it again.",
    "",
    `- Date: ${e.date}`,
    `- Machine: ${e.cpu}, ${e.cores} cores, ${e.memoryGb} GB RAM, load average at start ${e.loadAverage} (shared with other jobs: the browser figures are noisy, medians and IQR are the ones to read)`,
    `- Node ${e.node}; ${e.chromium}${e.commit ? `; code at ${e.commit}` : ""}`,
    `- Whole run: ${e.durationS.toFixed(0)} s`,
    "",
    "## Targets",
    "",
    "| figure | target | measured | |",
    "|---|---|---|---|",
    ...handlerTargetRows(f.node),
  );
  if (load0 && load20) {
    lines.push(
      `| page-load cost, CORS Doctor / observer floor | ≤ 1.03 | ${ratio(load0.ratios.doctorOverFloor)} (no delay), ${ratio(load20.ratios.doctorOverFloor)} (20 ms) | ${verdict(load0.ratios.doctorOverFloor <= 1.03 && load20.ratios.doctorOverFloor <= 1.03)} |`,
      `| page-load cost, paused / no extension | ≤ 1.02 | ${ratio(load0.ratios.pausedOverNone)} (no delay), ${ratio(load20.ratios.pausedOverNone)} (20 ms) | ${verdict(load0.ratios.pausedOverNone <= 1.02 && load20.ratios.pausedOverNone <= 1.02)} |`,
      ...(load0.ratios.devtoolsClosedOverPaused !== undefined && load20.ratios.devtoolsClosedOverPaused !== undefined
        ? [
            `| page-load cost, recording only while DevTools is open, DevTools closed / paused | equal (no listener in either) | ${ratio(load0.ratios.devtoolsClosedOverPaused)} (no delay), ${ratio(load20.ratios.devtoolsClosedOverPaused)} (20 ms)${load0.paired?.devtoolsClosedOverPaused && load20.paired?.devtoolsClosedOverPaused ? `; within rounds ${ratio(load0.paired.devtoolsClosedOverPaused.median)}, ${ratio(load20.paired.devtoolsClosedOverPaused.median)}` : ""} | ${verdict(Math.abs(load0.ratios.devtoolsClosedOverPaused - 1) <= 0.03 && Math.abs(load20.ratios.devtoolsClosedOverPaused - 1) <= 0.03)} |`,
          ]
        : []),
      `| page-load cost, CORS Doctor / no extension | report (about 1.5 and 1.06 expected) | ${ratio(load0.ratios.doctorOverNone)} (no delay), ${ratio(load20.ratios.doctorOverNone)} (20 ms) | reported |`,
    );
  }
  lines.push(
    ...memoryTargetRows(f.node),
    `| panel with ${f.panel.entries.toLocaleString("en")} entries | ≤ 150 ms, ≤ 1,500 nodes | first render median ${ms(f.panel.firstFrame.median)} (mount ${ms(f.panel.mount.median)}), ${f.panel.nodes} nodes | ${verdict(f.panel.firstFrame.median <= 150 && f.panel.nodes <= 1500)} |`,
    `| blocked request → row in the open panel | ≤ 250 ms | median ${ms(f.latency.fromRequest.median, 0)}, p95 ${ms(f.latency.fromRequest.p95, 0)} | ${verdict(f.latency.fromRequest.median <= 250)} |`,
  );
  if (f.harCli) lines.push(harTargetRow(f.harCli));
  if (worker && panelBundle) {
    lines.push(
      `| bundle, gzip | worker ≤ 40 KB, panel ≤ 45 KB | worker ${kb(worker.gzip)}, panel ${kb(panelBundle.gzip)}, popup ${kb(bundle("popup")?.gzip ?? 0)} | ${verdict(worker.gzip <= 40_000 && panelBundle.gzip <= 45_000)} |`,
    );
  }
  if (f.harImport) lines.push(harImportTargetRow(f.harImport));
  lines.push("", ...analysisSection(f), "", ...nodeSections(f.node));
  lines.push("", ...pageLoadSection(f.pageLoad), "", ...panelSection(f.panel), "", ...latencySection(f.latency), "", ...bundleSection(f.bundles));
  if (f.exportSize) lines.push("", ...exportSizeSection(f.exportSize));
  if (f.harCli) lines.push("", ...harSection(f.harCli));
  if (f.harImport) lines.push("", ...harImportSection(f.harImport));
  return lines.join("\n") + "\n";
}

/** Page-load findings for one server delay: what a missed ratio is made of, in CPU where /proc exists. */
function pageLoadFindings(p: PageLoadFigure, environment: Environment): string[] {
  const notes: string[] = [];
  const { none, floor, paused } = p.loads;
  const doctor = p.loads["cors-doctor"];
  const slowerRounds = p.samples ? p.samples["cors-doctor"].filter((v, i) => v > p.samples!.floor[i]!).length : undefined;
  const within = p.paired
    ? ` Within rounds: median ${ratio(p.paired.doctorOverFloor.median)}, IQR ${ratio(p.paired.doctorOverFloor.iqr)}${slowerRounds === undefined ? "" : `, ${slowerRounds} of ${p.runs} rounds slower than the floor`}.`
    : "";
  if (p.ratios.doctorOverFloor > 1.03) {
    let cpuNote = "";
    if (p.cpu) {
      const own = p.cpu["cors-doctor"].extension.median - p.cpu.floor.extension.median;
      const total = p.cpu.floor.total.median;
      cpuNote =
        ` CPU per load: CORS Doctor's process spent ${ms(p.cpu["cors-doctor"].extension.median, 0)} against the floor extension's ${ms(p.cpu.floor.extension.median, 0)}, ` +
        `so its own code costs ${ms(own, 0)} of the ${ms(total, 0)} a floor load costs all processes (${((own / total) * 100).toFixed(1)} %); ` +
        `all processes: CORS Doctor ${ms(p.cpu["cors-doctor"].total.median, 0)}, floor ${ms(total, 0)} (IQR ${ms(Math.max(p.cpu["cors-doctor"].total.iqr, p.cpu.floor.total.iqr), 0)}).`;
    }
    notes.push(
      `- Page load, server delay ${p.delayMs} ms, CORS Doctor / floor ${ratio(p.ratios.doctorOverFloor)}: ${ms(doctor.median - floor.median, 0)} apart, with a run-to-run IQR up to ${ms(Math.max(doctor.iqr, floor.iqr), 0)}.` +
        within +
        cpuNote,
    );
  }
  if (p.ratios.pausedOverNone > 1.02) {
    const permission = p.loads.permission;
    const floorNote =
      permission && p.ratios.permissionOverNone !== undefined && p.ratios.pausedOverPermission !== undefined
        ? ` An extension that only holds the webRequest permission and registers nothing costs ${ratio(p.ratios.permissionOverNone)} × none (${ms(permission.median, 0)}); paused / that extension is ${ratio(p.ratios.pausedOverPermission)}` +
          (p.paired?.pausedOverPermission ? ` (within rounds ${ratio(p.paired.pausedOverPermission.median)})` : "") +
          ". Chromium routes every request of the profile through its webRequest proxy as soon as one loaded extension holds that permission, listeners or not (`WebRequestAPI::MayHaveProxies` counts such extensions when they load, and only then), so no pause inside the extension can get under this floor; only disabling the extension does."
        : "";
    notes.push(
      `- Page load, server delay ${p.delayMs} ms, paused / none ${ratio(p.ratios.pausedOverNone)}: ${ms(paused.median - none.median, 0)} apart, run-to-run IQR up to ${ms(Math.max(paused.iqr, none.iqr), 0)}. ` +
        "Paused registers no webRequest listener (checked with `hasListeners()` before measuring)." +
        floorNote +
        ` Load average at the start: ${environment.loadAverage}.`,
    );
  }
  return notes;
}

/** Evidence for each target that is missed or that this machine cannot resolve. */
function analysisSection(f: Figures): string[] {
  const notes: string[] = [];
  for (const p of f.pageLoad) notes.push(...pageLoadFindings(p, f.environment));
  const panel = f.panel;
  if (panel.firstFrame.median > 150) {
    const phases = panel.emptyFrame && panel.rowsInDom ? `, first frame at ${ms(panel.emptyFrame.median)}, rows in the DOM at ${ms(panel.rowsInDom.median)}` : "";
    notes.push(
      `- Panel first render: mountPanel returns in ${ms(panel.mount.median)} with ${panel.rowsBeforeFrame} rows in the DOM${phases}; ` +
        `rows are on screen at ${ms(panel.firstFrame.median)} (medians), with ${panel.rows} rows rendered for ${panel.entries.toLocaleString("en")} entries (the list is windowed) and ${panel.nodes} nodes. ` +
        "Compare the first render at 100 entries (`npx tsx` on `measurePanel(dir, runs, 100)`): if it is the same, the time is the browser's frames, not the list.",
    );
  }
  const m = f.node.memory[f.node.memory.length - 1];
  if (m && (m.persistedBytes > 5_000_000 || m.workerHeapBytes > 15_000_000)) {
    notes.push(
      `- Memory: ${m.storedEntries} entries kept at ${m.meanEntryBytes.toFixed(0)} B each serialized (largest ${m.largestEntryBytes} B); the caps in \`DEFAULT_LIMITS\` set the size, not the number of requests.`,
    );
  }
  if (f.environment.durationS > 600) {
    notes.push(
      `- The whole run took ${f.environment.durationS.toFixed(0)} s, over the 10 minutes asked: nearly all of it is the ${f.pageLoad.length} × ${Object.keys(f.pageLoad[0]?.loads ?? {}).length} × ${(f.pageLoad[0]?.runs ?? 0) + 1} page loads of 300 requests, each seconds long on this machine. \`BENCH_RUNS\` (default 20, the minimum the issue asks) sets the number of rounds.`,
    );
  }
  if (notes.length === 0) return [];
  return ["## Findings", "", ...notes];
}

function pageLoadSection(pageLoad: readonly PageLoadFigure[]): string[] {
  const lines = [
    "## 3. Page-load cost in real Chromium",
    "",
    "A page on one port fires 300 cross-origin requests at an API on another port of 127.0.0.1 (240 simple and",
    "allowed, 40 preflighted PUTs, 20 refused) and notes when the last one settled (`performance.now()` from",
    "navigation start). Six browsers, one per configuration, stay open; every round loads the page once in each,",
    "in an order that rotates each round, after one discarded warm-up load. The observer floor is an extension",
    "generated by `bench/floor-extension.ts` registering CORS Doctor's four listeners with the same filter and",
    "options (`extraHeaders` on the two header events) and empty handlers. \"webRequest permission only\" holds the",
    "permission and registers nothing: the floor under paused. Paused: CORS Doctor after `set-paused`, with its",
    "listeners checked to be gone. DevTools-only: CORS Doctor after `set-recording` `devtools` with no DevTools window",
    "open, its listeners checked to be gone as well: it must cost what paused costs.",
    "URLs are unique per run, nothing is cached. CPU: each load's CPU time, summed over",
    "the browser's processes from /proc, and that of the extension's own process.",
    "",
  ];
  for (const p of pageLoad) {
    lines.push(
      `### Server delay ${p.delayMs} ms (${p.runs} interleaved runs each)`,
      "",
      SUMMARY_HEAD,
      summaryRow("no extension", p.loads.none, (v) => ms(v, 0)),
      ...(p.loads.permission ? [summaryRow("webRequest permission only", p.loads.permission, (v) => ms(v, 0))] : []),
      summaryRow("observer floor", p.loads.floor, (v) => ms(v, 0)),
      summaryRow("CORS Doctor", p.loads["cors-doctor"], (v) => ms(v, 0)),
      summaryRow("CORS Doctor paused", p.loads.paused, (v) => ms(v, 0)),
      ...(p.loads["devtools-closed"] ? [summaryRow("CORS Doctor, DevTools-only, DevTools closed", p.loads["devtools-closed"], (v) => ms(v, 0))] : []),
      "",
      `Ratios of medians: CORS Doctor / floor **${ratio(p.ratios.doctorOverFloor)}**, paused / none **${ratio(p.ratios.pausedOverNone)}**, CORS Doctor / none **${ratio(p.ratios.doctorOverNone)}**, floor / none ${ratio(p.ratios.floorOverNone)}` +
        (p.ratios.permissionOverNone !== undefined && p.ratios.pausedOverPermission !== undefined
          ? `, permission only / none ${ratio(p.ratios.permissionOverNone)}, paused / permission only ${ratio(p.ratios.pausedOverPermission)}.`
          : "."),
      "",
    );
    if (p.cpu) {
      const cpu = p.cpu;
      const row = (label: string, c: CpuFigure, extension: boolean) =>
        `| ${label} | ${ms(c.total.median, 0)} | ${ms(c.total.iqr, 0)} | ${ms(c.browser.median, 0)} | ${ms(c.network.median, 0)} | ${ms(c.renderer.median, 0)} | ${extension ? ms(c.extension.median, 0) : "–"} |`;
      lines.push(
        "CPU time per load (medians over the rounds; IQR of the total):",
        "",
        "| | all processes | IQR | browser | network service | page renderers | extension's process |",
        "|---|---:|---:|---:|---:|---:|---:|",
        row("no extension", cpu.none, false),
        ...(cpu.permission ? [row("webRequest permission only", cpu.permission, true)] : []),
        row("observer floor", cpu.floor, true),
        row("CORS Doctor", cpu["cors-doctor"], true),
        row("CORS Doctor paused", cpu.paused, true),
        ...(cpu["devtools-closed"] ? [row("CORS Doctor, DevTools-only, DevTools closed", cpu["devtools-closed"], true)] : []),
        "",
      );
    }
    if (p.paired) {
      lines.push(
        "Ratios within each round (the two loads of a pair ran next to each other), over the rounds:",
        "",
        SUMMARY_HEAD,
        summaryRow("CORS Doctor / floor", p.paired.doctorOverFloor, ratio),
        summaryRow("paused / none", p.paired.pausedOverNone, ratio),
        summaryRow("CORS Doctor / none", p.paired.doctorOverNone, ratio),
        ...(p.paired.permissionOverNone ? [summaryRow("permission only / none", p.paired.permissionOverNone, ratio)] : []),
        ...(p.paired.pausedOverPermission ? [summaryRow("paused / permission only", p.paired.pausedOverPermission, ratio)] : []),
        ...(p.paired.devtoolsClosedOverPaused ? [summaryRow("DevTools-only, DevTools closed / paused", p.paired.devtoolsClosedOverPaused, ratio)] : []),
        "",
      );
    }
  }
  return lines;
}

function panelSection(panel: PanelFigure): string[] {
  const lines = [
    "## 4. Panel with 10,000 entries",
    "",
    "A production build of `bench/panel-page` (the real panel through `src/panel/standalone.tsx`, over the fake",
    "worker of `test/helpers/fake-connection.ts` holding `manyEntries(10000)`), in Chromium at 1280×800, one discarded",
    "load then the measured ones. The entries are made before the clock starts; all times run from the call to",
    "`mountPanel`. Mount: until it returns (rows already in the DOM then: " + panel.rowsBeforeFrame + "; Preact commits them just after).",
    "The panel subscribes to its worker in a layout effect, before its first paint, so the snapshot's rows can be in the",
    "first frame. Empty frame: the first frame produced after mounting (requestAnimationFrame, then a task). Rows in DOM: the",
    "requestAnimationFrame callback of the first frame whose DOM holds rows. First render: that frame produced (a task after it),",
    `i.e. rows on screen — the figure held to the target. Nodes: every node in the document (TreeWalker, SHOW_ALL); elements: ${panel.elements}; rows rendered: ${panel.rows} (the list is windowed).`,
    "",
    SUMMARY_HEAD,
    summaryRow("mount", panel.mount, (v) => ms(v)),
  ];
  if (panel.emptyFrame) lines.push(summaryRow("empty frame", panel.emptyFrame, (v) => ms(v)));
  if (panel.rowsInDom) lines.push(summaryRow("rows in DOM", panel.rowsInDom, (v) => ms(v)));
  lines.push(summaryRow("first render (rows on screen)", panel.firstFrame, (v) => ms(v)), "", `DOM nodes: **${panel.nodes}**.`);
  return lines;
}

function latencySection(latency: LatencyFigure): string[] {
  return [
    "## 5. Blocked request → row in the open panel",
    "",
    "Real Chromium with CORS Doctor. The panel is the built panel page opened as an extension tab subscribed to the",
    "probe page's tab (`src/panel/index.html?tabId=…`), not inside DevTools: same code and port, without the DevTools",
    "frame. The probe page makes one refused request at a time; a MutationObserver in the panel notes the wall-clock",
    `time its row appears. ${latency.probes} probes after one warm-up. The worker batches panel messages with a 50 ms timer.`,
    "",
    SUMMARY_HEAD,
    summaryRow("from fetch() call", latency.fromRequest, (v) => ms(v, 0)),
    summaryRow("from the fetch rejecting", latency.fromRejection, (v) => ms(v, 0)),
  ];
}

function bundleSection(bundles: readonly BundleFigure[]): string[] {
  return [
    "## 6. Bundle sizes",
    "",
    "Each part's entry and every file it imports statically, gzipped one by one (default level), from a fresh build.",
    "",
    "| part | entry | files | raw | gzip |",
    "|---|---|---:|---:|---:|",
    ...bundles.map((b) => `| ${b.part} | \`${b.entry}\` | ${b.files.length} | ${kb(b.bytes)} | **${kb(b.gzip)}** |`),
  ];
}

export function exportSizeSection(size: ExportSizeFigure): string[] {
  const per = (bytes: number): string => `${Math.round(bytes / size.entries).toLocaleString("en-US")} bytes`;
  const total = (bytes: number): string => `${bytes.toLocaleString("en-US")} bytes`;
  return [
    "## 7. Export size",
    "",
    `The panel's JSON export of ${size.entries} requests from one page to ${size.servers} servers, half of them blocked (\`bench/export-size.ts\`; sizes are exact, not timed). Full form: every blocked entry carries a fix for each of the ${size.stacks} stacks, as the report did before. Compact form (what the panel exports): each server's policy and fixes once, the entries without fixes.`,
    "",
    "| form | total | per entry |",
    "|---|---:|---:|",
    `| full (fixes on every blocked entry) | ${total(size.before)} | ${per(size.before)} |`,
    `| compact (policy and fixes once per server) | ${total(size.after)} | **${per(size.after)}** |`,
    "",
    `The compact form is ${(size.before / size.after).toFixed(1)} times smaller.${size.measuredApart ? ` (Measured on its own, ${size.measuredApart}, not by the run above.)` : ""}`,
  ];
}

/** A line chart of per-event handler time (median, p95, p99) against the event count, log-log. */
export function renderChart(handler: readonly HandlerFigure[]): string {
  const width = 640;
  const height = 360;
  const left = 80;
  const right = 150;
  const top = 40;
  const bottom = 50;
  const series: readonly (readonly [string, string, (h: HandlerFigure) => number])[] = [
    ["median", "#1a73e8", (h) => h.handler.median],
    ["p95", "#f29900", (h) => h.handler.p95],
    ["p99", "#d93025", (h) => h.handler.p99],
    ["mean", "#188038", (h) => h.handler.mean],
  ];
  const values = handler.flatMap((h) => series.map(([, , pick]) => pick(h) * 1000));
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.min(...values))));
  const yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 100))));
  const xs = handler.map((h) => h.events);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const x = (events: number) => left + ((Math.log10(events) - Math.log10(xMin)) / Math.max(1e-9, Math.log10(xMax) - Math.log10(xMin))) * (width - left - right);
  const y = (microseconds: number) => top + (1 - (Math.log10(microseconds) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">Handler time per webRequest event (µs, log scale)</text>`,
  ];
  for (let decade = yMin; decade <= yMax; decade *= 10) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(decade).toFixed(1)}" y2="${y(decade).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${(y(decade) + 4).toFixed(1)}" text-anchor="end">${decade >= 1 ? decade : decade.toPrecision(1)}</text>`);
  }
  const targets: readonly (readonly [string, number])[] = [
    ["target median 10 µs", 10],
    ["target p99 100 µs", 100],
  ];
  for (const [label, value] of targets) {
    if (value < yMin || value > yMax) continue;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#999" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${width - right + 6}" y="${(y(value) + 4).toFixed(1)}" fill="#666">${label}</text>`);
  }
  for (const events of xs) {
    parts.push(`<line x1="${x(events).toFixed(1)}" x2="${x(events).toFixed(1)}" y1="${top}" y2="${height - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(events).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${events.toLocaleString("en")}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">events replayed</text>`);
  series.forEach(([label, color, pick], index) => {
    const points = handler.map((h) => `${x(h.events).toFixed(1)},${y(pick(h) * 1000).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const h of handler) parts.push(`<circle cx="${x(h.events).toFixed(1)}" cy="${y(pick(h) * 1000).toFixed(1)}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${width - right + 6}" y="${top + 60 + index * 18}" width="12" height="3" fill="${color}"/>`);
    parts.push(`<text x="${width - right + 24}" y="${top + 65 + index * 18}">${label}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/**
 * The document with one section (its heading is the first line) in place of the one there, up to
 * the next section; appended at the end when it is not there yet. The other sections stay as written.
 */
export function replaceSection(doc: string, section: readonly string[]): string {
  const heading = section[0]!;
  const body = section.join("\n");
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) return `${doc.trimEnd()}\n\n${body}\n`;
  const next = doc.indexOf("\n## ", start + heading.length + 1);
  const rest = next < 0 ? "" : doc.slice(next);
  return `${doc.slice(0, start).trimEnd()}\n\n${body}\n${rest}`;
}
