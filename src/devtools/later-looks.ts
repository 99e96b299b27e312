// Later looks in DevTools' whole log for entries the observer dropped or read as handed over while
// they may not have been whole (a refused response whose raw data DevTools attached after every
// first look: seen in CI under load). Each is looked up at growing delays; once DevTools has it
// whole, the observer reads its request again with it. Bounded: at most MAX_WATCHED entries, each
// looked up WATCH_DELAYS_MS.length times, one getHAR() per look for all of them.
import { sameRequest, shapeOf, type Item } from "./entries";

/** Delays between the later looks (about 30 s in all). */
export const WATCH_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000];
const MAX_WATCHED = 200;

/** An entry looked up later, and what it was last delivered with (read again with its whole copy, under that id). */
export interface Watched {
  readonly item: Item;
  attempts: number;
  group?: { readonly items: readonly Item[]; readonly id: string };
}

export interface LaterLooksDeps {
  getHar(): Promise<readonly unknown[]>;
  isProvisional(entry: unknown): boolean;
  schedule(callback: () => void, delayMs: number): void;
  /** DevTools' log now has `watched`'s entry whole: `whole`, with the same seq. */
  found(watched: Watched, whole: Item): void;
}

export class LaterLooks {
  private watched: Watched[] = [];
  private timer = false;

  constructor(private readonly deps: LaterLooksDeps) {}

  watch(item: Item): void {
    if (this.watched.length >= MAX_WATCHED) return;
    this.watched.push({ item, attempts: 0 });
    this.schedule();
  }

  /** These items were delivered together under `id`: a watched one among them is read again with them. */
  delivered(items: readonly Item[], id: string): void {
    for (const watched of this.watched) if (items.some((item) => item.seq === watched.item.seq)) watched.group = { items, id };
  }

  private schedule(): void {
    if (this.timer || this.watched.length === 0) return;
    this.timer = true;
    const attempt = Math.min(...this.watched.map((w) => w.attempts));
    this.deps.schedule(() => void this.look(), WATCH_DELAYS_MS[attempt] ?? WATCH_DELAYS_MS.at(-1)!);
  }

  private async look(): Promise<void> {
    let log: readonly unknown[] = [];
    try {
      log = await this.deps.getHar();
    } catch {
      // DevTools is closing: the next look (if any) tries again.
    }
    const still: Watched[] = [];
    const found: { readonly watched: Watched; readonly whole: Item }[] = [];
    for (const watched of this.watched) {
      const copy = log.find((candidate) => sameRequest(candidate, watched.item.entry) && !this.deps.isProvisional(candidate) && shapeOf(candidate) !== shapeOf(watched.item.entry));
      if (copy !== undefined) found.push({ watched, whole: { ...watched.item, entry: copy } });
      else if (++watched.attempts < WATCH_DELAYS_MS.length) still.push(watched);
    }
    this.watched = still;
    this.timer = false;
    this.schedule();
    for (const { watched, whole } of found) this.deps.found(watched, whole);
  }
}
