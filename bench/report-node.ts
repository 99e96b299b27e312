// The Node figures of docs/BENCHMARKS.md (sections 1 and 2, and their target rows): handler time
// per webRequest event in the default and the redirect mix, before/after against earlier commits,
// and worker memory. Pure: figures in, lines out. `spliceNodeFigures` rewrites only these parts of
// an existing document (`BENCH_ONLY=node npm run bench`).
import { DEFAULT_LIMITS } from "../src/background/store";
import type { HandlerFigure, MemoryFigure, NodeResults } from "./node-bench";

export const ms = (value: number, digits = 1): string => `${value.toFixed(digits)} ms`;
const us = (valueMs: number): string => `${(valueMs * 1000).toFixed(2)} µs`;
const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(2)} MB`;
export const verdict = (met: boolean): string => (met ? "met" : "**missed**");

function largest<T>(items: readonly T[], key: (item: T) => number): T {
  return items.reduce((a, b) => (key(b) > key(a) ? b : a));
}

/** One run of the handler bench at one commit: its 100,000-event figure and the load average beside it. */
export interface BaselineRun {
  readonly label: string;
  readonly commit: string;
  readonly mix: "default" | "redirects";
  readonly round: number;
  readonly loadAverage: number;
  readonly handler: HandlerFigure["handler"];
}

const at100k = (handler: readonly HandlerFigure[]): HandlerFigure => handler.find((h) => h.events === 100_000) ?? largest(handler, (h) => h.events);

function handlerTarget(label: string, handler: readonly HandlerFigure[]): string {
  const h = at100k(handler).handler;
  return `| handler time per webRequest event (100,000 events, Node${label}) | median ≤ 0.01 ms, p99 ≤ 0.1 ms | median ${ms(h.median, 4)}, p99 ${ms(h.p99, 4)} | ${verdict(h.median <= 0.01 && h.p99 <= 0.1)} |`;
}

export function handlerTargetRows(node: NodeResults): string[] {
  return [handlerTarget("", node.handler), ...(node.handlerRedirects ? [handlerTarget(", redirect mix", node.handlerRedirects)] : [])];
}

export function memoryTargetRows(node: NodeResults): string[] {
  const m = largest(node.memory, (figure) => figure.requests);
  return [
    `| worker memory after ${m.requests.toLocaleString("en")} requests | ≤ 15 MB heap | ${mb(m.workerHeapBytes)} worker heap (${mb(m.heapDeltaBytes)} with the session copy) | ${verdict(m.workerHeapBytes <= 15_000_000)} |`,
    `| persisted after ${m.requests.toLocaleString("en")} requests | ≤ 5 MB | ${mb(m.persistedBytes)} | ${verdict(m.persistedBytes <= 5_000_000)} |`,
  ];
}

export function nodeSections(node: NodeResults): string[] {
  return [...handlerSection(node.handler), ...redirectMixSection(node.handlerRedirects), ...baselineSection(node.baseline), "", ...memorySection(node.memory)];
}

const HANDLER_HEAD = [
  "| events | handler median | p95 | p99 | max | IQR | with write: median | p99 | mean per event | timer floor |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];
const handlerRow = (h: HandlerFigure): string =>
  `| ${h.events.toLocaleString("en")} | ${us(h.handler.median)} | ${us(h.handler.p95)} | ${us(h.handler.p99)} | ${ms(h.handler.max, 2)} | ${us(h.handler.iqr)} | ${us(h.withPersist.median)} | ${us(h.withPersist.p99)} | ${us(h.handler.mean)} | ${us(h.overheadMedianMs)} |`;

function redirectMixSection(handler: readonly HandlerFigure[] | undefined): string[] {
  if (!handler) return [];
  return [
    "",
    "### The redirect mix",
    "",
    "The same replay with `redirects: true` (`node-bench.ts handler redirects`): of every 100 requests, 5 same-origin ones",
    "redirect within the page's origin (never kept: dropped at each event, the 3xx by its relative Location), 3 same-origin",
    "ones redirect to the API and are allowed, 2 redirect to a login page without CORS headers and are refused, and 2",
    "cross-origin ones redirect to a third origin (Origin: null from there, ACAO *), taken from the default mix's same-origin",
    "and allowed shares; the rest is the default mix.",
    "",
    ...HANDLER_HEAD,
    ...handler.map(handlerRow),
  ];
}

function baselineSection(runs: readonly BaselineRun[] | undefined): string[] {
  if (!runs || runs.length === 0) return [];
  const lines = [
    "",
    "### Before and after",
    "",
    "`BENCH_BASELINE=<commit>,… npm run bench` (`bench/baseline.ts`): each commit in a detached worktree of its own, the",
    "100,000-event handler figure in turns (one run of each commit, then the next round), the load average beside each run.",
    "The redirect mix runs at a commit only when its tree can run this bench's events.",
    "",
    "| code | mix | runs | median | p95 | p99 | mean per event | load average |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  const groups = new Map<string, BaselineRun[]>();
  for (const run of runs) groups.set(`${run.label}\u0000${run.mix}`, [...(groups.get(`${run.label}\u0000${run.mix}`) ?? []), run]);
  const range = (values: number[], format: (v: number) => string): string => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? format(low) : `${format(low)} – ${format(high)}`;
  };
  for (const group of groups.values()) {
    const first = group[0]!;
    const pick = (key: "median" | "p95" | "p99" | "mean"): string => range(group.map((run) => run.handler[key]), us);
    lines.push(
      `| ${first.label} (${first.commit}) | ${first.mix} | ${group.length} | ${pick("median")} | ${pick("p95")} | ${pick("p99")} | ${pick("mean")} | ${range(group.map((run) => run.loadAverage), (v) => v.toFixed(1))} |`,
    );
  }
  return lines;
}

function handlerSection(handler: readonly HandlerFigure[]): string[] {
  return [
    "## 1. Handler time per webRequest event",
    "",
    "The real `Background` handlers (capture, store, persistence; diagnosis is on demand, not here) in Node, fed a",
    "deterministic replay of recorded-shape events: 55 % same-origin, 10 % cross-origin no-cors, 20 % allowed CORS,",
    "6 % preflighted and allowed, 4 % refused, 2 % refused preflights, 3 % redirects, one navigation in 400 requests,",
    "spread over 8 tabs, with Chromium's usual request and response headers. Each call is timed alone with",
    "`process.hrtime.bigint()`; after each event the loop lets its microtasks run (a blocked entry's storage write), as the",
    "browser does at the end of each event task, and every 100 events it yields to timers, so the write-behind batches (every",
    "other record, within 50 ms) run as well. \"with write\" times the handler plus its microtasks; the batches are in the mean.",
    "",
    ...HANDLER_HEAD,
    ...handler.map(handlerRow),
    "",
    "The maxima are single events far above the p99, and they pull the mean up at small sizes; this run does not",
    "attribute them (garbage-collection pauses and the 30-second sweep of stale preflights are the candidates).",
    "",
    "![handler time per event against event count](bench-handler.svg)",
  ];
}

function memorySection(memory: readonly MemoryFigure[]): string[] {
  const last = memory[memory.length - 1]!;
  const fields = Object.entries(last.entryBreakdown)
    .sort((a, b) => b[1] - a[1])
    .map(([field, bytes]) => `${field} ${bytes} B`)
    .join(", ");
  return [
    "## 2. Worker memory and what is persisted",
    "",
    "The same mix over 10 tabs with no navigation, so nothing clears a tab and the store reaches its caps",
    `(\`DEFAULT_LIMITS\`: ${DEFAULT_LIMITS.perTab.toLocaleString("en")} per tab, ${DEFAULT_LIMITS.total.toLocaleString("en")} in all): the worst case. Each size runs in a fresh Node process with`,
    "`--expose-gc`. Worker heap: heap used after the replay minus heap used before the worker existed (two collections",
    "each; an upper bound, as it includes the worker code's compiled functions), with the fake storage.session emptied",
    "first — in Chromium that copy lives in the browser process; the column \"with session copy\" keeps it.",
    "Persisted: the fake session's serialized size (keys + JSON).",
    "",
    "| requests | events | entries kept | worker heap | with session copy | persisted | entry keys | in-flight keys | preflight keys | mean entry | largest entry | storage writes |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...memory.map(
      (m) =>
        `| ${m.requests.toLocaleString("en")} | ${m.events.toLocaleString("en")} | ${m.storedEntries} | ${mb(m.workerHeapBytes)} | ${mb(m.heapDeltaBytes)} | ${mb(m.persistedBytes)} | ${m.persistedKeys.entries} | ${m.persistedKeys.inFlight} | ${m.persistedKeys.preflights} | ${m.meanEntryBytes.toFixed(0)} B | ${m.largestEntryBytes} B | ${m.storageWrites.toLocaleString("en")} |`,
    ),
    "",
    `Memory is bounded by the entry caps, not by the number of requests: it grows until the store holds ${last.storedEntries} entries and`,
    `stays there. Mean serialized bytes per field of a kept exchange: ${fields}.`,
  ];
}


/**
 * `doc` with its Node figures (the target rows of sections 1 and 2, and both sections) replaced by
 * those of `node`, and a line saying when they were measured; everything else is left as it was.
 */
export function spliceNodeFigures(doc: string, node: NodeResults, measured: string): string {
  const lines = doc.split("\n");
  const isNodeTarget = (line: string): boolean => /^\| (handler time per webRequest event|worker memory after|persisted after) /.test(line);
  const note = "- Node figures (sections 1 and 2) re-run";
  const start = lines.findIndex((line) => line.startsWith("## 1. "));
  const end = lines.findIndex((line) => line.startsWith("## 3. "));
  const firstTarget = lines.findIndex(isNodeTarget);
  if (firstTarget < 0 || start < 0 || end < start) throw new Error("docs/BENCHMARKS.md has no Node figures to replace: run the whole bench");
  const head: string[] = [];
  for (const [index, line] of lines.slice(0, start).entries()) {
    if (index === firstTarget) head.push(...handlerTargetRows(node));
    if (line.startsWith("| panel with")) head.push(...memoryTargetRows(node));
    if (!isNodeTarget(line) && !line.startsWith(note)) head.push(line);
    if (line.startsWith("- Whole run:")) head.push(`${note} ${measured}; the other figures are from the run above`);
  }
  if (!head.some((line) => line.startsWith("| worker memory after"))) head.splice(head.lastIndexOf(handlerTargetRows(node).at(-1)!) + 1, 0, ...memoryTargetRows(node));
  return [...head, ...nodeSections(node), "", ...lines.slice(end)].join("\n");
}
