// A HAR of 10,000 entries (bench/har-large.ts: the Chrome fixture's entries repeated with new URLs and
// times, response bodies lengthened evenly to 50 MiB, as a real export carries them) read and diagnosed by the command line: `cors-doctor har <file> --json` as a user runs it
// (the built executable, Node's start included), and the in-process phases (read, judge, fixes).
// Run: npx tsx bench/har.ts (`--doc` also writes its section of docs/BENCHMARKS.md, in place of the
// one there; `npm run bench` measures it with everything else).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { completeReport } from "../src/fixes/servers";
import { harReport, readHar } from "../src/har/reader";
import { largeHar } from "./har-large";
import { replaceSection } from "./report";
import { HAR_TARGET_MS, harSection } from "./report-har-cli";
import { summarize, type Summary } from "./stats";

export interface HarFigure {
  readonly entries: number;
  readonly bytes: number;
  readonly exchanges: number;
  readonly blocked: number;
  readonly runs: number;
  /** Wall time of `node cors-doctor.mjs har <file> --json`, milliseconds. */
  readonly cli: Summary;
  /** CPU time (user + system, every thread) of the same runs: what the load of other jobs does not inflate. */
  readonly cliCpu?: Summary;
  /** In-process: readHar, harReport (diagnose), completeReport (fixes); milliseconds. */
  readonly read: Summary;
  readonly judge: Summary;
  readonly fixes: Summary;
  readonly loadAverage: string;
  /** Set when measured on its own (`--doc`), not by a whole run. */
  readonly measuredApart?: string;
}

const TARGET_MS = HAR_TARGET_MS;

function buildCli(outDir: string): string {
  const vite = resolve("node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--config", "vite.cli.config.ts", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("building the command line failed");
  return join(outDir, "cors-doctor.mjs");
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const value = run();
  return [value, performance.now() - started];
}

export function measureHar(runs = 5, count = 10_000): HarFigure {
  const work = mkdtempSync(join(tmpdir(), "cors-doctor-har-bench-"));
  try {
    const file = join(work, "big.har");
    const text = largeHar(count).text;
    writeFileSync(file, text);
    const bin = buildCli(join(work, "cli"));
    const loadAverage = loadavg().map((value) => value.toFixed(1)).join(" / ");
    const cli: number[] = [];
    const cliCpu: number[] = [];
    const read: number[] = [];
    const judge: number[] = [];
    const fixes: number[] = [];
    let exchanges = 0;
    let blocked = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      // The executable itself, with its process's CPU time written to stderr at exit.
      const reporter = "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu ' + (u.user + u.system) / 1000); });";
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", `${reporter} process.argv.splice(1, 0, ${JSON.stringify(bin)}); await import(${JSON.stringify(pathToFileURL(bin).href)});`, "har", file, "--json"], {
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
      });
      cli.push(performance.now() - started);
      if (child.status !== 1) throw new Error(`cors-doctor har exited ${child.status} (expected 1: the fixture has blocked requests): ${child.stderr.slice(0, 500)}`);
      const cpu = /\ncpu ([\d.]+)$/.exec(child.stderr);
      if (cpu) cliCpu.push(Number(cpu[1]));
      const [result, readMs] = timed(() => readHar(readFileSync(file, "utf8")));
      const [report, judgeMs] = timed(() => harReport(result));
      const [, fixesMs] = timed(() => completeReport(report));
      read.push(readMs);
      judge.push(judgeMs);
      fixes.push(fixesMs);
      exchanges = result.exchanges.length;
      blocked = report.entries.filter((entry) => entry.blocked).length;
    }
    return { entries: count, bytes: statSync(file).size, exchanges, blocked, runs, cli: summarize(cli), ...(cliCpu.length === runs ? { cliCpu: summarize(cliCpu) } : {}), read: summarize(read), judge: summarize(judge), fixes: summarize(fixes), loadAverage };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figure = measureHar(Number(process.env.BENCH_RUNS ?? "5"));
  const { cli, entries, bytes } = figure;
  console.log(
    `${entries} entries (${(bytes / 1e6).toFixed(1)} MB): cors-doctor har --json median ${cli.median.toFixed(0)} ms (min ${cli.min.toFixed(0)}, max ${cli.max.toFixed(0)}), CPU ${figure.cliCpu?.median.toFixed(0) ?? "?"} ms; read ${figure.read.median.toFixed(0)} ms, judge ${figure.judge.median.toFixed(0)} ms, fixes ${figure.fixes.median.toFixed(0)} ms; load ${figure.loadAverage}; target ≤ ${TARGET_MS} ms ${cli.median <= TARGET_MS ? "met" : "missed"}`,
  );
  if (process.argv.includes("--doc")) {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const section = harSection({ ...figure, measuredApart: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, code at ${commit}` });
    writeFileSync("docs/BENCHMARKS.md", replaceSection(readFileSync("docs/BENCHMARKS.md", "utf8"), section));
  }
}
