// Mirrors finished entries and in-flight requests to storage.session, so that a worker stopped at
// any moment loses as little as possible: one key per record, written in small batches shortly
// after each change (never on the hot path), and read back when the worker wakes. What decides a
// refusal leaves at the end of its event: an in-flight record the moment its headers are judged
// refused, or a blocked entry nobody judged before. Everything else (requests still in flight,
// allowed requests, entries whose refusal is already persisted, removals) leaves within
// LAZY_WRITE_MS, because every storage call costs CPU in the worker's process and the browser's,
// which a page load shares: one call per event, with objects, made a 300-request page load over
// 10 % slower (docs/BENCHMARKS.md).
import type { CaptureState, InFlightRequest, PendingPreflight } from "./exchanges";
import type { EntryStore, StoredEntry } from "./store";
import type { PendingHint } from "./witness";

/** The part of storage.session this module uses (a fake in tests). */
export interface SessionArea {
  get(keys: null | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const ENTRY = "e:";
const IN_FLIGHT = "f:";
const PREFLIGHT = "p:";
const HINT = "w:";

/** The storage key of an in-flight request's record. */
export const inFlightKey = (id: string): string => IN_FLIGHT + id;
/** The storage key of a waiting preflight's record. */
export const preflightKey = (id: string): string => PREFLIGHT + id;
/** The storage key of a credentials report waiting for its exchange (witness.ts). */
export const hintStorageKey = (id: string): string => HINT + id;

export interface Restored {
  readonly entries: StoredEntry[];
  readonly capture: CaptureState;
  readonly hints: PendingHint[];
}

export async function readPersisted(area: SessionArea): Promise<Restored> {
  const all = await area.get(null);
  const entries: StoredEntry[] = [];
  const inFlight: InFlightRequest[] = [];
  const preflights: PendingPreflight[] = [];
  const hints: PendingHint[] = [];
  for (const [key, stored] of Object.entries(all)) {
    const value = parseRecord(stored);
    if (value === undefined) continue;
    // Values were written by this module; their shape is trusted as far as these prefixes go.
    if (key.startsWith(ENTRY)) entries.push(value as StoredEntry);
    else if (key.startsWith(IN_FLIGHT)) inFlight.push(value as InFlightRequest);
    else if (key.startsWith(PREFLIGHT)) preflights.push(value as PendingPreflight);
    else if (key.startsWith(HINT)) hints.push(value as PendingHint);
  }
  return { entries, capture: { inFlight, preflights }, hints };
}

/**
 * Records are stored as JSON text, not as objects: the browser converts an object into its own
 * value tree field by field in the worker's process, and that cost, paid for every request, was
 * most of what persisting added to a page load; a string crosses as one block.
 */
function parseRecord(stored: unknown): object | undefined {
  if (typeof stored !== "string") return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

const REMOVED = Symbol("removed");
/**
 * Written over a paired preflight's key, in the same call as the entry that used it, then removed
 * later: a worker stopped between two separate calls could otherwise keep the preflight and pair it
 * again after a restart. Not an object, so reading skips it.
 */
const TOMBSTONE = "0";
const STALE_BATCH = 100;
const STALE_DELAY_MS = 2_000;
/**
 * Longest delay of a write that is not urgent. A request in flight written this late is at worst
 * reported as partial after a stop, not lost: the new worker still sees how it ends.
 */
export const LAZY_WRITE_MS = 50;

export class Persister {
  private readonly dirtyIds = new Set<string>();
  private readonly dirtyHints = new Set<string>();
  private scheduled = false;
  private lazyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Changes not yet handed to the browser, last word per key. */
  private pending = new Map<string, unknown>();
  private lastWrite: Promise<void> = Promise.resolve();
  /** In-flight and preflight keys currently in storage: only those ever need removing. */
  private readonly stored = new Set<string>();
  /** In-flight keys of finished requests, removed in bulk: the entry written meanwhile supersedes them. */
  private stale: string[] = [];
  private staleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly area: SessionArea,
    private readonly store: EntryStore,
    private readonly lookup: (id: string) => InFlightRequest | PendingPreflight | undefined,
    private readonly hint: (id: string) => PendingHint | undefined = () => undefined,
  ) {}

  /** Counts `key` among this worker's records, so that it is removed when done (recovery.ts adopts a previous worker's). */
  claim(key: string): void {
    this.stored.add(key);
  }

  /** Whether this worker wrote `key`, or is removing it. */
  knows(key: string): boolean {
    return this.stored.has(key) || this.stale.includes(key);
  }

  /** An in-flight record changed or ended; `urgent` when it now decides a refusal. */
  markInFlight(id: string, urgent = false): void {
    this.dirtyIds.add(id);
    if (urgent) this.schedule();
    else this.scheduleLazy();
  }

  /** A credentials report started or stopped waiting for its exchange. */
  markHint(id: string): void {
    this.dirtyHints.add(id);
    this.scheduleLazy();
  }

  /** The store changed; `urgent` (a blocked request was recorded) writes at the end of this event. */
  markStore(urgent = false): void {
    if (urgent) this.schedule();
    else this.scheduleLazy();
  }

  /**
   * Hands everything pending to the browser; resolves when the browser has it. Urgent writes leave
   * at the end of the event that caused them (a microtask, not a timer): a worker stopped between
   * two events has already sent every blocked entry the first one recorded. The browser applies
   * one context's storage calls in the order they were made, so writes need no chaining of their own.
   */
  flush(): Promise<void> {
    this.scheduled = false;
    // A pending lazy timer is left to fire (and find little to do): cancelling and re-arming it on
    // every blocked request cost a timer pair per event in bursts.
    this.collect();
    if (this.pending.size === 0) return this.lastWrite;
    const batch = this.pending;
    this.pending = new Map();
    const items: Record<string, unknown> = {};
    const removals: string[] = [];
    for (const [key, value] of batch) {
      if (value === REMOVED) removals.push(key);
      else items[key] = value === TOMBSTONE ? TOMBSTONE : JSON.stringify(value);
    }
    // A batch never sets and removes the same key, so its two calls can go side by side; what must
    // land together (an entry and the end of its preflight) is in the one set call.
    const writes: Promise<void>[] = [];
    if (removals.length > 0) writes.push(this.area.remove(removals));
    if (Object.keys(items).length > 0) writes.push(this.area.set(items));
    this.lastWrite = Promise.all(writes)
      .then(() => undefined)
      .catch((error: unknown) => console.warn("CORS Doctor: could not persist entries", error));
    return this.lastWrite;
  }

  private collect(): void {
    for (const id of this.dirtyIds) {
      const record = this.lookup(id);
      if (record === undefined) {
        // A paired preflight must go at once (it could be paired again after a restart); a
        // finished request's key can wait, since restore skips requests that have an entry.
        if (this.stored.delete(PREFLIGHT + id)) {
          this.pending.set(PREFLIGHT + id, TOMBSTONE);
          this.removeLater(PREFLIGHT + id);
        }
        if (this.stored.delete(IN_FLIGHT + id)) this.removeLater(IN_FLIGHT + id);
      } else {
        const key = ("key" in record ? PREFLIGHT : IN_FLIGHT) + id;
        this.stored.add(key);
        this.pending.set(key, record);
      }
    }
    this.dirtyIds.clear();
    for (const id of this.dirtyHints) {
      const key = HINT + id;
      const hint = this.hint(id);
      if (hint) {
        this.stored.add(key);
        this.pending.set(key, hint);
      } else if (this.stored.delete(key)) {
        // Ended in the same set call as the entry that took it: a restart cannot pair it twice.
        this.pending.set(key, TOMBSTONE);
        this.removeLater(key);
      }
    }
    this.dirtyHints.clear();
    // After the in-flight records: an entry removed now takes the record it superseded with it.
    const changes = this.store.takeChanges();
    for (const entry of changes.written) this.pending.set(ENTRY + entry.id, entry);
    for (const id of changes.removed) {
      this.pending.set(ENTRY + id, REMOVED);
      // Without its entry, that record would be restored as still in flight.
      const stale = this.stale.indexOf(IN_FLIGHT + id);
      if (stale >= 0) {
        this.stale.splice(stale, 1);
        this.pending.set(IN_FLIGHT + id, REMOVED);
      }
    }
  }

  private removeLater(key: string): void {
    this.stale.push(key);
    if (this.stale.length >= STALE_BATCH) this.removeStale();
    else if (this.staleTimer === undefined) this.staleTimer = setTimeout(() => this.removeStale(), STALE_DELAY_MS);
  }

  private removeStale(): void {
    if (this.staleTimer !== undefined) clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    const keys = this.stale;
    this.stale = [];
    if (keys.length > 0) this.area.remove(keys).catch((error: unknown) => console.warn("CORS Doctor: could not persist entries", error));
  }

  private scheduleLazy(): void {
    if (this.scheduled || this.lazyTimer !== undefined) return;
    this.lazyTimer = setTimeout(() => {
      this.lazyTimer = undefined;
      void this.flush();
    }, LAZY_WRITE_MS);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => void this.flush());
  }
}
