// `cors-doctor probe` against Chromium itself: every lab case a page's fetch or XHR makes is run
// in Chromium (its verdict read over CDP, Network.loadingFailed.corsErrorStatus) and then probed
// with the same method, headers, body, credentials and redirect mode, in the same run. Blocked or
// allowed, the code and failedParameter must agree on every case; and what probe put on the wire
// (the lab records every request) must be what Chromium sent, header for header, for every
// preflight and request both made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeTransport } from "../../src/cli/http";
import { probe, type ProbeOutcome } from "../../src/cli/probe-run";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab, type ReceivedRequest } from "../lab/server";
import type { ResolvedCase } from "../lab/types";
import { GroundTruth, type ChromiumVerdict } from "../e2e/helpers/ground-truth";
import { openLabPage, requestsPerCase, runAllCases } from "../e2e/helpers/lab-page";
import { isScripted, pageRequestOf } from "./lab-requests";

/**
 * Cases probe cannot replay from outside a browser, with the reason. The cookie cases are replayed
 * without the browser's cookie (their verdicts depend on the server's headers only); the cache
 * cases are answered from the browser's HTTP cache, which probe does not have.
 */
const FROM_THE_BROWSER_CACHE =
  "Chromium's fetch is answered from its HTTP cache with a response a load of the same URL stored without Vary: Origin; probe has no cache, and the server, asked afresh, allows it";
const NOT_REPLAYABLE: Readonly<Record<string, string>> = {
  "cache-img-then-fetch": FROM_THE_BROWSER_CACHE,
  "cache-no-cors-fetch-then-fetch": FROM_THE_BROWSER_CACHE,
  "cache-other-origin-of-site": FROM_THE_BROWSER_CACHE,
};

/** Headers Chromium adds that take no part in CORS and that probe does not model. */
const UNMODELLED = new Set([
  "host",
  "connection",
  "content-length",
  "user-agent", // the headless browser says HeadlessChrome; probe sends Chromium's desktop user agent
  "accept-encoding",
  "accept-language",
  "cookie", // the browser's own cookie jar
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
  // fetch's cache mode (a no-store fetch adds both); probe has no HTTP cache to bypass.
  "cache-control",
  "pragma",
]);

function verdictOf(outcome: ProbeOutcome) {
  const blocked = outcome.diagnosis.verdict === "blocked";
  return {
    blocked,
    code: blocked ? (outcome.diagnosis.code ?? null) : null,
    failedParameter: blocked ? (outcome.diagnosis.failedParameter ?? "") : null,
    failed: blocked || outcome.networkError !== undefined,
    errorText: outcome.networkError ?? null,
  };
}

function sameVerdict(chromium: ChromiumVerdict, probed: ReturnType<typeof verdictOf>): boolean {
  if (chromium.blocked || probed.blocked) return chromium.blocked === probed.blocked && chromium.code === probed.code && chromium.failedParameter === probed.failedParameter;
  return chromium.failed === probed.failed && (!chromium.failed || chromium.errorText === probed.errorText);
}

function describeVerdict(verdict: { blocked: boolean; code: string | null; failedParameter: string | null; failed: boolean; errorText: string | null }): string {
  if (verdict.blocked) return `${verdict.code} ${JSON.stringify((verdict.failedParameter ?? "").slice(0, 40))}`;
  return verdict.failed ? `failed ${verdict.errorText ?? ""}` : "allowed";
}

/** The CORS-relevant header lines of one received request, as "name: value", sorted. */
function relevantHeaders(request: ReceivedRequest): string[] {
  return Object.entries(request.headers)
    .filter(([name]) => !UNMODELLED.has(name))
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`.slice(0, 200))
    .sort();
}

/**
 * Requests of one case by who sent them (probe's carry n=probe) and by "METHOD /path": the first of
 * each, or the last for a case whose page loads the URL once before its request (`request.prime`).
 */
function byHop(requests: readonly ReceivedRequest[], probeSent: boolean, last = false): Map<string, ReceivedRequest> {
  const hops = new Map<string, ReceivedRequest>();
  for (const request of requests) {
    const url = new URL(request.url);
    if ((url.searchParams.get("n") === "probe") !== probeSent) continue;
    const key = `${request.method} ${url.pathname}`;
    if (last || !hops.has(key)) hops.set(key, request);
  }
  return hops;
}

describe("probe agrees with Chromium on every lab case a page's fetch or XHR makes", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let truth: GroundTruth;
  let cases: ResolvedCase[];
  const outcomes = new Map<string, ProbeOutcome>();

  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium();
    const page = await browser.context.newPage();
    truth = await GroundTruth.attach(browser.context, page);
    await openLabPage(browser.context, lab, page);
    await runAllCases(page);
    await truth.waitForSettled(
      lab.cases.map((labCase) => labCase.id),
      { requestsPerCase: requestsPerCase(lab.cases), timeoutMs: 90_000 },
    );
    cases = lab.cases.filter((labCase) => isScripted(labCase) && NOT_REPLAYABLE[labCase.id] === undefined);
    const transport = nodeTransport({ timeoutMs: 10_000, insecure: false });
    for (const labCase of cases) outcomes.set(labCase.id, await probe(pageRequestOf(labCase, lab.pageOrigin), transport, { sendActual: true }));
  });

  afterAll(async () => {
    await truth?.detach();
    await browser?.close();
    await lab?.close();
  });

  it("names Chromium's verdict, code and failedParameter for every case", () => {
    const scripted = lab.cases.filter(isScripted);
    const rows = cases.map((labCase) => {
      const chromium = truth.verdictFor(labCase.id)!;
      const probed = verdictOf(outcomes.get(labCase.id)!);
      return { id: labCase.id, agrees: sameVerdict(chromium, probed), line: `Chromium ${describeVerdict({ ...chromium, failed: chromium.failed })} | probe ${describeVerdict(probed)}` };
    });
    const agreeing = rows.filter((row) => row.agrees).length;
    console.log(
      `${rows.map((row) => `${row.agrees ? "  " : "✗ "}${row.id.padEnd(42)} ${row.line}`).join("\n")}\n` +
        `probe agreement: ${agreeing} agreeing / ${cases.length} replayable / ${scripted.length} fetch or XHR cases (${lab.cases.length} in the lab); not replayable: ${Object.keys(NOT_REPLAYABLE).length}`,
    );
    for (const row of rows) expect.soft(row.agrees, `${row.id}: ${row.line}`).toBe(true);
    expect(agreeing).toBe(cases.length);
    expect(cases.length).toBe(scripted.length - Object.keys(NOT_REPLAYABLE).length);
  });

  it("sends what Chromium sent: every preflight and request, header for header", () => {
    let compared = 0;
    const differences: string[] = [];
    for (const labCase of cases) {
      const received = lab.received(labCase.id);
      const chromium = byHop(received, false, labCase.request.prime !== undefined);
      const probed = byHop(received, true);
      for (const [hop, sent] of chromium) {
        const ours = probed.get(hop);
        if (!ours) continue;
        compared += 1;
        const expected = relevantHeaders(sent);
        const actual = relevantHeaders(ours);
        if (JSON.stringify(expected) !== JSON.stringify(actual)) differences.push(`${labCase.id} ${hop}\n  Chromium: ${expected.join(" | ")}\n  probe:    ${actual.join(" | ")}`);
      }
    }
    console.log(`request plan: ${compared} requests compared header for header with Chromium's, ${differences.length} differ`);
    expect(differences, differences.join("\n")).toEqual([]);
    expect(compared).toBeGreaterThan(cases.length);
  });
});
