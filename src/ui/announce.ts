// What a screen reader hears when new requests are blocked, and how often: the words of one
// announcement, and a throttle that gathers a burst into one message and speaks at most once per
// interval. Pure apart from the timer it is given.
import type { DiagnosedEntry } from "../shared/report";

/** At most one announcement this often. */
export const ANNOUNCE_INTERVAL_MS = 5_000;
/** A burst of failures (a page load) is gathered this long before it is announced. */
export const ANNOUNCE_SETTLE_MS = 1_000;
/** Failure codes named in one announcement; more are left to the list. */
const NAMED_CODES = 3;

/** "3 new blocked requests: MissingAllowOriginHeader, PreflightMissingAllowOriginHeader". */
export function announcementText(entries: readonly DiagnosedEntry[]): string {
  const codes = [...new Set(entries.map((entry) => entry.diagnosis.code ?? (entry.diagnosis.title || "blocked")))];
  const count = entries.length;
  const named = codes.slice(0, NAMED_CODES).join(", ");
  return `${count} new blocked request${count === 1 ? "" : "s"}: ${named}${codes.length > NAMED_CODES ? " …" : ""}`;
}

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Announcer {
  /** New blocked entries: announced after the settle time, never sooner than the interval after the last announcement. */
  add(entries: readonly DiagnosedEntry[]): void;
  /** Forgets what is waiting (recording paused): nothing of it is announced. */
  drop(): void;
}

export interface AnnouncerOptions {
  readonly say: (text: string) => void;
  readonly timers: Timers;
  readonly intervalMs?: number;
  readonly settleMs?: number;
}

export function createAnnouncer({ say, timers, intervalMs = ANNOUNCE_INTERVAL_MS, settleMs = ANNOUNCE_SETTLE_MS }: AnnouncerOptions): Announcer {
  let waiting: DiagnosedEntry[] = [];
  let timer: unknown = null;
  let lastSaid = Number.NEGATIVE_INFINITY;
  const flush = (): void => {
    timer = null;
    if (waiting.length === 0) return;
    say(announcementText(waiting));
    waiting = [];
    lastSaid = timers.now();
  };
  return {
    add(entries) {
      if (entries.length === 0) return;
      waiting.push(...entries);
      if (timer !== null) return;
      const now = timers.now();
      timer = timers.setTimeout(flush, Math.max(settleMs, lastSaid + intervalMs - now));
    },
    drop() {
      waiting = [];
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
