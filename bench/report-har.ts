// Section 10 of docs/BENCHMARKS.md, the HAR import in the panel (bench/har-import.ts measures it).
// Pure: figures in, Markdown lines out.
import type { Summary } from "./stats";

export const LONG_TASK_LIMIT_MS = 200;

export interface HarImportFigure {
  readonly entries: number;
  readonly bytes: number;
  /** Cross-origin requests the reader found and judged. */
  readonly requests: number;
  readonly runs: number;
  /** From the file input's change event to the file's summary on screen. */
  readonly total: Summary;
  /** From the change event to the first rows of the file in the list. */
  readonly firstRows: Summary;
  /** The longest task on the panel's thread in each run. */
  readonly longest: Summary;
  /** Long tasks (over 50 ms) per run, and how many of all runs' were over the limit. */
  readonly longTasks: Summary;
  readonly overLimit: number;
  /** Per run, the most CPU time the panel's thread spent in one long task (a trace's thread clock). */
  readonly longestCpu?: Summary;
  /** Long tasks of all runs whose own CPU time was over the limit. */
  readonly cpuOverLimit?: number;
  /** The HAR worker's chunk (reader and engine), loaded only when a file is imported. */
  readonly workerChunk: { readonly bytes: number; readonly gzip: number };
  readonly loadAverage: string;
  /** Set when measured on its own (`npx tsx bench/har-import.ts --doc`), not by a whole run. */
  readonly measuredApart?: string;
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** Its row in the targets table. */
export function harImportTargetRow(f: HarImportFigure): string {
  const met = f.longest.max <= LONG_TASK_LIMIT_MS ? "met" : "**missed**";
  return `| HAR import in the panel, ${f.entries.toLocaleString("en-US")} entries (${(f.bytes / 1_048_576).toFixed(0)} MB) | no long task over ${LONG_TASK_LIMIT_MS} ms on the panel's thread | longest ${ms(f.longest.max)}, all judged in ${ms(f.total.median)} (median) | ${met} |`;
}

export function harImportSection(f: HarImportFigure): string[] {
  const row = (label: string, s: Summary, format: (v: number) => string): string =>
    `| ${label} | ${s.n} | ${format(s.median)} | ${format(s.min)} – ${format(s.max)} |`;
  const met = f.longest.max <= LONG_TASK_LIMIT_MS ? "met" : "**missed**";
  return [
    "## 10. HAR import in the panel",
    "",
    `Import HAR… in the built panel (an extension tab, \`src/panel/index.html\`), in real Chromium at 1280×800: a HAR of ${f.entries.toLocaleString("en-US")} entries (${(f.bytes / 1_048_576).toFixed(1)} MB; \`bench/har-large.ts\` repeats DevTools' own Export HAR of the lab, \`test/fixtures/har/chromium-full.har\`, and lengthens the response bodies to reach the size), ${f.requests.toLocaleString("en-US")} cross-origin requests to judge. The file is read and judged in the panel's Web Worker (\`src/panel/har-worker.ts\`, a chunk of its own: ${(f.workerChunk.bytes / 1000).toFixed(1)} KB, ${(f.workerChunk.gzip / 1000).toFixed(1)} KB gzip, loaded only when a file is imported); the panel receives progress and entries in batches of 100, which it hands to the list at once for the first batch, then at most every 2 s. A PerformanceObserver for \`longtask\` watches the panel page from before its scripts run; times run from the file input's change event. One discarded import, then ${f.runs}, each in a freshly loaded panel. Load average after the run: ${f.loadAverage}.`,
    "",
    "| | n | median | min – max |",
    "|---|---:|---:|---:|",
    row("until the first rows are listed", f.firstRows, ms),
    row("until the file's summary is shown (all judged)", f.total, ms),
    row("longest task on the panel's thread", f.longest, ms),
    row("long tasks (over 50 ms) per import", f.longTasks, (v) => v.toFixed(0)),
    ...(f.longestCpu ? [row("CPU time of the longest task, thread clock (trace)", f.longestCpu, ms)] : []),
    "",
    `Target: no long task over ${LONG_TASK_LIMIT_MS} ms on the panel's thread: longest ${ms(f.longest.max)} over ${f.runs} imports, ${f.overLimit} over the limit — ${met}.${f.measuredApart ? ` (Measured on its own, ${f.measuredApart}, not by the run above.)` : ""}`,
    ...(f.longestCpu
      ? [
          "",
          `A long task's wall-clock time includes the time its thread waited for a CPU on this shared machine; a trace of each import (Chromium's \`RunTask\` events on the panel's thread, with their thread clock) gives the time the thread itself ran: at most ${ms(f.longestCpu.max)} in one task, ${f.cpuOverLimit ?? 0} task${f.cpuOverLimit === 1 ? "" : "s"} over ${LONG_TASK_LIMIT_MS} ms of CPU.`,
        ]
      : []),
  ];
}

/** The targets table with this figure's row in place of the one there (or as its last row). */
function spliceTargetRow(doc: string, row: string): string {
  const lines = doc.split("\n");
  const existing = lines.findIndex((line) => line.startsWith("| HAR import in the panel"));
  if (existing >= 0) {
    lines[existing] = row;
    return lines.join("\n");
  }
  const heading = lines.indexOf("## Targets");
  if (heading < 0) return doc;
  let last = lines.findIndex((line, index) => index > heading && line.startsWith("|"));
  if (last < 0) return doc;
  while (lines[last + 1]?.startsWith("|")) last += 1;
  lines.splice(last + 1, 0, row);
  return lines.join("\n");
}

/** docs/BENCHMARKS.md with this figure's section and targets row in place of the ones there (or added). */
export function spliceHarImport(doc: string, f: HarImportFigure): string {
  const section = harImportSection(f);
  const heading = "\n## 10. HAR import in the panel";
  const withRow = spliceTargetRow(doc, harImportTargetRow(f));
  const start = withRow.indexOf(heading);
  if (start < 0) return `${withRow.trimEnd()}\n\n${section.join("\n")}\n`;
  const next = withRow.indexOf("\n## ", start + heading.length);
  const rest = next < 0 ? "" : `\n${withRow.slice(next)}`;
  return `${withRow.slice(0, start).trimEnd()}\n\n${section.join("\n")}\n${rest}`;
}
