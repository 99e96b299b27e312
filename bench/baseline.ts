// Before/after for the handler figure (`BENCH_BASELINE=label=commit,… npm run bench`): each commit
// in a detached worktree of its own, node_modules linked from this checkout, and this tree, measured
// in turns (one run of each, then the next round) with the load average beside every run. The
// worktrees are removed at the end. The redirect mix runs at a commit only when its bench has it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { HandlerFigure } from "./node-bench";
import type { BaselineRun } from "./report-node";

interface Tree {
  readonly label: string;
  readonly commit: string;
  readonly dir: string;
  readonly redirectMix: boolean;
}

const git = (...args: string[]): string => execFileSync("git", args, { encoding: "utf8" }).trim();

function handlerRun(dir: string, mix: "default" | "redirects"): HandlerFigure {
  const args = ["--expose-gc", "--import", "tsx", "bench/node-bench.ts", "handler", ...(mix === "redirects" ? ["redirects"] : [])];
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) throw new Error(`node-bench handler failed in ${dir}`);
  const figures = JSON.parse(result.stdout) as HandlerFigure[];
  const figure = figures.find((h) => h.events === 100_000);
  if (!figure) throw new Error(`no 100,000-event figure from ${dir}`);
  return figure;
}

/** `spec`: "label=commit,…" (a bare commit is its own label). */
export function measureBaseline(spec: string, rounds: number, current: { label: string; commit: string }): BaselineRun[] {
  const parent = mkdtempSync(join(tmpdir(), "cors-doctor-baseline-"));
  const trees: Tree[] = [];
  try {
    for (const [index, item] of spec.split(",").filter(Boolean).entries()) {
      const [label, commit] = item.includes("=") ? (item.split("=") as [string, string]) : [item, item];
      const dir = join(parent, `tree-${index}`);
      git("worktree", "add", "--detach", dir, commit);
      symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
      const events = join(dir, "bench/events.ts");
      trees.push({ label, commit: git("rev-parse", "--short", commit), dir, redirectMix: existsSync(events) && readFileSync(events, "utf8").includes("readonly redirects?: boolean") });
    }
    trees.push({ ...current, dir: resolve("."), redirectMix: true });
    const runs: BaselineRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const mix of ["default", "redirects"] as const) {
        for (const tree of trees.filter((t) => mix === "default" || t.redirectMix)) {
          const loadAverage = loadavg()[0]!;
          runs.push({ label: tree.label, commit: tree.commit, mix, round, loadAverage, handler: handlerRun(tree.dir, mix).handler });
        }
      }
    }
    return runs;
  } finally {
    for (const tree of trees.filter((t) => t.dir.startsWith(parent))) git("worktree", "remove", "--force", tree.dir);
    rmSync(parent, { recursive: true, force: true });
  }
}
