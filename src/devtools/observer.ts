// The observer of the mode "while DevTools is open": each request DevTools' network log finished
// (`devtools.network.onRequestFinished`, a HAR entry) is read by the HAR reader and handed on, with
// two precautions, both bounded in time:
// - Provisional entries. Chromium builds the entry when the request finishes, sometimes before the
//   raw response is attached: status 0, no response headers, no redirectURL, no _error. Such an
//   entry is never judged as is: it is looked up again in `devtools.network.getHAR()` (which has the
//   full entry a moment later), retried a few times, and dropped (counted) if it never completes.
//   A refused response whose raw data came late has the same shape with _error set, as a request
//   that failed for good: sent with Origin, it is looked up the same way, read as is if never fuller.
// - Late raw data. Under load DevTools can take longer than those looks to attach a refused
//   response's raw data; an entry dropped or read as handed over is looked up again a few times over
//   about half a minute, and once DevTools has it whole the request is read again with it and sent
//   again under its id (the worker replaces it).
// - Preflights. They are entries of their own (`_resourceType: "preflight"`), which may finish after
//   their request. Entries wait PAIR_WAIT_MS to be read together; a preflight that comes later still
//   is read again with the recent entries of its URL, and the request it joins is sent again with
//   the same id (the worker replaces it).
// No browser API here: the devtools page (devtools.ts) passes the real ones, tests fakes.
import type { HarExchange } from "../har/types";
import type { DevtoolsEntry } from "../shared/messages";
import { LaterLooks, type Watched } from "./later-looks";
import { chainOf, crossOrigin, isPreflight, lateHops, requestUrl, sameRequest, shapeOf, unsentRefusal, waitingHops, type Item } from "./entries";

export { sameRequest } from "./entries";
export { WATCH_DELAYS_MS } from "./later-looks";

/** How long without a new entry before what waits is read: a request's entries finish close together. */
export const PAIR_WAIT_MS = 300;
/** How long an entry waits at most when entries keep coming. */
export const MAX_BATCH_WAIT_MS = 1_500;
/** Delays between the looks in getHAR() for a provisional entry's full form: about 4 s in all. */
export const COMPLETION_DELAYS_MS: readonly number[] = [100, 250, 500, 1_000, 2_000];
/** Looks in getHAR() for an entry that only may be late (`mayBeLate`): about 350 ms. */
export const BRIEF_LOOKS = 2;
/** How long a redirect hop waits for the entry of the hop it points to, and a preflight for its request. */
export const HOP_WAIT_MS = 2_000;
/** How long after a cross-origin entry was left out it is looked up again in DevTools' whole log. */
export const RECHECK_MS = 500;
/** How long a delivered request stays available to a preflight or hop that finishes after it. */
export const LATE_PREFLIGHT_MS = 8_000;
/** Bounds on what waits (a page can fire requests faster than anything drains). */
const MAX_WAITING = 5_000;
const MAX_RECENT = 500;

export interface ObserverDeps {
  /** DevTools' whole log now (`devtools.network.getHAR()`), its entries. */
  getHar(): Promise<readonly unknown[]>;
  /** The HAR reader on these entries: exchanges, each with the indexes of the entries it joins. */
  read(entries: readonly unknown[]): readonly HarExchange[];
  /** The HAR reader's rule: the entry's response is not there yet. */
  isProvisional(entry: unknown): boolean;
  /**
   * The HAR reader's rule for an entry that may be provisional or final (a refused response whose
   * raw data came late looks like a request that failed for good): looked up in getHAR() like a
   * provisional one, taken from there if fuller, read as handed over if it never is.
   */
  mayBeProvisional?(entry: unknown): boolean;
  /**
   * The HAR reader's rule for an entry shaped like a request its preflight stopped, which a refused
   * response whose raw data came late also is: looked up in getHAR() briefly (BRIEF_LOOKS), so that
   * a real one is not held back, then read as handed over and looked up again later (later-looks.ts).
   */
  mayBeLate?(entry: unknown): boolean;
  /**
   * Take every entry from DevTools' whole log rather than as handed over (Firefox: its network
   * monitor fills an entry's headers in lazily, so `onRequestFinished` may hand over an entry
   * without them, while `getHAR()` asks for everything).
   */
  readonly completeFromLog?: boolean;
  /** Entries ready for the worker. */
  deliver(entries: readonly DevtoolsEntry[]): void;
  schedule(callback: () => void, delayMs: number): void;
  now(): number;
  /** Distinguishes this devtools page's ids from another's (and from webRequest's). */
  readonly instance: string;
}

/** What the observer saw, for tests and the bench: no verdict is ever taken from a provisional entry. */
export interface ObserverCounts {
  finished: number;
  /** Entries that came provisional from onRequestFinished (one that only may be: once getHAR() had more of it). */
  provisional: number;
  /** Of those, completed from getHAR() and then read. */
  completed: number;
  /** Of those, still provisional after every look: dropped, never judged. */
  abandoned: number;
  /** Exchanges handed to the worker (a re-sent one counts again). */
  delivered: number;
  /** Provisional entries that reached the reader: must stay 0. */
  readProvisional: number;
  /** Cross-origin entries the reader left out, found fuller in DevTools' whole log a moment later and read again. */
  rechecked: number;
  /** Entries dropped or read as handed over, found whole in DevTools' log later (WATCH_DELAYS_MS) and read again. */
  revised: number;
  /** Batches the reader could not read together (then read entry by entry), and errors of the observer itself. */
  errors: number;
  lastError?: string;
}

interface Pending {
  readonly seq: number;
  readonly entry: unknown;
  attempts: number;
  /** May be provisional, or final: taken from getHAR() only if fuller there. */
  readonly doubtful: boolean;
  /** How many looks before it is read as handed over. */
  readonly looks: number;
}

export class NetworkObserver {
  readonly counts: ObserverCounts = { finished: 0, provisional: 0, completed: 0, abandoned: 0, delivered: 0, readProvisional: 0, rechecked: 0, revised: 0, errors: 0 };
  private seq = 0;
  private ready: Item[] = [];
  private pending: Pending[] = [];
  /** Delivered requests, with the id they were delivered under, for preflights that come later. */
  private recent: (Item & { readonly id: string })[] = [];
  private flushTimer = false;
  private lastArrival = 0;
  private completionTimer = false;
  private readonly later: LaterLooks;

  constructor(private readonly deps: ObserverDeps) {
    this.later = new LaterLooks({ getHar: deps.getHar, isProvisional: deps.isProvisional, schedule: deps.schedule, found: (watched, whole) => this.guarded(() => this.revise(watched, whole)) });
  }

  /** One `onRequestFinished` entry. */
  finished(entry: unknown): void {
    this.counts.finished++;
    const seq = this.seq++;
    const provisional = this.deps.isProvisional(entry);
    const doubtful = !provisional && this.deps.mayBeProvisional?.(entry) === true;
    const late = !provisional && !doubtful && this.deps.mayBeLate?.(entry) === true;
    if (provisional || doubtful || late || this.deps.completeFromLog === true) {
      if (provisional) this.counts.provisional++;
      if (this.pending.length >= MAX_WAITING) return void (provisional ? this.counts.abandoned++ : this.enqueue({ seq, entry, at: this.deps.now() }));
      this.pending.push({ seq, entry, attempts: 0, doubtful: doubtful || late, looks: late ? BRIEF_LOOKS : COMPLETION_DELAYS_MS.length });
      this.scheduleCompletion();
      return;
    }
    this.enqueue({ seq, entry, at: this.deps.now() });
  }

  /**
   * A navigation of the inspected page: what waits belongs to the page that is gone and is read
   * now, before the worker hears of the navigation (which clears the tab unless the log is preserved).
   */
  navigated(): void {
    try {
      this.flush();
    } catch (error) {
      this.failed(error);
    }
    this.recent = [];
  }

  private enqueue(item: Item): void {
    if (this.ready.length >= MAX_WAITING) return;
    this.ready.push(item);
    this.lastArrival = this.deps.now();
    if (this.flushTimer) return;
    this.flushTimer = true;
    this.deps.schedule(() => this.whenQuiet(), PAIR_WAIT_MS);
  }

  /**
   * Reads what waits once PAIR_WAIT_MS passed without a new entry (a request's entries come
   * together), or once the oldest has waited MAX_BATCH_WAIT_MS (a page that never pauses).
   */
  private whenQuiet(): void {
    const now = this.deps.now();
    const oldest = Math.min(...this.ready.map((item) => item.at));
    const quietIn = this.lastArrival + PAIR_WAIT_MS - now;
    const capIn = oldest + MAX_BATCH_WAIT_MS - now;
    if (quietIn > 0 && capIn > 0) {
      this.deps.schedule(() => this.whenQuiet(), Math.min(quietIn, capIn));
      return;
    }
    this.flushTimer = false;
    try {
      this.flush();
    } catch (error) {
      this.failed(error);
    }
  }

  private scheduleCompletion(): void {
    if (this.completionTimer || this.pending.length === 0) return;
    this.completionTimer = true;
    const attempt = Math.min(...this.pending.map((p) => p.attempts));
    this.deps.schedule(() => void this.complete(), COMPLETION_DELAYS_MS[attempt] ?? COMPLETION_DELAYS_MS.at(-1)!);
  }

  /** Looks the provisional entries up in DevTools' whole log; what is complete there goes on. */
  private async complete(): Promise<void> {
    let log: readonly unknown[] = [];
    try {
      log = await this.deps.getHar();
    } catch {
      // DevTools is closing: the next look (if any) tries again.
    }
    const used = new Set<number>();
    const still: Pending[] = [];
    for (const pending of this.pending) {
      const index = log.findIndex((candidate, i) => !used.has(i) && sameRequest(candidate, pending.entry) && this.usable(candidate, pending));
      if (index >= 0) {
        used.add(index);
        if (pending.doubtful) this.counts.provisional++;
        if (pending.doubtful || this.deps.isProvisional(pending.entry)) this.counts.completed++;
        this.enqueue({ seq: pending.seq, entry: log[index], at: this.deps.now() });
      } else if (++pending.attempts >= pending.looks) {
        const item = { seq: pending.seq, entry: pending.entry, at: this.deps.now() };
        if (this.deps.isProvisional(pending.entry)) this.counts.abandoned++;
        // Never found in the log (Firefox), or never fuller there (it was final): read as handed over, which is all there is.
        else this.enqueue(item);
        // Chrome: DevTools may still attach its raw data; if it ever does, the request is read again.
        if (pending.doubtful || this.deps.isProvisional(pending.entry)) this.later.watch(item);
      } else {
        still.push(pending);
      }
    }
    this.pending = still;
    this.completionTimer = false;
    this.scheduleCompletion();
  }

  /** Whether DevTools' log has `pending`'s entry in a form to read. */
  private usable(candidate: unknown, pending: Pending): boolean {
    // The copy must be whole itself (a preflight that still has no question is not).
    if (pending.doubtful) return !this.deps.isProvisional(candidate) && this.deps.mayBeProvisional?.(candidate) !== true && shapeOf(candidate) !== shapeOf(pending.entry);
    return this.deps.completeFromLog === true || !this.deps.isProvisional(candidate);
  }

  /**
   * Reads what waited, together, and delivers every exchange it makes. A redirect hop waits for its
   * next hop; an entry of a request delivered already (a late preflight, a late hop) is read again
   * with it and the request is sent again under its id.
   */
  private flush(): void {
    const now = this.deps.now();
    this.recent = this.recent.filter((item) => now - item.at <= LATE_PREFLIGHT_MS);
    const recentUrls = new Set(this.recent.map((item) => requestUrl(item.entry)));
    const waiting = waitingHops(this.ready, now, recentUrls, HOP_WAIT_MS);
    const batch = this.ready.filter((item) => !waiting.has(item));
    this.ready = [];
    for (const item of waiting) this.enqueue(item);
    const late = lateHops(batch, this.recent);
    const fresh = batch.filter((item) => !late.has(item));
    const joined = this.readAndDeliver(fresh);
    const leftovers = fresh.filter((item, index) => !joined.has(index) && isPreflight(item.entry));
    this.lateJoin([...late]);
    const joinedLeftovers = this.lateJoin(leftovers);
    const lookedUp = new Set(this.pending.map((pending) => requestUrl(pending.entry)));
    for (const item of leftovers) {
      // A preflight whose request has not finished yet waits for it, as a hop waits for the next,
      // and as long as its request is being looked up in DevTools' log (slow under load).
      if (!joinedLeftovers.has(item) && (now - item.at < HOP_WAIT_MS || lookedUp.has(requestUrl(item.entry)))) this.enqueue(item);
    }
    // Every request, also one the reader left out alone: its preflight may still come and decide it.
    this.remember(batch.filter((item) => !isPreflight(item.entry)));
    this.rereadRefusals(fresh.filter((_item, index) => !joined.has(index)));
    // A cross-origin request the reader left out (no exchange) may have been handed over before
    // DevTools had all of it: looked up once more in DevTools' whole log.
    this.recheck(fresh.filter((item, index) => !joined.has(index) && !isPreflight(item.entry) && !item.rechecked && crossOrigin(item.entry)));
  }

  /**
   * A fetch refused on an answer reused from the HTTP cache is logged with no headers: the reader
   * judges it only with the entry that stored the answer, which DevTools may hand over before or
   * after it. Each such refusal left out is read again with the recent entries of its URL, when it
   * comes and when an entry of its URL comes after it (under its own id: a new reading replaces).
   */
  private rereadRefusals(leftOut: readonly Item[]): void {
    const urls = new Set(leftOut.filter((item) => !unsentRefusal(item.entry)).map((item) => requestUrl(item.entry)));
    const refusals = this.recent.filter((item) => unsentRefusal(item.entry) && (leftOut.some((left) => left.seq === item.seq) || urls.has(requestUrl(item.entry))));
    for (const refusal of refusals) {
      const others = this.recent.filter((item) => item.seq !== refusal.seq && requestUrl(item.entry) === requestUrl(refusal.entry) && !unsentRefusal(item.entry));
      if (others.length === 0) continue;
      const ids = new Map([...others, refusal].map((item) => [item.seq, item.id] as const));
      this.readAndDeliver([...others, refusal], ids);
    }
  }

  private recheck(items: readonly Item[]): void {
    if (items.length === 0) return;
    this.deps.schedule(() => void this.lookAgain(items), RECHECK_MS);
  }

  private async lookAgain(items: readonly Item[]): Promise<void> {
    let log: readonly unknown[] = [];
    try {
      log = await this.deps.getHar();
    } catch {
      return;
    }
    for (const item of items) {
      const copy = log.find((candidate) => sameRequest(candidate, item.entry));
      if (copy === undefined || shapeOf(copy) === shapeOf(item.entry)) continue;
      this.counts.rechecked++;
      this.enqueue({ seq: item.seq, entry: copy, at: this.deps.now(), rechecked: true });
    }
  }

  /** Reads `items` and delivers the exchanges; returns the indexes the reader joined into one. */
  private readAndDeliver(items: readonly Item[], ids?: ReadonlyMap<number, string>): Set<number> {
    const joined = new Set<number>();
    if (items.length === 0) return joined;
    this.counts.readProvisional += items.filter((item) => this.deps.isProvisional(item.entry)).length;
    let exchanges: readonly HarExchange[] = [];
    try {
      exchanges = this.deps.read(items.map((item) => item.entry));
    } catch (error) {
      // Never expected (the reader reads defensively): read each entry alone, so that one entry
      // it cannot read costs only itself.
      this.failed(error);
      if (items.length === 1) return joined;
      for (const item of items) this.readAndDeliver([item], ids);
      return joined;
    }
    const out: DevtoolsEntry[] = [];
    for (const found of exchanges) {
      const own = found.entries.filter((i) => items[i] !== undefined && !isPreflight(items[i]!.entry));
      if (own.length === 0) continue;
      for (const i of found.entries) joined.add(i);
      // Sent before under an id: the same id again, so that the worker replaces it.
      const known = found.entries.map((i) => ids?.get(items[i]?.seq ?? -1)).find((id) => id !== undefined);
      const id = known ?? this.idOf(Math.min(...own.map((i) => items[i]!.seq)));
      out.push({ id, startedAt: found.startedAt, exchange: found.exchange });
      this.later.delivered(found.entries.map((i) => items[i]).filter((item) => item !== undefined), id);
    }
    if (out.length > 0) {
      this.counts.delivered += out.length;
      this.deps.deliver(out);
    }
    return joined;
  }

  /**
   * Entries of requests delivered before they finished (a late preflight, a late hop with its
   * preflight), read again together with the recent entries of their chains; returns those joined.
   */
  private lateJoin(lates: readonly Item[]): Set<Item> {
    if (lates.length === 0) return new Set();
    const candidates = [...new Set(lates.flatMap((late) => chainOf(late, this.recent)))];
    const ids = new Map(candidates.map((item) => [item.seq, item.id] as const));
    const read = candidates.length > 0 ? this.readAndDeliver([...candidates, ...lates], ids) : new Set<number>();
    const joined = new Set(lates.filter((_late, index) => read.has(candidates.length + index)));
    for (const late of lates) if (!joined.has(late) && !isPreflight(late.entry)) this.readAndDeliver([late]);
    return joined;
  }


  /** Delivered requests, kept LATE_PREFLIGHT_MS from now (one entry per request: a fuller copy replaces). */
  private remember(items: readonly Item[]): void {
    const seqs = new Set(items.map((item) => item.seq));
    const at = this.deps.now();
    this.recent = [...this.recent.filter((item) => !seqs.has(item.seq)), ...items.map((item) => ({ ...item, at, id: this.idOf(item.seq) }))].slice(-MAX_RECENT);
  }

  /** DevTools' log has a watched entry whole now: it replaces the one read (or dropped), and its request is read again under its id. */
  private revise(watched: Watched, whole: Item): void {
    this.counts.revised++;
    const replace = <T extends Item>(item: T): T => (item.seq === whole.seq ? { ...item, entry: whole.entry } : item);
    this.recent = this.recent.map(replace);
    if (this.ready.some((item) => item.seq === whole.seq)) {
      // Not read yet (a hop waiting for the next one): read whole when its turn comes.
      this.ready = this.ready.map(replace);
      return;
    }
    if (watched.group !== undefined) {
      const items = watched.group.items.map(replace);
      this.readAndDeliver(items, new Map(items.map((item) => [item.seq, watched.group!.id] as const)));
      return;
    }
    // Dropped, or read and left out alone: read as if it had just finished.
    this.enqueue({ seq: whole.seq, entry: whole.entry, at: this.deps.now(), rechecked: true });
  }

  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.counts.errors++;
    this.counts.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.warn("CORS Doctor: DevTools entries could not be read", error);
  }

  private idOf(seq: number): string {
    return `${this.deps.instance}-${seq.toString(36)}`;
  }
}
