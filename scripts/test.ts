// `npm test`: the typecheck, lint, unit tests, build and real-browser tests in turn, stopping at
// the first failure; then what was skipped and why (test/helpers/skip-summary.ts collects it from
// each vitest run) and one closing line with the counts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSkipSummary, type RunRecord, SKIP_LOG_VARIABLE } from "../test/helpers/skip-summary";

const STEPS = ["typecheck", "lint", "test:unit", "build", "build:firefox", "test:e2e"];

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-test-"));
const logFile = join(dir, "runs.jsonl");
const started = Date.now();
let failedStep: { name: string; status: number } | undefined;
for (const name of STEPS) {
  const result = spawnSync("npm", ["run", "--silent", name], { stdio: "inherit", env: { ...process.env, [SKIP_LOG_VARIABLE]: logFile } });
  const status = result.status ?? 1;
  if (status !== 0) {
    failedStep = { name, status };
    break;
  }
}

const runs: RunRecord[] = existsSync(logFile)
  ? readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as RunRecord)
  : [];
rmSync(dir, { recursive: true, force: true });
const total = (key: "passed" | "failed" | "skipped"): number => runs.reduce((sum, run) => sum + run[key], 0);
console.log("");
for (const line of formatSkipSummary(runs.flatMap((run) => run.skips))) console.log(line);
if (failedStep) console.log(`npm run ${failedStep.name} failed (exit ${failedStep.status}); the steps after it did not run.`);
console.log(`npm test: ${STEPS.length} steps in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`Tests: ${total("passed")} passed, ${Math.max(total("failed"), failedStep ? 1 : 0)} failed, ${total("skipped")} skipped`);
process.exit(failedStep ? failedStep.status : 0);
