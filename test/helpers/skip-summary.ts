// A vitest reporter beside the default one: one line for each test skipped because an optional
// component is missing, and at the end of the run what was skipped and why, with the install
// commands. Under `npm test` (CORS_DOCTOR_SKIP_LOG set by scripts/test.ts) it appends the run's
// counts and skips to that file instead, and the whole run ends with one summary.
import { appendFileSync } from "node:fs";
import type { Reporter, TestCase, TestModule, Vitest } from "vitest/node";
import { SKIP_PREFIX } from "./requirements";

export interface SkipRecord {
  /** File and full name of the skipped test. */
  readonly test: string;
  /** The skip's note: "needs <component> (...), not installed: <install command>". */
  readonly note: string;
}

export interface RunRecord {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly skips: readonly SkipRecord[];
}

export const SKIP_LOG_VARIABLE = "CORS_DOCTOR_SKIP_LOG";

function skipOf(testCase: TestCase): SkipRecord | undefined {
  const result = testCase.result();
  if (result.state !== "skipped" || !result.note?.startsWith(SKIP_PREFIX)) return undefined;
  return { test: `${testCase.module.relativeModuleId} > ${testCase.fullName}`, note: result.note };
}

/** The closing summary: skipped tests grouped by what they need, each group with its install command. */
export function formatSkipSummary(skips: readonly SkipRecord[]): string[] {
  if (skips.length === 0) return [];
  const byNote = new Map<string, number>();
  for (const skip of skips) byNote.set(skip.note, (byNote.get(skip.note) ?? 0) + 1);
  return [
    `Skipped ${skips.length} test${skips.length === 1 ? "" : "s"}: optional components are not installed (under CI=true or REQUIRE_ALL_SERVERS=1 these are failures).`,
    ...[...byNote].map(([note, count]) => `  ${String(count).padStart(3)} × ${note}`),
    "  All of them in one command: npm run setup:servers",
  ];
}

export default class SkipSummary implements Reporter {
  private log: (line: string) => void = (line) => console.log(line);

  onInit(vitest: Vitest): void {
    this.log = (line) => vitest.logger.log(line);
  }

  onTestCaseResult(testCase: TestCase): void {
    const skip = skipOf(testCase);
    if (skip) this.log(`  ↓ skipped ${skip.test}: ${skip.note}`);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const run = { passed: 0, failed: 0, skipped: 0, skips: [] as SkipRecord[] };
    for (const testModule of testModules) {
      // A file that failed to load (or a hook that failed) counts as a failure of its own.
      if (testModule.errors().length > 0) run.failed += 1;
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === "passed") run.passed += 1;
        else if (state === "failed") run.failed += 1;
        else if (state === "skipped") run.skipped += 1;
        const skip = skipOf(testCase);
        if (skip) run.skips.push(skip);
      }
    }
    const logFile = process.env[SKIP_LOG_VARIABLE];
    if (logFile) appendFileSync(logFile, `${JSON.stringify(run satisfies RunRecord)}\n`);
    else for (const line of formatSkipSummary(run.skips)) this.log(line);
  }
}
