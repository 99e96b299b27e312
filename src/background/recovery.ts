// Worker-stop recovery, in one place. Chromium may stop the MV3 worker at any moment; the events
// it was about to deliver are lost with it, most often a request's last one (onErrorOccurred), and
// a stopped worker's last storage calls can land after its successor has read storage. So:
// - a request judged refused is persisted as such at once (capture.ts); a worker that wakes
//   restores what its predecessor left (restoreAtWake), reads storage once more after a grace period
//   (secondLook), then reports the judged requests that never ended (finishOrphans);
// - a refused request whose earlier events never reached this worker is reported from its last
//   event alone ("end-only", finishUnseen); a refused preflight whose actual request never came,
//   from the preflight alone ("preflight-only"); the two halves of one request merge (mergeHalves);
// - the records a previous worker left become this worker's to remove (adopt), and those it wrote
//   too late to be read at waking are found on the second look (foreign).
import type { CapturedRequest, CaptureState, InFlightRequest, Outcome, PendingPreflight } from "./exchanges";
import { exchangeOfPreflight } from "./exchanges";
import { canonicalOriginOf } from "./origin";
import { inFlightKey, preflightKey, readPersisted, type Persister, type Restored, type SessionArea } from "./persistence";
import { MAX_PENDING_PREFLIGHTS, pairingKey, PREFLIGHT_PAIRING_WINDOW_MS, type PreflightPairing } from "./pairing";
import { isLocalNetworkError } from "../engine/not-cors";
import type { ObservedExchange } from "../engine/types";
import { redactUrl } from "../report/redact";
import type { EntryStore, StoredEntry } from "./store";
import type { ErrorDetails } from "./webrequest-types";

/**
 * How long a restarted worker waits for the last events of the requests its predecessor judged
 * refused before reporting them without (the browser delivers what it still has within
 * milliseconds of the restart; what it lost never comes).
 */
export const ORPHAN_GRACE_MS = 1_000;
/** An end-only entry and a preflight-only one this close in time, same tab, URL and method, are one request. */
const HALVES_WINDOW_MS = 60_000;
/** How long a request reported from its last event alone waits for a preflight delivered late. */
const END_ONLY_MEMORY_MS = 10_000;
const LATE_PREFLIGHT =
  "The browser stopped the extension's background worker while this request was in flight, and delivered its preflight only after its end; the verdict comes from the preflight's answer.";
const ORPHAN =
  "The browser stopped the extension's background worker before it delivered this request's last event; the verdict comes from the response headers observed, which fail the browser's CORS checks.";
const UNSEEN =
  "The extension's background worker was restarted by the browser while this request was in flight, so its headers and any preflight were not observed.";
// Resource types a page can load in CORS mode (navigations and beacons cannot be refused by CORS).
const CORS_CAPABLE_TYPES = new Set(["xmlhttprequest", "script", "stylesheet", "font", "image", "media", "other"]);

// ── In the capture ─────────────────────────────────────────────────────────────────────────────

/** What recovery reaches of the capture: its pending records, and how it reports a request. */
export interface CaptureParts {
  readonly inFlight: Map<string, InFlightRequest>;
  readonly pairing: PreflightPairing;
  /** Ends an in-flight request with `outcome` and reports it. */
  finish(request: InFlightRequest, outcome: Outcome): void;
  /** Reports a request recovery built itself. */
  finished(request: CapturedRequest): void;
  /** A restored request that may still get its preflight (Firefox's order); optional. */
  restored?(request: InFlightRequest): void;
}

export class CaptureRecovery {
  /** Pairing key → times of requests reported from their last event alone (finishUnseen), lately. */
  private readonly endOnly = new Map<string, number[]>();

  constructor(private readonly capture: CaptureParts) {}

  /** Restores in-flight state saved before the worker stopped (merging with anything newer). */
  restore(state: CaptureState, now: number, finishedIds: ReadonlySet<string> = new Set()): void {
    const { inFlight, pairing } = this.capture;
    // In-flight keys of finished requests are removed lazily; an entry with the same id means it ended.
    for (const request of state.inFlight) {
      if (inFlight.has(request.id) || finishedIds.has(request.id)) continue;
      inFlight.set(request.id, request);
      this.capture.restored?.(request);
    }
    for (const preflight of state.preflights) {
      if (pairing.has(preflight.requestId) || finishedIds.has(preflight.requestId) || now - preflight.at > PREFLIGHT_PAIRING_WINDOW_MS) continue;
      pairing.add(preflight);
    }
  }

  /**
   * Reports the requests judged refused whose last event never came: `ids` are the in-flight
   * requests and preflights a previous worker left, restored at wake-up. Call once the events that
   * were waiting for this worker have been applied; a request among them that ended meanwhile is
   * no longer pending and is skipped.
   */
  finishOrphans(ids: Iterable<string>): void {
    for (const id of ids) {
      const request = this.capture.inFlight.get(id);
      if (request?.refused) {
        this.capture.finish(request, { completed: false, error: "net::ERR_FAILED", partial: ORPHAN });
        continue;
      }
      const preflight = this.capture.pairing.get(id);
      if (preflight?.refused) this.finishPreflightOnly(preflight, ORPHAN);
    }
  }

  /** A preflight just judged refused: after a stop, the browser can deliver it after its actual request's end. */
  refusedPreflight(preflight: PendingPreflight, at: number): void {
    if (this.takeEndOnly(preflight.key, at)) this.finishPreflightOnly(preflight, LATE_PREFLIGHT);
  }

  /**
   * A cross-origin request failed whose start this worker never saw and no preflight explains: when
   * it is a refusal, the previous worker was stopped mid-request. Reported with what is known rather
   * than lost.
   */
  unseenEnd(details: ErrorDetails, initiator: string): void {
    if (details.error === "net::ERR_FAILED" && CORS_CAPABLE_TYPES.has(details.type) && canonicalOriginOf(details.url) !== null) {
      this.finishUnseen(details, initiator);
    } else if (isLocalNetworkError(details.error)) {
      // A no-cors load (an <img>, a <script>) refused by Local Network Access: the error says it all.
      this.finishUnseen(details, initiator, false);
    }
  }

  /** Forgets end-only requests no late preflight came for; call from a timer, not per event. */
  sweep(now: number): void {
    for (const [key, times] of this.endOnly) if (times.every((at) => now - at > END_ONLY_MEMORY_MS)) this.endOnly.delete(key);
  }

  /** Reports the actual request of a refused preflight from the preflight alone. */
  private finishPreflightOnly(preflight: PendingPreflight, note: string): void {
    this.capture.pairing.remove(preflight);
    const exchange = exchangeOfPreflight(preflight, note);
    this.capture.finished({ id: preflight.requestId, tabId: preflight.tabId, startedAt: preflight.at, exchange, judgedRefused: true, observed: "preflight-only" });
  }

  private takeEndOnly(key: string, now: number): boolean {
    const times = this.endOnly.get(key);
    const index = times ? times.findIndex((at) => Math.abs(now - at) <= END_ONLY_MEMORY_MS) : -1;
    if (!times || index < 0) return false;
    times.splice(index, 1);
    if (times.length === 0) this.endOnly.delete(key);
    return true;
  }

  private finishUnseen(details: ErrorDetails, initiator: string, partial = true): void {
    const exchange: ObservedExchange = {
      url: redactUrl(details.url),
      method: details.method,
      resourceType: details.type,
      initiator,
      requestHeaders: [],
      requestHeadersSent: false,
      redirects: [],
      error: details.error,
      completed: false,
      ...(partial ? { partial: UNSEEN } : {}),
    };
    this.capture.finished({ id: details.requestId, tabId: details.tabId, startedAt: details.timeStamp, exchange, ...(partial ? { observed: "end-only" as const } : {}) });
    if (!partial) return;
    const key = pairingKey(details.tabId, details.url, details.method);
    const times = this.endOnly.get(key) ?? [];
    times.push(details.timeStamp);
    this.endOnly.set(key, times);
    if (this.endOnly.size > MAX_PENDING_PREFLIGHTS) this.endOnly.delete(this.endOnly.keys().next().value!);
  }
}

// ── In the worker, at waking ───────────────────────────────────────────────────────────────────

/** What waking reaches of the background. */
export interface WorkerParts {
  readonly session: SessionArea;
  readonly store: EntryStore;
  readonly capture: { readonly recovery: CaptureRecovery; lookup(id: string): InFlightRequest | PendingPreflight | undefined };
  readonly persister: Persister;
  now(): number;
  /** Adds a finished entry to the store as the worker does; null when it adds nothing new. */
  record(entry: StoredEntry): StoredEntry | null;
  /** Badge and open panels learn of a recorded entry. */
  announce(entry: StoredEntry): void;
}

/**
 * Takes over what a previous worker left in storage.session: its entries, its requests still in
 * flight and its preflights; the judged refusals among them are reported after ORPHAN_GRACE_MS
 * unless their last event comes first.
 */
export function restoreAtWake(worker: WorkerParts, persisted: Restored): void {
  const { store, capture, persister } = worker;
  for (const entry of persisted.entries) store.add(entry);
  store.takeChanges(); // already persisted
  capture.recovery.restore(persisted.capture, worker.now(), new Set(persisted.entries.map((e) => e.id)));
  adopt(persister, persisted.capture);
  // Keys of requests that had already ended, or preflights too old to pair, go now.
  for (const request of persisted.capture.inFlight) if (!capture.lookup(request.id)) persister.markInFlight(request.id);
  for (const preflight of persisted.capture.preflights) if (!capture.lookup(preflight.requestId)) persister.markInFlight(preflight.requestId);
  const judged = judgedIds(persisted.capture);
  setTimeout(() => void secondLook(worker, judged), ORPHAN_GRACE_MS);
}

/**
 * Reads storage.session once more, a grace period after waking, then reports the requests judged
 * refused that never ended. Measured in Chromium 156: the last storage calls of a stopped worker
 * can land after its successor has read storage, so the first read may miss them.
 */
async function secondLook(worker: WorkerParts, judged: string[]): Promise<void> {
  const { store, capture, persister } = worker;
  try {
    await persister.flush(); // what this worker removed must not come back
    const persisted = await readPersisted(worker.session);
    for (const entry of persisted.entries) {
      const recorded = worker.record(entry);
      if (recorded) worker.announce(recorded);
    }
    const late = foreign(persister, persisted.capture);
    const finished = new Set(persisted.entries.map((e) => e.id));
    capture.recovery.restore(late, worker.now(), finished);
    adopt(persister, late);
    judged.push(...judgedIds(late));
  } catch (error) {
    console.warn("CORS Doctor: could not read the previous state again", error);
  }
  capture.recovery.finishOrphans(judged);
  if (store.hasChanges()) persister.markStore();
}

/** Ids of the requests and preflights in `state` judged refused before they ended. */
export function judgedIds(state: CaptureState): string[] {
  return [...state.inFlight.filter((r) => r.refused).map((r) => r.id), ...state.preflights.filter((p) => p.refused).map((p) => p.requestId)];
}

/** Takes over the in-flight keys a previous worker left, so that they are removed when done. */
export function adopt(persister: Persister, state: CaptureState): void {
  for (const request of state.inFlight) persister.claim(inFlightKey(request.id));
  for (const preflight of state.preflights) persister.claim(preflightKey(preflight.requestId));
}

/**
 * The records of `state` this worker never wrote nor is removing: written by a worker stopped
 * before this one started, whose last storage calls landed after this one read storage.
 */
export function foreign(persister: Persister, state: CaptureState): CaptureState {
  return {
    inFlight: state.inFlight.filter((r) => !persister.knows(inFlightKey(r.id))),
    preflights: state.preflights.filter((p) => !persister.knows(preflightKey(p.requestId))),
  };
}

// ── In the store ───────────────────────────────────────────────────────────────────────────────

/**
 * A worker stop can split one request whose preflight was refused: one worker reports the actual
 * request from its last event alone (end-only), another the refused preflight it had persisted
 * (preflight-only). Whichever comes second merges with the first, under the first's id, keeping
 * the preflight's facts. Returns the entry to record, or null when nothing new is to be recorded.
 */
export function mergeHalves(store: EntryStore, entry: StoredEntry): StoredEntry | null {
  const other = entry.observed === "end-only" ? "preflight-only" : "end-only";
  const counterpart = store.find(
    entry.tabId,
    (e) =>
      e.observed === other &&
      e.merged !== true &&
      e.exchange.method === entry.exchange.method &&
      e.exchange.url === entry.exchange.url &&
      Math.abs(e.startedAt - entry.startedAt) <= HALVES_WINDOW_MS,
  );
  if (!counterpart) return store.add(entry) ? entry : null;
  const preflightHalf = entry.observed === "preflight-only" ? entry : counterpart;
  const merged: StoredEntry = { ...preflightHalf, id: counterpart.id, startedAt: Math.min(entry.startedAt, counterpart.startedAt), merged: true };
  return store.replace(merged) ? merged : null;
}
