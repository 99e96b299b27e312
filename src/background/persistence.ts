// Mirrors finished entries and in-flight requests to storage.session, so that a worker stopped at
// any moment loses nothing: one key per record, written in small batches shortly after each change
// (never on the hot path), and read back once when the worker wakes.
import type { CaptureState, InFlightRequest, PendingPreflight } from "./capture";
import type { EntryStore, StoredEntry } from "./store";

/** The part of storage.session this module uses (a fake in tests). */
export interface SessionArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const ENTRY = "e:";
const IN_FLIGHT = "f:";
const PREFLIGHT = "p:";

export interface Restored {
  readonly entries: StoredEntry[];
  readonly capture: CaptureState;
}

export async function readPersisted(area: SessionArea): Promise<Restored> {
  const all = await area.get(null);
  const entries: StoredEntry[] = [];
  const inFlight: InFlightRequest[] = [];
  const preflights: PendingPreflight[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (typeof value !== "object" || value === null) continue;
    // Values were written by this module; their shape is trusted as far as these prefixes go.
    if (key.startsWith(ENTRY)) entries.push(value as StoredEntry);
    else if (key.startsWith(IN_FLIGHT)) inFlight.push(value as InFlightRequest);
    else if (key.startsWith(PREFLIGHT)) preflights.push(value as PendingPreflight);
  }
  return { entries, capture: { inFlight, preflights } };
}

export class Persister {
  private readonly dirtyIds = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Total bytes of JSON written, for the benchmarks. */
  bytesWritten = 0;

  constructor(
    private readonly area: SessionArea,
    private readonly store: EntryStore,
    private readonly lookup: (id: string) => InFlightRequest | PendingPreflight | undefined,
    private readonly delayMs = 10,
  ) {}

  /** An in-flight record changed or ended. */
  markInFlight(id: string): void {
    this.dirtyIds.add(id);
    this.schedule();
  }

  /** The store changed. */
  markStore(): void {
    this.schedule();
  }

  /** Writes everything pending now; resolves when the browser has it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const items: Record<string, unknown> = {};
    const removals: string[] = [];
    const changes = this.store.takeChanges();
    for (const entry of changes.written) items[ENTRY + entry.id] = entry;
    for (const id of changes.removed) removals.push(ENTRY + id);
    for (const id of this.dirtyIds) {
      const record = this.lookup(id);
      if (record === undefined) removals.push(IN_FLIGHT + id, PREFLIGHT + id);
      else if ("key" in record) items[PREFLIGHT + id] = record;
      else items[IN_FLIGHT + id] = record;
    }
    this.dirtyIds.clear();
    const hasItems = Object.keys(items).length > 0;
    if (!hasItems && removals.length === 0) return this.writing;
    if (hasItems) this.bytesWritten += JSON.stringify(items).length;
    // Writes are chained so that a removal never overtakes the write it undoes.
    this.writing = this.writing
      .then(async () => {
        if (hasItems) await this.area.set(items);
        if (removals.length > 0) await this.area.remove(removals);
      })
      .catch((error: unknown) => console.warn("CORS Doctor: could not persist entries", error));
    return this.writing;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }
}
