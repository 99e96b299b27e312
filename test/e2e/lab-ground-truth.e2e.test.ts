// Every lab case in one real Chromium, no extension: Chromium's own verdict (CDP) must equal the
// catalog's expectation, so that the catalog can serve as the truth for the extension's tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { SECRET_COOKIE_NAME, SECRET_MARKERS } from "../lab/cases";
import { lnaLaunchFlags } from "../lab/lna";
import { startLab, type Lab } from "../lab/server";
import type { LnaPage } from "../lab/types";
import { expectAgreement, printAgreementTable } from "./helpers/agreement";
import { GroundTruth } from "./helpers/ground-truth";
import { runLnaCases } from "./helpers/lna-page";
import { openLabPage, replay, requestsPerCase, runAllCases, type CaseOutcome } from "./helpers/lab-page";

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
    const agreeing = printAgreementTable(lab.cases, (id) => truth.verdictFor(id));
    for (const labCase of lab.cases) expectAgreement(labCase, truth.verdictFor(labCase.id));
    expect(agreeing).toBe(lab.cases.length);
  });

  it("lets the page read exactly the fetch and XHR responses Chromium allowed", () => {
    const scripted = lab.cases.filter((labCase) => labCase.initiator === "fetch" || labCase.initiator === "xhr");
    expect(scripted.length).toBeGreaterThan(30);
    for (const labCase of scripted) {
      const fails = labCase.expected.blocked || labCase.expected.failedNotCors !== undefined;
      expect.soft(outcomes[labCase.id]?.ok, labCase.id).toBe(!fails);
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

  it("answers the cached cases from the cache (the server is asked once) and the Vary: Origin controls fresh", () => {
    for (const id of ["cache-img-then-fetch", "cache-no-cors-fetch-then-fetch", "cache-other-origin-of-site"]) {
      expect.soft(lab.hits(id), id).toEqual({ GET: 1 });
      expect.soft(truth.verdictFor(id)?.requests, id).toBe(2);
    }
    for (const id of ["control-cache-img-vary-origin", "control-cache-other-origin-vary-origin"]) expect.soft(lab.hits(id), id).toEqual({ GET: 2 });
  });

  it("really sends the secret markers, so that privacy tests can look for them", () => {
    const sent = (caseId: string, method = "GET") => lab.received(caseId).filter((request) => request.method === method);
    expect(sent("secret-authorization")[0]?.headers.authorization).toBe(`Bearer ${SECRET_MARKERS.authorization}`);
    expect(sent("secret-cookie")[0]?.headers.cookie).toContain(`${SECRET_COOKIE_NAME}=${SECRET_MARKERS.cookie}`);
    expect(sent("secret-query-token")[0]?.url).toContain(`token=${SECRET_MARKERS.queryToken}`);
  });

  it("replays a mix of blocked and allowed requests, each one settled with its case's verdict", async () => {
    const page = await browser.context.newPage();
    const replayTruth = await GroundTruth.attach(browser.context, page);
    await openLabPage(browser.context, lab, page);
    const tally = await replay(page, 600);
    expect(tally).toMatchObject({ sent: 600 });
    const counts = Object.entries(tally.perCase);
    await replayTruth.waitForSettled(
      counts.map(([id]) => id),
      { requestsPerCase: (id) => tally.perCase[id] ?? 0 },
    );
    let expectedFailures = 0;
    for (const [id, count] of counts) {
      const blocked = lab.cases.find((candidate) => candidate.id === id)?.expected.blocked;
      if (blocked) expectedFailures += count;
      const expected = blocked ? { blocked: count, allowed: 0 } : { blocked: 0, allowed: count };
      expect(replayTruth.tally(id), id).toEqual({ requests: count, ...expected });
    }
    expect(counts.length).toBeGreaterThanOrEqual(4);
    expect(tally.failed).toBe(expectedFailures);
    await replayTruth.detach();
    await page.close();
  });

  it("starts the parallel group's requests together and settles each with its own verdict", () => {
    const parallel = lab.cases.filter((labCase) => labCase.group === "parallel");
    expect(parallel).toHaveLength(10);
    const codes = new Set(parallel.map((labCase) => truth.verdictFor(labCase.id)?.code ?? "allowed"));
    expect(codes.size).toBeGreaterThanOrEqual(8);
  });
});

// A Chromium of its own, started with the flags that make the lab page public (test/lab/lna.ts).
describe("lab ground truth: Local Network Access", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    lab = await startLab({ lna: true });
    browser = await launchChromium({ extraArgs: lnaLaunchFlags(lab.ports) });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  it.each(["secure-public", "insecure-public"] as const)("agrees with the catalog on a %s page", async (variant: LnaPage) => {
    const { cases, page, truth } = await runLnaCases(browser.context, lab, variant);
    const agreeing = printAgreementTable(cases, (id) => truth.verdictFor(id));
    for (const labCase of cases) expectAgreement(labCase, truth.verdictFor(labCase.id));
    expect(agreeing).toBe(cases.length);
    await truth.detach();
    await page.close();
  });
});
