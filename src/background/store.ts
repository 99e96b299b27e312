// Finished requests, per tab, bounded. Pure: persistence reads the changes it records.
import type { ObservedExchange, Verdict } from "../engine/types";

export interface StoredEntry {
  readonly id: string;
  readonly tabId: number;
  readonly startedAt: number;
  /** The frame that made it, when known (the credentials witness matches on it). */
  readonly frameId?: number;
  readonly exchange: ObservedExchange;
  /** From the outcome alone (the engine's full diagnosis is computed on demand). */
  readonly verdict: Verdict;
  /**
   * Set when a worker stop hid part of the request: only its last event was seen ("end-only"), or
   * only its refused preflight ("preflight-only"). Two such halves of one request are merged.
   */
  readonly observed?: "end-only" | "preflight-only";
  /** An "observed" entry that has already been merged with its other half. */
  readonly merged?: true;
  /** Seen through DevTools' network log (src/devtools/) rather than webRequest. */
  readonly source?: "devtools";
  /** The other observer saw the same request too; it was not stored twice (devtools-intake.ts). */
  readonly twinned?: true;
  /** The id of the DevTools entry this one stands for: a later, fuller send of it is this request too. */
  readonly twinOf?: string;
}

export interface StoreLimits {
  /** Entries kept per tab; allowed ones are evicted before blocked ones. */
  readonly perTab: number;
  /** Entries kept across all tabs. */
  readonly total: number;
}

// Measured: an entry persists as 1–3 KB, so 1,500 entries stay under 5 MB of storage.session's 10 MB.
export const DEFAULT_LIMITS: StoreLimits = { perTab: 1_000, total: 1_500 };

export interface StoreChanges {
  readonly written: readonly StoredEntry[];
  readonly removed: readonly string[];
}

export class EntryStore {
  private readonly tabs = new Map<number, StoredEntry[]>();
  private readonly ids = new Set<string>();
  private total = 0;
  private written = new Map<string, StoredEntry>();
  private removed = new Set<string>();

  constructor(private readonly limits: StoreLimits = DEFAULT_LIMITS) {}

  /** Adds an entry unless it is already known (a worker restart may replay it). Returns whether it was added. */
  add(entry: StoredEntry): boolean {
    if (this.ids.has(entry.id)) return false;
    let list = this.tabs.get(entry.tabId);
    if (!list) this.tabs.set(entry.tabId, (list = []));
    insertByTime(list, entry);
    this.ids.add(entry.id);
    this.total++;
    this.written.set(entry.id, entry);
    this.removed.delete(entry.id);
    if (list.length > this.limits.perTab) this.evictFrom(list);
    while (this.total > this.limits.total) this.evictGlobally();
    return this.ids.has(entry.id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Puts `entry` in place of the known entry with the same id; false when there is none. */
  replace(entry: StoredEntry): boolean {
    const list = this.tabs.get(entry.tabId);
    const index = list ? list.findIndex((e) => e.id === entry.id) : -1;
    if (!list || index < 0) return false;
    list[index] = entry;
    this.written.set(entry.id, entry);
    return true;
  }

  /** The first of a tab's entries that satisfies `predicate`. */
  find(tabId: number, predicate: (entry: StoredEntry) => boolean): StoredEntry | undefined {
    return this.tabs.get(tabId)?.find(predicate);
  }

  entries(tabId?: number): StoredEntry[] {
    if (tabId !== undefined) return [...(this.tabs.get(tabId) ?? [])];
    return [...this.tabs.values()].flat().sort((a, b) => a.startedAt - b.startedAt);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  blockedCount(tabId: number): number {
    let count = 0;
    for (const entry of this.tabs.get(tabId) ?? []) if (entry.verdict === "blocked") count++;
    return count;
  }

  get size(): number {
    return this.total;
  }

  /** Removes a tab's entries (navigation without "preserve log", tab closed, user's clear). */
  clearTab(tabId: number): void {
    const list = this.tabs.get(tabId);
    if (!list) return;
    for (const entry of list) this.forget(entry.id);
    this.total -= list.length;
    this.tabs.delete(tabId);
  }

  clearAll(): void {
    for (const tabId of [...this.tabs.keys()]) this.clearTab(tabId);
  }

  /** What changed since the last call, for persistence. */
  takeChanges(): StoreChanges {
    const changes = { written: [...this.written.values()], removed: [...this.removed] };
    this.written = new Map();
    this.removed = new Set();
    return changes;
  }

  hasChanges(): boolean {
    return this.written.size > 0 || this.removed.size > 0;
  }

  private evictFrom(list: StoredEntry[]): void {
    const allowedIndex = list.findIndex((e) => e.verdict !== "blocked");
    const index = allowedIndex >= 0 ? allowedIndex : 0;
    const [evicted] = list.splice(index, 1);
    if (evicted) {
      this.forget(evicted.id);
      this.total--;
    }
    if (list.length === 0) this.tabs.delete(evicted?.tabId ?? NaN);
  }

  private evictGlobally(): void {
    // The tab whose oldest entry is oldest gives one up.
    let oldestList: StoredEntry[] | undefined;
    for (const list of this.tabs.values()) {
      if (list.length === 0) continue;
      if (!oldestList || list[0]!.startedAt < oldestList[0]!.startedAt) oldestList = list;
    }
    if (!oldestList) {
      this.total = 0;
      return;
    }
    this.evictFrom(oldestList);
  }

  private forget(id: string): void {
    this.ids.delete(id);
    // Removed even when its write is still pending: it may be in storage already (restored, or
    // read back from a previous worker's late writes).
    this.written.delete(id);
    this.removed.add(id);
  }
}

function insertByTime(list: StoredEntry[], entry: StoredEntry): void {
  // Entries nearly always arrive in time order; restored ones may not.
  let index = list.length;
  while (index > 0 && list[index - 1]!.startedAt > entry.startedAt) index--;
  list.splice(index, 0, entry);
}
