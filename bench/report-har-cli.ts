// Section 9 of docs/BENCHMARKS.md: a HAR of 10,000 entries read and diagnosed by `cors-doctor har`
// (bench/har.ts measures it). Pure: figures in, lines out.
import type { HarFigure } from "./har";
import { verdict } from "./report-node";

const HAR_HEADING = "## 9. A HAR file on the command line";
/** The target: the whole command in at most 3 s on this machine. */
export const HAR_TARGET_MS = 3_000;

export function harTargetRow(h: HarFigure): string {
  const cpu = h.cliCpu ? `, CPU ${(h.cliCpu.median / 1000).toFixed(2)} s` : "";
  return `| a HAR of ${h.entries.toLocaleString("en-US")} entries read and diagnosed by \`cors-doctor har\` | ≤ ${(HAR_TARGET_MS / 1000).toFixed(0)} s | median ${(h.cli.median / 1000).toFixed(2)} s${cpu} (${(h.bytes / 1e6).toFixed(1)} MB, load ${h.loadAverage.split(" / ")[0]}) | ${verdict(h.cli.median <= HAR_TARGET_MS)} |`;
}

export function harSection(h: HarFigure): string[] {
  const s = (value: number): string => `${(value / 1000).toFixed(2)} s`;
  return [
    HAR_HEADING,
    "",
    `\`cors-doctor har <file> --json\` on a HAR of ${h.entries.toLocaleString("en-US")} entries (${(h.bytes / 1e6).toFixed(1)} MB: the Chromium fixture's entries repeated with new URLs and times, response bodies lengthened to the size, \`bench/har.ts\`), ${h.exchanges.toLocaleString("en-US")} cross-origin requests judged, ${h.blocked.toLocaleString("en-US")} of them blocked; the built executable run ${h.runs} times (Node's start included), then the phases in one process. Load average at the start: ${h.loadAverage}.`,
    "",
    "| | n | median | min – max | IQR |",
    "|---|---:|---:|---:|---:|",
    `| whole command (target ≤ ${(HAR_TARGET_MS / 1000).toFixed(0)} s: ${verdict(h.cli.median <= HAR_TARGET_MS)}) | ${h.cli.n} | **${s(h.cli.median)}** | ${s(h.cli.min)} – ${s(h.cli.max)} | ${s(h.cli.iqr)} |`,
    ...(h.cliCpu
      ? [`| whole command, CPU time (user + system, all threads: what other jobs' load does not inflate) | ${h.cliCpu.n} | ${s(h.cliCpu.median)} | ${s(h.cliCpu.min)} – ${s(h.cliCpu.max)} | ${s(h.cliCpu.iqr)} |`]
      : []),
    `| read (\`readHar\`: parse, join, redact) | ${h.read.n} | ${s(h.read.median)} | ${s(h.read.min)} – ${s(h.read.max)} | ${s(h.read.iqr)} |`,
    `| judge (\`harReport\`: diagnose every request) | ${h.judge.n} | ${s(h.judge.median)} | ${s(h.judge.min)} – ${s(h.judge.max)} | ${s(h.judge.iqr)} |`,
    `| fixes (\`completeReport\`: policies and fixes per server) | ${h.fixes.n} | ${s(h.fixes.median)} | ${s(h.fixes.min)} – ${s(h.fixes.max)} | ${s(h.fixes.iqr)} |`,
    ...(h.measuredApart ? ["", `(Measured on its own, ${h.measuredApart}, not by the run above.)`] : []),
  ];
}

