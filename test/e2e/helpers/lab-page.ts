// Drives the lab page from a test: open it, run cases, replay traffic. The page's functions are
// described in test/lab/page-client.js.
import type { BrowserContext, Page } from "playwright-core";
import type { Lab } from "../../lab/server";
import type { ResolvedCase } from "../../lab/types";

export interface CaseOutcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
}

export interface ReplayTally {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly perCase: Readonly<Record<string, number>>;
}

/** What the lab page puts on `window`. */
export interface LabWindow {
  readonly labCases: readonly ResolvedCase[];
  runCase(id: string): Promise<CaseOutcome>;
  runAll(): Promise<Record<string, CaseOutcome>>;
  replay(count: number, mix?: readonly string[]): Promise<ReplayTally>;
}

/** Opens the lab page in a new tab (or `page`) and waits until its functions exist. */
export async function openLabPage(context: BrowserContext, lab: Lab, page?: Page): Promise<Page> {
  const tab = page ?? (await context.newPage());
  await tab.goto(lab.pageUrl);
  await tab.waitForFunction(() => "runAll" in window && "labCases" in window);
  return tab;
}

export function runCase(page: Page, id: string): Promise<CaseOutcome> {
  return page.evaluate((caseId) => (window as unknown as LabWindow).runCase(caseId), id);
}

export function runAllCases(page: Page): Promise<Record<string, CaseOutcome>> {
  return page.evaluate(() => (window as unknown as LabWindow).runAll());
}

export function replay(page: Page, count: number, mix?: readonly string[]): Promise<ReplayTally> {
  return page.evaluate(([total, ids]) => (window as unknown as LabWindow).replay(total, ids), [count, mix] as const);
}

/** How many non-preflight requests a case makes (for GroundTruth.waitForSettled); a priming load counts. */
export function requestsPerCase(cases: readonly ResolvedCase[]): (caseId: string) => number {
  const repeats = new Map(cases.map((labCase) => [labCase.id, (labCase.request.repeat ?? 1) + (labCase.request.prime ? 1 : 0)]));
  return (caseId) => repeats.get(caseId) ?? 1;
}
