import { describe, expect, it } from "vitest";
import type { HandlerFigure, MemoryFigure } from "../../bench/node-bench";
import type { Configuration, CpuFigure, PageLoadFigure } from "../../bench/page-load";
import { exportSizeSection, renderChart, renderMarkdown, replaceSection, type Figures } from "../../bench/report";
import { harSection } from "../../bench/report-har-cli";
import { spliceNodeFigures } from "../../bench/report-node";
import { summarize } from "../../bench/stats";

const handler = (events: number, medianMs: number): HandlerFigure => ({
  events,
  handler: summarize([medianMs, medianMs, medianMs * 10]),
  withPersist: summarize([medianMs * 2]),
  overheadMedianMs: 0.00004,
  totalMs: events * medianMs,
});
const memory = (requests: number, persistedBytes: number): MemoryFigure => ({
  requests,
  events: requests * 3,
  heapDeltaBytes: 6_000_000,
  workerHeapBytes: 2_000_000,
  persistedBytes,
  persistedKeys: { entries: 1500, inFlight: 0, preflights: 0 },
  storedEntries: 1500,
  meanEntryBytes: 1200,
  largestEntryBytes: 2400,
  storageWrites: requests,
  entryBreakdown: { preflight: 330, response: 246 },
});
const cpu = (total: number, extension: number): CpuFigure => ({
  total: summarize([total]),
  browser: summarize([total / 2]),
  network: summarize([total / 4]),
  renderer: summarize([total / 4 - extension]),
  extension: summarize([extension]),
});
const pageLoad = (delayMs: number, doctorMs: number, pausedMs = 1000): PageLoadFigure => {
  const loads: Record<Configuration, ReturnType<typeof summarize>> = {
    none: summarize([1000, 1010, 990]),
    permission: summarize([1050, 1060, 1040]),
    floor: summarize([1100, 1110, 1090]),
    "cors-doctor": summarize([doctorMs, doctorMs + 10, doctorMs - 10]),
    paused: summarize([pausedMs, pausedMs + 12, pausedMs - 8]),
    "devtools-closed": summarize([pausedMs + 2, pausedMs + 10, pausedMs - 6]),
  };
  return {
    delayMs,
    runs: 20,
    loads,
    ratios: {
      doctorOverFloor: doctorMs / 1100,
      pausedOverNone: pausedMs / 1000,
      doctorOverNone: doctorMs / 1000,
      floorOverNone: 1.1,
      permissionOverNone: 1.05,
      pausedOverPermission: pausedMs / 1050,
      devtoolsClosedOverPaused: (pausedMs + 2) / pausedMs,
    },
    cpu: { none: cpu(2000, 0), permission: cpu(2100, 10), floor: cpu(2400, 300), "cors-doctor": cpu(2500, 360), paused: cpu(2100, 10), "devtools-closed": cpu(2100, 10) },
  };
};

function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    environment: { date: "2026-01-01 00:00 UTC", cpu: "CPU", cores: 2, memoryGb: 8, loadAverage: "1.0 / 1.0 / 1.0", node: "v20", chromium: "Chromium 156", durationS: 300 },
    node: { handler: [handler(1_000, 0.002), handler(10_000, 0.002), handler(100_000, 0.002)], memory: [memory(1_000, 400_000), memory(100_000, 1_800_000)] },
    bundles: [
      { part: "worker", entry: "service-worker-loader.js", files: [], bytes: 100_000, gzip: 37_000 },
      { part: "panel", entry: "src/panel/index.html", files: [], bytes: 60_000, gzip: 24_000 },
      { part: "popup", entry: "src/popup/index.html", files: [], bytes: 50_000, gzip: 19_000 },
    ],
    panel: { entries: 10_000, runs: 20, mount: summarize([15]), firstFrame: summarize([120]), elements: 376, nodes: 686, rows: 47, rowsBeforeFrame: 0 },
    latency: { probes: 25, fromRequest: summarize([90, 95]), fromRejection: summarize([70, 75]) },
    pageLoad: [pageLoad(0, 1120), pageLoad(20, 1110)],
    ...overrides,
  };
}

describe("the benchmarks document", () => {
  it("puts a measured figure and a verdict next to every target", () => {
    const doc = renderMarkdown(figures());
    expect(doc).toContain("| handler time per webRequest event (100,000 events, Node) | median ≤ 0.01 ms, p99 ≤ 0.1 ms | median 0.0020 ms, p99 0.0200 ms | met |");
    expect(doc).toMatch(/CORS Doctor \/ observer floor \| ≤ 1\.03 \| 1\.018 \(no delay\), 1\.009 \(20 ms\) \| met \|/);
    expect(doc).toMatch(/persisted after 100,000 requests \| ≤ 5 MB \| 1\.80 MB \| met \|/);
    expect(doc).toMatch(/DevTools closed \/ paused \| equal \(no listener in either\) \| 1\.002 \(no delay\), 1\.002 \(20 ms\)[^|]*\| met \|/);
    expect(doc).toContain("| CORS Doctor, DevTools-only, DevTools closed |");
    expect(doc).toMatch(/worker 37\.0 KB, panel 24\.0 KB, popup 19\.0 KB \| met \|/);
    expect(doc).toContain("Chromium 156");
    expect(doc).toContain("bench-handler.svg");
  });

  it("says why when a target is missed", () => {
    const slowPanel = figures({ panel: { ...figures().panel, firstFrame: summarize([300]) } });
    const doc = renderMarkdown(slowPanel);
    expect(doc).toContain("## Findings");
    expect(doc).toContain("Panel first render: mountPanel returns in 15.0 ms");
    expect(renderMarkdown(figures({ environment: { ...figures().environment, durationS: 900 } }))).toContain("over the 10 minutes asked");
  });

  it("explains a missed page-load ratio with the CPU of the extension's process and the permission floor", () => {
    const doc = renderMarkdown(figures({ pageLoad: [pageLoad(0, 1200, 1060), pageLoad(20, 1110)] }));
    expect(doc).toMatch(/CORS Doctor \/ observer floor \| ≤ 1\.03 \| 1\.091 \(no delay\), 1\.009 \(20 ms\) \| \*\*missed\*\* \|/);
    expect(doc).toContain("CORS Doctor's process spent 360 ms against the floor extension's 300 ms, so its own code costs 60 ms of the 2400 ms a floor load costs all processes (2.5 %)");
    expect(doc).toContain("paused / none 1.060");
    expect(doc).toContain("paused / that extension is 1.010");
    expect(doc).toContain("| webRequest permission only | 2100 ms |");
    // Met ratios need no explanation.
    expect(renderMarkdown(figures())).not.toContain("paused / that extension");
  });

  it("reports the redirect mix and the before/after runs beside the default mix", () => {
    const base = figures();
    const run = (label: string, p99: number) => ({ label, commit: "abc1234", mix: "default" as const, round: 1, loadAverage: 2, handler: summarize([0.002, p99]) });
    const doc = renderMarkdown(
      figures({ node: { ...base.node, handlerRedirects: [handler(100_000, 0.003)], baseline: [run("before", 0.12), run("before", 0.11), run("after", 0.08)] } }),
    );
    expect(doc).toContain("| handler time per webRequest event (100,000 events, Node, redirect mix) |");
    expect(doc).toContain("### The redirect mix");
    expect(doc).toMatch(/\| before \(abc1234\) \| default \| 2 \| .* \| 110\.00 µs – 120\.00 µs \|/);
    expect(doc).toMatch(/\| after \(abc1234\) \| default \| 1 \| .* \| 80\.00 µs \|/);
  });

  it("splices new Node figures into a document, leaving the browser figures as they were", () => {
    const old = renderMarkdown(figures());
    const base = figures();
    const faster = { ...base.node, handler: [handler(100_000, 0.001)], handlerRedirects: [handler(100_000, 0.0015)] };
    const doc = spliceNodeFigures(old, faster, "on 2026-01-02, code at abc1234");
    expect(doc).toBe(spliceNodeFigures(doc, faster, "on 2026-01-02, code at abc1234"));
    expect(doc).toContain("- Node figures (sections 1 and 2) re-run on 2026-01-02, code at abc1234;");
    expect(doc).toContain("median 0.0010 ms");
    expect(doc).not.toContain("median 0.0020 ms");
    expect(doc).toContain("### The redirect mix");
    const fromSection3 = (text: string) => text.slice(text.indexOf("## 3. "));
    expect(fromSection3(doc)).toBe(fromSection3(old));
    expect(doc.split("\n").filter((line) => line.startsWith("| worker memory after"))).toHaveLength(1);
    expect(doc.indexOf("| worker memory after")).toBeLessThan(doc.indexOf("| panel with"));
  });

  it("draws one line per statistic in the chart", () => {
    const svg = renderChart(figures().node.handler);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain("100,000");
  });
});

describe("the export-size section", () => {
  const size = { entries: 80, servers: 4, stacks: 22, before: 1_624_109, after: 449_576 };

  it("gives both forms, in total and per entry, when a run measured it", () => {
    const doc = renderMarkdown(figures({ exportSize: size }));
    expect(doc).toContain("## 7. Export size");
    expect(doc).toContain("| full (fixes on every blocked entry) | 1,624,109 bytes | 20,301 bytes |");
    expect(doc).toContain("| compact (policy and fixes once per server) | 449,576 bytes | **5,620 bytes** |");
    expect(doc).toContain("3.6 times smaller.");
    expect(doc).not.toContain("Measured on its own");
  });

  it("is left out of figures saved before it existed, and says when it was measured apart", () => {
    expect(renderMarkdown(figures())).not.toContain("Export size");
    expect(exportSizeSection({ ...size, measuredApart: "2026-12-01 10:40 UTC, code at abc1234" }).join("\n")).toContain("(Measured on its own, 2026-12-01 10:40 UTC, code at abc1234, not by the run above.)");
  });
});

describe("the HAR section", () => {
  const har = {
    entries: 10_000,
    bytes: 47_300_000,
    exchanges: 5_100,
    blocked: 3_900,
    runs: 3,
    cli: summarize([2_100, 2_300, 2_200]),
    cliCpu: summarize([2_400, 2_500, 2_600]),
    read: summarize([700, 720, 710]),
    judge: summarize([900, 950, 920]),
    fixes: summarize([200, 210, 205]),
    loadAverage: "1.0 / 2.0 / 3.0",
  };

  it("gives the whole command against its target, the phases, and a row of the targets table", () => {
    const doc = renderMarkdown(figures({ harCli: har }));
    expect(doc).toContain("## 9. A HAR file on the command line");
    expect(doc).toContain("| whole command (target ≤ 3 s: met) | 3 | **2.20 s** | 2.10 s – 2.30 s |");
    expect(doc).toMatch(/\| a HAR of 10,000 entries read and diagnosed by `cors-doctor har` \| ≤ 3 s \| median 2\.20 s, CPU 2\.50 s \(47\.3 MB, load 1\.0\) \| met \|/);
    expect(doc).toContain("| whole command, CPU time (user + system, all threads: what other jobs' load does not inflate) | 3 | 2.50 s |");
    expect(renderMarkdown(figures())).not.toContain("A HAR file");
  });

  it("replaces only its own section, or appends it; the sections after it stay", () => {
    const section = harSection({ ...har, measuredApart: "2026-12-07 12:00 UTC, code at abc1234" });
    const doc = "# B\n\n## 7. Export size\n\nseven\n\n## 9. A HAR file on the command line\n\nold\n\n## 10. Later\n\nnine\n";
    const replaced = replaceSection(doc, section);
    expect(replaced).toContain("## 7. Export size\n\nseven\n\n## 9. A HAR file");
    expect(replaced).not.toContain("\nold\n");
    expect(replaced).toMatch(/not by the run above\.\)\n\n## 10\. Later\n\nnine\n$/);
    const appended = replaceSection("# B\n\n## 7. Export size\n\nseven\n", section);
    expect(appended).toMatch(/^# B\n\n## 7\. Export size\n\nseven\n\n## 9\. A HAR file/);
    expect(replaceSection(appended, section)).toBe(appended);
  });
});
