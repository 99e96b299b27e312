// Recording while DevTools is open, as built: no webRequest, no host access, only DevTools' own
// network log read by the devtools page. Every lab case, with the Network panel shown and with
// another panel shown, must agree with Chromium's own verdict (CDP corsErrorStatus) as webRequest
// mode does (extension-agreement.e2e.test.ts); under load, entries that come provisional from
// onRequestFinished are completed before they are judged, and no verdict comes from one.
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionState } from "../../src/shared/messages";
import type { DiagnosedEntry, DiagnosedReport } from "../../src/shared/report";
import type { ResolvedCase } from "../lab/types";
import { SHOW_PANEL, TargetEvaluator, waitFor } from "./helpers/devtools";
import { caseOf, extensionId, extensionWorker, getReport, openExtensionPage, send, waitForReport } from "./helpers/extension";
import { GroundTruth, type ChromiumVerdict } from "./helpers/ground-truth";
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

/** DevTools windows: the extension's devtools page in each, and showing a panel in all of them. */
async function devtoolsOf(page: Page, id: string) {
  const cdp = await page.context().newCDPSession(page);
  const remote = new TargetEvaluator(cdp);
  const frontends = async () => (await remote.targets()).filter((t) => t.url.startsWith("devtools://devtools/"));
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
    detach: () => cdp.detach(),
  };
}

/** What the load rounds request: two allowed cases, two refused. */
const LOAD_MIX = ["control-simple-get", "missing-acao", "preflight-404-no-acao", "control-wildcard"];

/** Both tabs' DevTools windows (the extension page's and the lab's) observe. */
function observing(extensionPage: Page): Promise<true> {
  return waitFor("both DevTools windows observing", async () => ((await send<ExtensionState>(extensionPage, { type: "get-state" })).observedTabs?.length ?? 0) >= 2 || undefined, 60_000);
}

/**
 * Cases where what DevTools' log shows and Chromium's verdict part ways, with why (measured in
 * Chromium 156; the HAR reader reads them as a HAR file would be read). Printed, not asserted.
 */
const DEVTOOLS_DIFFERS: Readonly<Record<string, string>> = {
  "redirect-mode-error-cross-origin":
    "redirect: 'error' answered by a 302: the log shows the 302 with _error net::ERR_FAILED and no next hop, as for a refused redirect; webRequest shows net::ERR_ABORTED, which is ignored",
};

for (const panel of ["network", "console"] as const) {
  describe(`recording while DevTools is open (${panel} panel shown), as built`, () => {
    const setup = labAndChromium({ extensionPath: "dist", permissions: "as-built", extraArgs: ["--auto-open-devtools-for-tabs"] });
    let truth: GroundTruth;
    let report: DiagnosedReport;
    let cases: readonly ResolvedCase[];

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
      await runAllCases(page);
      cases = setup.lab.cases;
      await truth.waitForSettled(cases.map((c) => c.id), { requestsPerCase: requestsPerCase(cases), timeoutMs: 90_000 });
      const blockedByChromium = cases.map((c) => c.id).filter((id) => truth.verdictFor(id)?.blocked);
      const waited = Date.now();
      report = await waitForReport(
        extensionPage,
        (r) => {
          const reported = new Set(r.entries.filter((e) => e.blocked).map(caseOf));
          return blockedByChromium.every((id) => reported.has(id));
        },
        60_000,
      ).catch(() => getReport(extensionPage));
      console.log(`report after ${Date.now() - waited} ms: ${report.entries.length} entries`);
      // DEBUG_CASES=id1,id2 prints DevTools' own entries and what was reported for those cases.
      for (const id of (process.env.DEBUG_CASES ?? "").split(",").filter(Boolean)) {
        console.log(id, JSON.stringify(await devtools.har(id), null, 1), JSON.stringify(report.entries.filter((e) => caseOf(e) === id), null, 1));
      }
      // DUMP_HAR=<file> writes DevTools' own log of the lab's requests, to read it again outside the browser.
      if (process.env.DUMP_HAR) writeFileSync(process.env.DUMP_HAR, JSON.stringify(await devtools.har("")));
      const counts = await devtools.counts();
      console.log(`DevTools observer (${panel} panel): ${JSON.stringify(counts)}`);
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
        expect.soft(r.agree, `${r.id}: Chromium ${chromiumOf(r.chromium)}, DevTools mode ${verdictOf(r.entries)}`).toBe(true);
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

describe("recording while DevTools is open, under load", () => {
  const setup = labAndChromium({ extensionPath: "dist", permissions: "as-built", extraArgs: ["--auto-open-devtools-for-tabs"] });

  it("reads only complete entries (a provisional one is completed first, or dropped): every verdict right", async () => {
    const { context } = setup.browser;
    const extensionPage = await openExtensionPage(context);
    const page = await openLabPage(context, setup.lab);
    await observing(extensionPage);
    const devtools = await devtoolsOf(extensionPage, await extensionId(context));
    await devtools.show(process.env.LOAD_PANEL ?? "network");
    // Rounds of a reload and 300 requests at once, until some entries came provisional (at most 8).
    // Chromium 156 here gave none in every run so far (docs/BENCHMARKS.md, section 8): then what
    // this test proves is that every entry was read complete (the observer's unit tests drive the
    // provisional path with DevTools' entry shape), and it says so.
    let counts = await devtools.counts();
    let sent = 0;
    for (let round = 0; round < 8 && counts.provisional === 0; round++) {
      await openLabPage(context, setup.lab, page);
      const before = counts.finished;
      const tally = await replay(page, 300, LOAD_MIX);
      sent += tally.sent;
      await expect.poll(async () => (counts = await devtools.counts()).finished - before, { timeout: 60_000 }).toBeGreaterThanOrEqual(tally.sent);
      await expect
        .poll(async () => {
          counts = await devtools.counts();
          return counts.provisional - counts.completed - counts.abandoned;
        }, { timeout: 30_000 })
        .toBe(0);
    }
    console.log(`DevTools observer under load: ${sent} requests sent, ${JSON.stringify(counts)}`);
    expect(counts.readProvisional).toBe(0);
    expect(counts.completed + counts.abandoned).toBe(counts.provisional);
    if (counts.provisional === 0) console.warn(`no entry came provisional in ${sent} requests: the completion path was not exercised in this run`);
    // Every request of the last round judged as its lab case is: none was judged from a provisional entry.
    let delivered = -1;
    await expect.poll(async () => delivered === (delivered = (await devtools.counts()).delivered), { timeout: 30_000, interval: 1_000 }).toBe(true);
    const report = await getReport(extensionPage);
    const judged = report.entries.filter((e) => caseOf(e) !== undefined);
    expect(judged.length).toBeGreaterThan(200);
    const wrong = judged.filter((e) => (caseOf(e) === "control-simple-get" || caseOf(e) === "control-wildcard" ? e.blocked : !e.blocked));
    expect(wrong.map((e) => `${caseOf(e)} ${e.diagnosis.verdict}`)).toEqual([]);
    await devtools.detach();
  });
});
