// Runs the Local Network Access cases of one public page (test/lab/lna.ts) in a Chromium started
// with lnaLaunchFlags, with Chromium's own verdict for each: the ground-truth test holds them against
// the catalog, the agreement test against the extension.
import type { BrowserContext, Page } from "playwright-core";
import { lnaPageUrl } from "../../lab/lna";
import type { Lab } from "../../lab/server";
import type { LnaPage, ResolvedCase } from "../../lab/types";
import { GroundTruth } from "./ground-truth";
import { runCase } from "./lab-page";

export interface LnaRun {
  readonly cases: readonly ResolvedCase[];
  readonly page: Page;
  /** Chromium's verdicts, settled; detach it when done. */
  readonly truth: GroundTruth;
}

export async function runLnaCases(context: BrowserContext, lab: Lab, variant: LnaPage): Promise<LnaRun> {
  const cases = lab.cases.filter((labCase) => labCase.lnaPage === variant);
  const page = await context.newPage();
  const truth = await GroundTruth.attach(context, page);
  await page.goto(lnaPageUrl(variant, lab.ports));
  await page.waitForFunction(() => "runCase" in window);
  for (const labCase of cases) await runCase(page, labCase.id);
  await truth.waitForSettled(cases.map((labCase) => labCase.id));
  return { cases, page, truth };
}
