// The workload of the worker-stop tests: rounds of lab traffic, each with one stop of the
// extension's service worker through CDP while the round's requests are in flight, and Chromium's
// own verdict on every request once the round has ended.
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import type { Lab } from "../../lab/server";
import { openExtensionPage } from "./extension";
import { GroundTruth } from "./ground-truth";
import { openLabPage, replay } from "./lab-page";

/** Blocked and allowed, preflighted and redirected: the lab cases replayed in every round. */
export const STOP_MIX = [
  "control-simple-get",
  "missing-acao",
  "preflight-404-no-acao",
  "control-wildcard",
  "acao-other-origin",
  "header-authorization-disallowed",
  "control-preflight-credentials",
  "wildcard-with-credentials",
  "method-put-disallowed",
  "redirect-hop-missing-acao",
  "control-redirect-allowed",
  "preflight-401-with-acao",
];

/** The lab's per-request nonce (query parameter `n`), which starts with its creation time in base 36. */
export function nonceOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get("n") ?? undefined;
  } catch {
    return undefined;
  }
}

/** What a worker-stop test drives: an extension page to ask for reports, the lab page and its CDP view. */
export interface StopRig {
  readonly extensionPage: Page;
  readonly page: Page;
  readonly truth: GroundTruth;
  /** The lab page's CDP session, with the ServiceWorker domain on (stops and their timing). */
  readonly cdp: CDPSession;
}

export async function openStopRig(context: BrowserContext, lab: Lab): Promise<StopRig> {
  const extensionPage = await openExtensionPage(context);
  const page = await context.newPage();
  const truth = await GroundTruth.attach(context, page);
  await openLabPage(context, lab, page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  return { extensionPage, page, truth, cdp };
}

/** Alternates the two ways to stop a worker from a page's CDP session. */
async function stopWorker(cdp: CDPSession, extensionId: string, round: number): Promise<void> {
  if (round % 2 === 0) {
    await cdp.send("ServiceWorker.stopAllWorkers");
    return;
  }
  const { targetInfos } = await cdp.send("Target.getTargets");
  const worker = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (worker) await cdp.send("Target.closeTarget", { targetId: worker.targetId });
  else await cdp.send("ServiceWorker.stopAllWorkers");
}

export interface StopRounds {
  readonly sent: number;
  readonly stops: number;
  readonly stopTimes: readonly number[];
  /** Nonce → Chromium's CorsError, for every actual request Chromium blocked. */
  readonly blockedByChromium: ReadonlyMap<string, string>;
  /**
   * Per stop, milliseconds from the stop command to the extension's worker reported "stopped" by
   * CDP (ServiceWorker.workerVersionUpdated); events dispatched meanwhile go to a dying worker.
   */
  readonly stopDurations: readonly number[];
  /** Nonce → lab case, for the same requests. */
  readonly caseOfNonce: ReadonlyMap<string, string>;
}

export interface StopRoundOptions {
  readonly page: Page;
  readonly truth: GroundTruth;
  readonly cdp: CDPSession;
  readonly extensionId: string;
  readonly rounds: number;
  readonly perRound: number;
  /** Called once a round has ended in CDP, with the nonces Chromium blocked in it. */
  readonly afterRound: (round: number, blocked: readonly string[]) => Promise<void>;
}

export async function runStopRounds(options: StopRoundOptions): Promise<StopRounds> {
  const { page, truth, cdp, perRound } = options;
  const blockedByChromium = new Map<string, string>();
  const caseOfNonce = new Map<string, string>();
  const stopTimes: number[] = [];
  let stops = 0;
  let sent = 0;
  // Running status of the extension's worker versions, as CDP reports them.
  let lastStopped = 0;
  const stopDurations: number[] = [];
  const origin = `chrome-extension://${options.extensionId}/`;
  cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
    if (versions.some((v) => v.scriptURL.startsWith(origin) && v.runningStatus === "stopped")) lastStopped = Date.now();
  });
  const settledRequests = (): number =>
    STOP_MIX.flatMap((caseId) => truth.requestsOf(caseId)).filter((r) => !r.isPreflight && r.state !== "pending").length;

  for (let round = 0; round < options.rounds; round++) {
    const before = settledRequests();
    const traffic = replay(page, perRound, STOP_MIX);
    // Stop the worker while this round's requests are in flight.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (settledRequests() - before >= perRound / 3) resolve();
        else setTimeout(check, 2);
      };
      check();
    });
    const stopAt = Date.now();
    stopTimes.push(stopAt);
    await stopWorker(cdp, options.extensionId, round);
    stops++;
    const stoppedDeadline = Date.now() + 5_000;
    while (lastStopped < stopAt && Date.now() < stoppedDeadline) await page.waitForTimeout(1);
    if (lastStopped >= stopAt) stopDurations.push(lastStopped - stopAt);
    sent += (await traffic).sent;
    // Chromium's verdicts for this round, once every request has ended in CDP.
    const deadline = Date.now() + 30_000;
    while (settledRequests() < sent && Date.now() < deadline) await page.waitForTimeout(20);
    const thisRound: string[] = [];
    for (const caseId of STOP_MIX) {
      for (const record of truth.requestsOf(caseId)) {
        const nonce = nonceOf(record.url);
        if (record.isPreflight || !record.corsError || !nonce || blockedByChromium.has(nonce)) continue;
        blockedByChromium.set(nonce, record.corsError);
        caseOfNonce.set(nonce, caseId);
        thisRound.push(nonce);
      }
    }
    await options.afterRound(round, thisRound);
  }
  return { sent, stops, stopTimes, stopDurations, blockedByChromium, caseOfNonce };
}

/** Created-minus-stop time of a request, to the nearest stop (negative: made before the stop). */
export function offsetToStop(nonce: string, stopTimes: readonly number[]): number {
  const created = parseInt(nonce.split("-")[0]!, 36);
  let best = Number.POSITIVE_INFINITY;
  for (const t of stopTimes) if (Math.abs(created - t) < Math.abs(best)) best = created - t;
  return best;
}

/** One line on how long the stops took, as CDP reported them. */
export function describeStopDurations(rounds: StopRounds): string {
  const sorted = [...rounds.stopDurations].sort((a, b) => a - b);
  return `stop command to worker stopped (CDP): median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms, ${sorted.length} of ${rounds.stops} observed`;
}
