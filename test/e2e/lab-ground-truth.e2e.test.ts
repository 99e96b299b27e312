// Every lab case in one real Chromium, no extension: Chromium's own verdict (CDP) must equal the
// catalog's expectation, so that the catalog can serve as the truth for the extension's tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import type { ResolvedCase } from "../lab/types";
import { GroundTruth, type ChromiumVerdict } from "./helpers/ground-truth";
import { openLabPage, requestsPerCase, runAllCases, type CaseOutcome } from "./helpers/lab-page";

function describeExpected(labCase: ResolvedCase): string {
  const expected = labCase.expected;
  return expected.blocked ? `${expected.code} ${JSON.stringify(shorten(expected.failedParameter))}` : "allowed";
}

function describeVerdict(verdict: ChromiumVerdict | undefined): string {
  if (!verdict) return "(no request seen)";
  if (verdict.blocked) return `${verdict.code} ${JSON.stringify(shorten(verdict.failedParameter ?? ""))}`;
  return verdict.failed ? `failed ${verdict.errorText}` : "allowed";
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}

function agrees(labCase: ResolvedCase, verdict: ChromiumVerdict | undefined): boolean {
  if (!verdict) return false;
  const expected = labCase.expected;
  if (!expected.blocked) return !verdict.blocked && !verdict.failed;
  return verdict.blocked && verdict.code === expected.code && verdict.failedParameter === expected.failedParameter;
}

describe("lab ground truth: Chromium's verdict for every case", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let truth: GroundTruth;
  let outcomes: Record<string, CaseOutcome>;

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium();
    const page = await browser.context.newPage();
    truth = await GroundTruth.attach(browser.context, page);
    await openLabPage(browser.context, lab, page);
    outcomes = await runAllCases(page);
    await truth.waitForSettled(
      lab.cases.map((labCase) => labCase.id),
      { requestsPerCase: requestsPerCase(lab.cases), timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await truth?.detach();
    await browser?.close();
    await lab?.close();
  });

  it("agrees with the catalog on blocked/allowed, code and failedParameter for every case", () => {
    const rows = lab.cases.map((labCase) => {
      const verdict = truth.verdictFor(labCase.id);
      return { labCase, verdict, agree: agrees(labCase, verdict) };
    });
    const width = Math.max(...rows.map((row) => row.labCase.id.length));
    const table = rows.map(
      ({ labCase, verdict, agree }) =>
        `${agree ? "  " : "✗ "}${labCase.id.padEnd(width)}  expected ${describeExpected(labCase)}  |  Chromium ${describeVerdict(verdict)}`,
    );
    const agreeing = rows.filter((row) => row.agree).length;
    console.log(`${table.join("\n")}\n${agreeing}/${rows.length} cases agree with Chromium`);

    for (const { labCase, verdict } of rows) {
      const expected = labCase.expected;
      expect.soft(verdict, `${labCase.id}: no request seen`).toBeDefined();
      if (!verdict) continue;
      expect.soft(verdict.blocked, `${labCase.id}: blocked`).toBe(expected.blocked);
      if (expected.blocked) {
        expect.soft(verdict.code, `${labCase.id}: code`).toBe(expected.code);
        expect.soft(verdict.failedParameter, `${labCase.id}: failedParameter`).toBe(expected.failedParameter);
      } else {
        expect.soft(verdict.failed, `${labCase.id}: ${verdict.errorText ?? ""}`).toBe(false);
      }
    }
    expect(agreeing).toBe(rows.length);
  });

  it("lets the page read exactly the fetch and XHR responses Chromium allowed", () => {
    const scripted = lab.cases.filter((labCase) => labCase.initiator === "fetch" || labCase.initiator === "xhr");
    expect(scripted.length).toBeGreaterThan(30);
    for (const labCase of scripted) {
      expect.soft(outcomes[labCase.id]?.ok, labCase.id).toBe(!labCase.expected.blocked);
    }
  });

  it("sends one preflight for two identical PUTs when the first is cached", () => {
    expect(lab.hits("control-preflight-cached")).toEqual({ OPTIONS: 1, PUT: 2 });
    expect(truth.verdictFor("control-preflight-cached")).toMatchObject({ requests: 2, preflights: 1 });
  });

  it("sends a preflight per request when fetch's cache mode is no-store", () => {
    expect(lab.hits("control-preflight-cache-bypassed")).toEqual({ OPTIONS: 2, PUT: 2 });
    expect(truth.verdictFor("control-preflight-cache-bypassed")).toMatchObject({ requests: 2, preflights: 2 });
  });

  it("starts the parallel group's requests together and settles each with its own verdict", () => {
    const parallel = lab.cases.filter((labCase) => labCase.group === "parallel");
    expect(parallel).toHaveLength(10);
    const codes = new Set(parallel.map((labCase) => truth.verdictFor(labCase.id)?.code ?? "allowed"));
    expect(codes.size).toBeGreaterThanOrEqual(8);
  });
});
