// What keeps `cors-doctor` from looking like a scan: at most `concurrency` requests at once, and
// at least `intervalMs` between the starts of two requests (a rate limit). The clock and the
// sleep are passed in, so the tests check the spacing without waiting.
import type { Transport } from "./http";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LimitOptions {
  /** Requests in flight at once (≥ 1). */
  readonly concurrency: number;
  /** Requests started per second (> 0). */
  readonly rate: number;
}

export const DEFAULT_LIMITS: LimitOptions = { concurrency: 2, rate: 10 };

/** A transport that waits for its turn: never more than `concurrency` in flight, starts spaced by 1/rate s. */
export function limitedTransport(transport: Transport, limits: LimitOptions, clock: Clock = realClock): Transport {
  const intervalMs = 1000 / limits.rate;
  let inFlight = 0;
  let nextStart = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (inFlight >= limits.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
    // Reserve a start time before waiting, so that concurrent callers space out instead of bunching.
    const now = clock.now();
    const start = Math.max(now, nextStart);
    nextStart = start + intervalMs;
    if (start > now) await clock.sleep(start - now);
  };
  const release = (): void => {
    inFlight -= 1;
    waiting.shift()?.();
  };
  return async (outgoing) => {
    await acquire();
    try {
      return await transport(outgoing);
    } finally {
      release();
    }
  };
}
