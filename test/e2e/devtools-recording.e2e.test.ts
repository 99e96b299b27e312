// Recording while DevTools is open, as built: no webRequest, no host access, only DevTools' own
// network log read by the devtools page. Every lab case, with the Network panel shown and with
// another panel shown, must agree with Chromium's own verdict (CDP corsErrorStatus) as webRequest
// mode does (extension-agreement.e2e.test.ts); under load, entries that come provisional from
// onRequestFinished are completed before they are judged, and no verdict comes from one.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionState } from "../../src/shared/messages";
import type { DiagnosedEntry, DiagnosedReport } from "../../src/shared/report";
import type { ResolvedCase } from "../lab/types";
import { SHOW_PANEL, TargetEvaluator, waitFor } from "./helpers/devtools";
import { caseOf, extensionId, extensionWorker, getReport, openExtensionPage, send, waitForReport } from "./helpers/extension";
import { caseIdOf, GroundTruth, type ChromiumVerdict } from "./helpers/ground-truth";
import { labAndChromium } from "./helpers/lab-chromium";
import { openLabPage, replay, requestsPerCase, runAllCases } from "./helpers/lab-page";

interface ObserverCounts {
  readonly finished: number;
  readonly provisional: number;
  readonly completed: number;
  readonly abandoned: number;
  readonly delivered: number;
  readonly readProvisional: number;
}

function verdictOf(entries: readonly DiagnosedEntry[]): string {
  const blocked = entries.filter((e) => e.blocked);
  if (blocked.length > 0) return [...new Set(blocked.map((e) => `${e.diagnosis.code} ${JSON.stringify((e.diagnosis.failedParameter ?? "").slice(0, 40))}`))].join("; ");
  return entries.length === 0 ? "(nothing reported)" : [...new Set(entries.map((e) => e.diagnosis.verdict))].join(", ");
}

function chromiumOf(verdict: ChromiumVerdict | undefined): string {
  if (!verdict) return "(not seen)";
  if (verdict.blocked) return `${verdict.code} ${JSON.stringify((verdict.failedParameter ?? "").slice(0, 40))}`;
  return verdict.failed ? `failed ${verdict.errorText}` : "allowed";
}

function agrees(chromium: ChromiumVerdict | undefined, entries: readonly DiagnosedEntry[]): boolean {
  if (!chromium) return false;
  const blocked = entries.filter((e) => e.blocked);
  if (!chromium.blocked) return blocked.length === 0;
  return blocked.length > 0 && blocked.every((e) => e.diagnosis.code === chromium.code && e.diagnosis.failedParameter === chromium.failedParameter);
}

/** One entry of DevTools' log in a few words: type, method, path, status, headers, redirect, error. */
function shapeOfEntry(entry: unknown): string {
  const e = entry as { _resourceType?: string; request?: { method?: string; url?: string }; response?: { status?: number; headers?: unknown[]; redirectURL?: string; _error?: string } };
  const path = (e.request?.url ?? "").replace(/^[a-z]+:\/\/[^/]+/, "").replace(/\?.*/, "");
  return `${e._resourceType ?? "?"} ${e.request?.method ?? "?"} ${path} ${e.response?.status ?? "?"} h${e.response?.headers?.length ?? "?"}${e.response?.redirectURL ? " →" : ""}${e.response?._error ? ` ${e.response._error}` : ""}`;
}

/** DevTools windows: the extension's devtools page in each, and showing a panel in all of them. */
async function devtoolsOf(page: Page, id: string) {
  const cdp = await page.context().newCDPSession(page);
  const remote = new TargetEvaluator(cdp);
  const frontends = async () => (await remote.targets()).filter((t) => t.url.startsWith("devtools://devtools/"));
  const pages = async () => (await remote.targets()).filter((t) => t.url === `chrome-extension://${id}/src/devtools/index.html`);
  return {
    async show(panel: string): Promise<void> {
      for (const frontend of await frontends()) {
        const session = await remote.attach(frontend.targetId);
        await waitFor(`the ${panel} panel in ${frontend.targetId}`, () => remote.evaluate<boolean | undefined>(session, SHOW_PANEL(panel)));
      }
    },
    /** The observer's counts, summed over every devtools page. */
    async counts(): Promise<ObserverCounts> {
      const sum: Record<string, number> = {};
      for (const frame of (await remote.targets()).filter((t) => t.url === `chrome-extension://${id}/src/devtools/index.html`)) {
        const counts = await remote.evaluate<Record<string, number> | undefined>(await remote.attach(frame.targetId), "globalThis.corsDoctorObserver");
        for (const [key, value] of Object.entries(counts ?? {})) sum[key] = (sum[key] ?? 0) + value;
      }
      return sum as unknown as ObserverCounts;
    },
    /** DevTools' own log (getHAR) of the entries whose URL has `case=<id>`, from the first devtools page that has any. */
    async har(caseId: string): Promise<unknown[]> {
      for (const frame of (await remote.targets()).filter((t) => t.url === `chrome-extension://${id}/src/devtools/index.html`)) {
        const expression = `chrome.devtools.network.getHAR().then((log) => log.entries.filter((e) => e.request.url.includes("case=${caseId}")))`;
        const entries = await remote.evaluate<unknown[]>(await remote.attach(frame.targetId), expression);
        if (entries.length > 0) return entries;
      }
      return [];
    },
    /** Evaluates `expression` in every devtools page of the extension. */
    async evaluateInPages(expression: string): Promise<void> {
      for (const frame of await pages()) await remote.evaluate(await remote.attach(frame.targetId), expression);
    },
    /** The second listener's entries compared with DevTools' whole log, over every devtools page. */
    async probed(): Promise<ProbeResult> {
      let sum: ProbeResult = { seen: 0, missing: 0, provisional: [] };
      for (const frame of await pages()) {
        const one = await remote.evaluate<ProbeResult>(await remote.attach(frame.targetId), PROBE_COMPARE, 60_000);
        sum = { seen: sum.seen + one.seen, missing: sum.missing + one.missing, provisional: [...sum.provisional, ...one.provisional] };
      }
      return sum;
    },
    detach: () => cdp.detach(),
  };
}

/** Both tabs' DevTools windows (the extension page's and the lab's) observe. */
function observing(extensionPage: Page): Promise<true> {
  return waitFor("both DevTools windows observing", async () => ((await send<ExtensionState>(extensionPage, { type: "get-state" })).observedTabs?.length ?? 0) >= 2 || undefined, 60_000);
}

/**
 * Cases where what DevTools' log shows and Chromium's verdict part ways, with why (measured in
 * Chromium 156; the HAR reader reads them as a HAR file would be read). Printed, not asserted.
 * None left: redirect: 'error' answered by a 302 (written as a refused redirect) is "unknown", not
 * blocked, since nothing shows the credentials only that refusal would need; a fetch refused on a
 * cached answer (logged with no headers) is read with the entry of its URL that stored the answer.
 */
const DEVTOOLS_DIFFERS: Readonly<Record<string, string>> = {};

for (const panel of ["network", "console"] as const) {
  describe(`recording while DevTools is open (${panel} panel shown), as built`, () => {
    const setup = labAndChromium({ extensionPath: "dist", permissions: "as-built", extraArgs: ["--auto-open-devtools-for-tabs"] });
    let truth: GroundTruth;
    let report: DiagnosedReport;
    let cases: readonly ResolvedCase[];
    /** For a case that disagrees: what DevTools' own log holds of it and the observer's counts, for the failure message. */
    const logOf = new Map<string, string>();

    beforeAll(async () => {
      const { context } = setup.browser;
      const extensionPage = await openExtensionPage(context);
      const state = await send<ExtensionState>(extensionPage, { type: "get-state" });
      expect(state).toMatchObject({ recording: "devtools", recordAlwaysGranted: false, listening: false });
      expect(await (await extensionWorker(context)).evaluate(() => typeof chrome.webRequest)).toBe("undefined");
      // The built manifest: no host access and no webRequest at install, both optional.
      const manifest = await extensionPage.evaluate(() => chrome.runtime.getManifest());
      expect(manifest.permissions).toEqual(["storage"]);
      expect(manifest.host_permissions ?? []).toEqual([]);
      expect(manifest.optional_permissions).toEqual(["webRequest"]);
      expect(manifest.optional_host_permissions).toEqual(["http://*/*", "https://*/*"]);
      // Chromium lists "devtools" for the devtools_page: no warning comes with it.
      const granted = await extensionPage.evaluate(() => chrome.permissions.getAll());
      expect(granted.origins).toEqual([]);
      expect(granted.permissions?.sort()).toEqual(["devtools", "storage"]);
      const page = await context.newPage();
      truth = await GroundTruth.attach(context, page);
      await openLabPage(context, setup.lab, page);
      // Both tabs' DevTools windows (the extension page's and the lab's) observe.
      await observing(extensionPage);
      const devtools = await devtoolsOf(extensionPage, await extensionId(context));
      await devtools.show(panel);
      // DevTools logs the tab only once its front-end has enabled the network domain there, which
      // under load can come after the devtools page says it observes: the cases wait for a
      // request of the lab page to reach the observer.
      const before = (await devtools.counts()).finished ?? 0;
      await waitFor(
        "DevTools logging the lab's tab",
        async () => {
          await page.evaluate(() => fetch(`${location.pathname}?warm-up=${Date.now()}`).then((r) => r.text()).catch(() => ""));
          return ((await devtools.counts()).finished ?? 0) > before || undefined;
        },
        60_000,
      );
      await runAllCases(page);
      cases = setup.lab.cases;
      await truth.waitForSettled(cases.map((c) => c.id), { requestsPerCase: requestsPerCase(cases), timeoutMs: 90_000 });
      // A verdict read from an entry DevTools completed only later is replaced under its id
      // (later-looks.ts): the report is taken once it agrees on every case, or after a minute as it is.
      const waited = Date.now();
      report = await waitForReport(extensionPage, (r) => cases.every((c) => agrees(truth.verdictFor(c.id), r.entries.filter((e) => caseOf(e) === c.id))), 60_000).catch(() =>
        getReport(extensionPage),
      );
      console.log(`report after ${Date.now() - waited} ms: ${report.entries.length} entries`);
      // DEBUG_CASES=id1,id2 prints DevTools' own entries and what was reported for those cases.
      for (const id of (process.env.DEBUG_CASES ?? "").split(",").filter(Boolean)) {
        console.log(id, JSON.stringify(await devtools.har(id), null, 1), JSON.stringify(report.entries.filter((e) => caseOf(e) === id), null, 1));
      }
      // DUMP_HAR=<file> writes DevTools' own log of the lab's requests, to read it again outside the browser.
      if (process.env.DUMP_HAR) writeFileSync(process.env.DUMP_HAR, JSON.stringify(await devtools.har("")));
      const counts = await devtools.counts();
      console.log(`DevTools observer (${panel} panel): ${JSON.stringify(counts)}`);
      for (const labCase of cases) {
        if (agrees(truth.verdictFor(labCase.id), report.entries.filter((e) => caseOf(e) === labCase.id))) continue;
        const shapes = (await devtools.har(labCase.id)).map(shapeOfEntry);
        logOf.set(labCase.id, `DevTools' log: ${shapes.join(" → ") || "(nothing)"}; observer ${JSON.stringify(counts)}`);
      }
      expect(counts.readProvisional).toBe(0);
      await devtools.detach();
    });

    afterAll(async () => {
      await truth?.detach();
    });

    it("agrees with Chromium's own verdict on every lab case, with no false alarm", () => {
      const rows = cases.map((labCase) => {
        const entries = report.entries.filter((e) => caseOf(e) === labCase.id);
        const chromium = truth.verdictFor(labCase.id);
        return { id: labCase.id, chromium, entries, agree: agrees(chromium, entries) };
      });
      const width = Math.max(...rows.map((r) => r.id.length));
      console.log(
        `${rows.map((r) => `${r.agree ? "  " : "✗ "}${r.id.padEnd(width)}  Chromium ${chromiumOf(r.chromium)}  |  DevTools mode ${verdictOf(r.entries)}`).join("\n")}\n` +
          `${rows.filter((r) => r.agree).length}/${rows.length} cases agree (${panel} panel shown)`,
      );
      for (const r of rows) {
        if (DEVTOOLS_DIFFERS[r.id] !== undefined) continue;
        expect.soft(r.agree, `${r.id}: Chromium ${chromiumOf(r.chromium)}, DevTools mode ${verdictOf(r.entries)}; ${logOf.get(r.id) ?? ""}`).toBe(true);
      }
    });

    it("reports each request once, from DevTools' log only", () => {
      const seen = new Map<string, number>();
      for (const entry of report.entries) seen.set(entry.id, (seen.get(entry.id) ?? 0) + 1);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(report.entries.filter((e) => caseOf(e) !== undefined).length).toBeGreaterThan(cases.length / 2);
    });
  });
}


/**
 * Under load, what is refused: at the response (no ACAO, another origin, `*` with credentials), by
 * the preflight (404 without ACAO, ACAO mismatch), at a 302 without ACAO; and one allowed case.
 * A refused response reaches DevTools' front-end only through Network.responseReceivedExtraInfo
 * (no responseReceived is sent for it), which comes from the network service on another pipe than
 * the renderer's Network.loadingFailed; the front-end finishes the request, and builds the
 * onRequestFinished entry, at loadingFailed, and attaches the extra info whenever it arrives
 * (devtools-frontend core/sdk/NetworkManager.ts, ExtraInfoBuilder). If it arrives later, the entry
 * is provisional: status 0, no response headers, while getHAR() a moment later has them.
 */
const LOAD_MIX = ["missing-acao", "acao-other-origin", "wildcard-with-credentials", "preflight-404-no-acao", "preflight-acao-mismatch", "redirect-hop-missing-acao", "control-simple-get"];
/**
 * How often it happens, measured here (Chromium 156, 2 cores shared with other work, load average
 * 2-10; rounds of 210 requests of LOAD_MIX with two busy processes and the page's 300 ms busy
 * loop), provisional entries per round: [6], [0,0,3,3], [22], [1,0,3,0,0,0], [0,0,1,1,0,0],
 * [0,0,0,0,2,0,0,0,0,0], [0,2,0,0,0,0,0,0,0,0], [2,0,0,3], [0,0,0,0,0,2,0,0,0]; with four busy
 * processes and no page loop [0,1,3,2,0,0], [0,0,1,0,0,0]. That is 58 in about 17,000 entries, in
 * 17 of 63 rounds; each of the 11 runs had some. Nearly all are a refused response (status 0,
 * `_error` net::ERR_FAILED, request headers complete); a few are preflights with both sides late
 * (status 0, no `_error`). At 27 % a round, a run of 10 rounds without any remains possible (about
 * 4 %): then the test says so rather than fail, and everything else it checks still holds.
 */
const LOAD_ROUNDS = 10;
const LOAD_PER_ROUND = 210;
/** The rounds stop early once the observer saw this many provisional entries. */
const WANTED_PROVISIONAL = Number(process.env.LOAD_WANTED ?? 5);
const LOAD_TIME_MS = 45_000;

/** Two busy processes (this machine's cores), each stopping by itself after `ms`. */
function cpuPressure(ms: number): () => void {
  const children = Array.from({ length: Number(process.env.LOAD_BUSY ?? 2) }, () =>
    spawn(process.execPath, ["-e", `const end = Date.now() + ${ms}; while (Date.now() < end);`], { stdio: "ignore" }),
  );
  return () => {
    for (const child of children) if (child.exitCode === null) child.kill();
  };
}

/**
 * A second listener on onRequestFinished in each devtools page, beside the extension's: it keeps
 * the shape of every lab entry as handed over, to compare with DevTools' whole log afterwards. An
 * entry is provisional when getHAR() later has more of it (a status, response or request headers).
 */
const PROBE = `(() => {
  if (globalThis.loadProbe) return true;
  const shapes = (globalThis.loadProbe = []);
  chrome.devtools.network.onRequestFinished.addListener((e) => {
    if (!e.request.url.includes("case=")) return;
    shapes.push({ url: e.request.url, start: e.startedDateTime, method: e.request.method, type: e._resourceType, status: e.response.status, headers: e.response.headers.length, requestHeaders: e.request.headers.length, error: e.response._error ?? null });
  });
  return true;
})()`;

const PROBE_COMPARE = `chrome.devtools.network.getHAR().then((log) => {
  const key = (x) => [x.start, x.method, x.url, x.type].join(" ");
  const full = new Map(log.entries.map((e) => [key({ start: e.startedDateTime, method: e.request.method, url: e.request.url, type: e._resourceType }), e]));
  const shapes = globalThis.loadProbe ?? [];
  const provisional = [];
  let missing = 0;
  for (const shape of shapes) {
    const e = full.get(key(shape));
    if (!e) { missing++; continue; }
    if (e.response.status !== shape.status || e.response.headers.length > shape.headers || e.request.headers.length > shape.requestHeaders)
      provisional.push({ ...shape, later: { status: e.response.status, headers: e.response.headers.length, requestHeaders: e.request.headers.length } });
  }
  return { seen: shapes.length, missing, provisional };
})`;

interface ProbeShape {
  readonly url: string;
  readonly type: string;
  readonly status: number;
  readonly headers: number;
  readonly requestHeaders: number;
  readonly error: string | null;
  readonly later: { readonly status: number; readonly headers: number; readonly requestHeaders: number };
}

interface ProbeResult {
  readonly seen: number;
  readonly missing: number;
  readonly provisional: readonly ProbeShape[];
}

/** Whether the extension's verdict on one request is Chromium's on that same request (CDP, this run). */
function sameAsChromium(truth: GroundTruth, entry: DiagnosedEntry): boolean {
  const id = caseOf(entry);
  if (id === undefined) return false;
  const record = truth.requestsOf(id).find((r) => !r.isPreflight && r.url === entry.url);
  const chromium = record === undefined ? truth.verdictFor(id) : { blocked: record.corsError !== undefined, code: record.corsError ?? null, failedParameter: record.failedParameter ?? null };
  if (!chromium) return false;
  if (!chromium.blocked) return !entry.blocked;
  return entry.blocked && entry.diagnosis.code === chromium.code && entry.diagnosis.failedParameter === chromium.failedParameter;
}

describe("recording while DevTools is open, under load", () => {
  const setup = labAndChromium({ extensionPath: "dist", permissions: "as-built", extraArgs: ["--auto-open-devtools-for-tabs"] });

  it("reads only complete entries (a provisional one is completed first, or dropped): every verdict is Chromium's", async () => {
    const { context } = setup.browser;
    const extensionPage = await openExtensionPage(context);
    const page = await context.newPage();
    const truth = await GroundTruth.attach(context, page);
    await openLabPage(context, setup.lab, page);
    await observing(extensionPage);
    const devtools = await devtoolsOf(extensionPage, await extensionId(context));
    await devtools.show(process.env.LOAD_PANEL ?? "network");
    await devtools.evaluateInPages(PROBE);
    // Rounds of refused requests in bursts, with the machine's cores kept busy and the page's own
    // main thread busy between bursts, until WANTED_PROVISIONAL entries came provisional, at most
    // LOAD_ROUNDS rounds or LOAD_TIME_MS.
    let counts = await devtools.counts();
    let probe: ProbeResult = { seen: 0, missing: 0, provisional: [] };
    let sent = 0;
    let rounds = 0;
    const began = Date.now();
    const perRound: number[] = [];
    const reported = new Map<string, DiagnosedEntry>();
    while (rounds < LOAD_ROUNDS && Date.now() - began < LOAD_TIME_MS && counts.provisional < WANTED_PROVISIONAL) {
      rounds++;
      const before = counts.finished;
      const provisionalBefore = counts.provisional;
      const stop = cpuPressure(8_000);
      try {
        const burst = replay(page, LOAD_PER_ROUND, LOAD_MIX);
        // The page's own busy loop while the burst's responses come in.
        await page.evaluate((busyMs) => {
          const end = performance.now() + busyMs;
          while (performance.now() < end);
        }, Number(process.env.LOAD_PAGE_BUSY_MS ?? 300));
        sent += (await burst).sent;
      } finally {
        stop();
      }
      await expect.poll(async () => (counts = await devtools.counts()).finished - before, { timeout: 60_000 }).toBeGreaterThanOrEqual(LOAD_PER_ROUND);
      await expect
        .poll(async () => {
          counts = await devtools.counts();
          return counts.provisional - counts.completed - counts.abandoned;
        }, { timeout: 30_000 })
        .toBe(0);
      // The round read and delivered (the observer's counts stay still a moment): its verdicts
      // are kept now, as the report keeps a tab's last 1,000 requests only.
      let delivered = -1;
      await expect.poll(async () => delivered === (delivered = (await devtools.counts()).delivered), { timeout: 30_000, interval: 600 }).toBe(true);
      for (const entry of (await getReport(extensionPage)).entries) if (LOAD_MIX.includes(caseOf(entry) ?? "")) reported.set(entry.url, entry);
      perRound.push(counts.provisional - provisionalBefore);
    }
    probe = await devtools.probed();
    counts = await devtools.counts();
    await devtools.detach();
    await truth.detach();
    console.log(
      `DevTools observer under load: ${rounds} rounds, ${sent} requests sent in ${Date.now() - began} ms; ` +
        `provisional per round ${JSON.stringify(perRound)}; by the second listener ${probe.provisional.length} of ${probe.seen} entries (${probe.missing} not in getHAR()); ` +
        `observer ${JSON.stringify(counts)}`,
    );
    const kinds = new Map<string, number>();
    for (const shape of probe.provisional) {
      const kind = `${shape.type} ${caseIdOf(shape.url) ?? "?"}: ${shape.requestHeaders < shape.later.requestHeaders ? "request and response" : "response"} late, _error ${shape.error ?? "none"}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const [kind, n] of kinds) console.log(`  provisional ${n}× ${kind}`);

    // The observer never reads a provisional entry: each was completed from getHAR() or dropped.
    expect(counts.readProvisional).toBe(0);
    expect(counts.completed + counts.abandoned).toBe(counts.provisional);
    if (Math.max(counts.provisional, probe.provisional.length) === 0) console.warn(`no entry came provisional in ${sent} requests (${rounds} rounds): the completion path was not exercised in this run`);
    // The second listener and the observer see the same entries: what the observer completed, the
    // listener saw provisional (the observer's rules may take a few for late ones: rechecked).
    expect(counts.completed).toBeLessThanOrEqual(probe.provisional.length);
    // Every lab request the extension reported is judged as Chromium judged that very request.
    const judged = [...reported.values()];
    expect(judged.length).toBeGreaterThanOrEqual(Math.floor(sent * 0.9));
    const wrong = judged.filter((e) => !sameAsChromium(truth, e));
    expect(wrong.map((e) => `${caseOf(e)} ${e.diagnosis.verdict} ${e.diagnosis.code ?? ""}`)).toEqual([]);
    // And in particular every request whose entry came provisional: judged right, or not judged (dropped).
    const byUrl = new Map(judged.map((e) => [e.url, e]));
    const provisionalRequests = probe.provisional.filter((shape) => shape.type !== "preflight");
    const judgedProvisional = provisionalRequests.filter((shape) => byUrl.has(shape.url));
    console.log(`provisional requests: ${provisionalRequests.length}, judged ${judgedProvisional.length} (as Chromium), dropped ${provisionalRequests.length - judgedProvisional.length}`);
    expect(judgedProvisional.filter((shape) => !sameAsChromium(truth, byUrl.get(shape.url)!)).map((shape) => shape.url)).toEqual([]);
  });
});
