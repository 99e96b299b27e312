// What the devtools pages send: the requests DevTools' network log showed (src/devtools/), read
// there by the HAR reader, judged here like every other entry (engine/diagnose.ts outcomeOf now,
// the full diagnosis when read). When *Record always* is granted and DevTools is open, webRequest
// and DevTools see the same request: the second to arrive is its twin and is not stored again
// (same tab, URL and method, started within TWIN_WINDOW_MS, each entry twinned at most once).
import { outcomeOf } from "../engine/diagnose";
import { assertNever, type DevtoolsEntry, type DevtoolsToWorker } from "../shared/messages";
import type { EntryStore, StoredEntry } from "./store";

/** How far apart the two observers' start times of one request may be (HAR: request start; webRequest: its first event). */
export const TWIN_WINDOW_MS = 1_000;

export interface IntakeDeps {
  readonly store: EntryStore;
  /** Whether recording is paused (the devtools pages' entries are then dropped too). */
  paused(): boolean;
  /** Whether the webRequest listeners are on (they clear a tab at its navigations themselves). */
  listening(): boolean;
  preserveLog(): boolean;
  /** A devtools page says which tab it observes since when. */
  observing(tabId: number, since: number): void;
  /** Stores a new entry (false when it adds nothing). */
  record(entry: StoredEntry): boolean;
  /** A stored entry was replaced (a late preflight joined it) or twinned: persist and tell. */
  updated(entry: StoredEntry): void;
  announce(entry: StoredEntry): void;
  clearTab(tabId: number): void;
}

/** The entry the other observer recorded of the same request, if any. */
export function twinOf(store: EntryStore, entry: StoredEntry): StoredEntry | undefined {
  const fromDevtools = entry.source === "devtools";
  const { url, method } = entry.exchange;
  return store.find(
    entry.tabId,
    (known) =>
      (known.source === "devtools") !== fromDevtools &&
      known.twinned !== true &&
      known.exchange.url === url &&
      known.exchange.method === method &&
      Math.abs(known.startedAt - entry.startedAt) <= TWIN_WINDOW_MS,
  );
}

/** The stored form of one DevTools entry. */
export function devtoolsStoredEntry(tabId: number, entry: DevtoolsEntry): StoredEntry {
  return { id: entry.id, tabId, startedAt: entry.startedAt, exchange: entry.exchange, verdict: outcomeOf(entry.exchange), source: "devtools" };
}

/** Applies one devtools page's message. */
export function takeDevtoolsMessage(message: DevtoolsToWorker, deps: IntakeDeps): void {
  switch (message.type) {
    case "observing":
      deps.observing(message.tabId, message.since);
      return;
    case "navigated":
      // Without webRequest nothing else sees a navigation: the tab's list starts again, as in DevTools.
      if (!deps.listening() && !deps.preserveLog()) deps.clearTab(message.tabId);
      return;
    case "observed":
      if (deps.paused()) return;
      for (const entry of message.entries) takeEntry(devtoolsStoredEntry(message.tabId, entry), deps);
      return;
    default:
      assertNever(message);
  }
}

function takeEntry(entry: StoredEntry, deps: IntakeDeps): void {
  const { store } = deps;
  if (store.has(entry.id)) {
    // Sent again, completed (its preflight arrived after it): the fuller exchange replaces it.
    if (store.replace(entry)) deps.updated(entry);
    return;
  }
  // Sent again, fuller (its chain or preflight came late), after its first send was merged into
  // webRequest's entry of the same request: that entry stands for it already.
  if (store.find(entry.tabId, (known) => known.twinOf === entry.id)) return;
  const twin = twinOf(store, entry);
  if (twin) {
    twinned(twin, deps, entry.id);
    return;
  }
  if (deps.record(entry)) deps.announce(entry);
}

/** Marks the entry the other observer recorded as seen by both: one entry per request. */
export function twinned(known: StoredEntry, deps: Pick<IntakeDeps, "store" | "updated">, devtoolsId?: string): void {
  const entry: StoredEntry = { ...known, twinned: true, ...(devtoolsId !== undefined ? { twinOf: devtoolsId } : {}) };
  if (deps.store.replace(entry)) deps.updated(entry);
}
