// Figures 1 and 2, in Node: the real Background handlers fed a replayed event stream, with a fake
// Platform whose storage.session counts bytes. Run with --expose-gc; prints JSON on stdout.
import { Background } from "../src/background/background";
import { fakePlatform } from "../test/helpers/fake-platform";
import { FakeSession } from "../test/helpers/fake-session";
import { eventStream, type BenchEvent, type MixOptions } from "./events";
import type { BaselineRun } from "./report-node";
import { summarize, type Summary } from "./stats";

export interface HandlerFigure {
  readonly events: number;
  /** The event mix: the default one, or the redirect mix (bench/events.ts). */
  readonly mix?: "default" | "redirects";
  /** Synchronous time inside the handler, per event, in ms. */
  readonly handler: Summary;
  /** Handler plus the microtasks it queued (the storage write of that event), per event, in ms. */
  readonly withPersist: Summary;
  /** The same measurement around an empty function: the floor of the method. */
  readonly overheadMedianMs: number;
  readonly totalMs: number;
}

export interface MemoryFigure {
  readonly requests: number;
  readonly events: number;
  readonly heapDeltaBytes: number;
  readonly persistedBytes: number;
  readonly persistedKeys: { readonly entries: number; readonly inFlight: number; readonly preflights: number };
  readonly storedEntries: number;
  readonly meanEntryBytes: number;
  readonly largestEntryBytes: number;
  readonly storageWrites: number;
  /** Heap still held once the fake storage.session is emptied: the worker's own share. */
  readonly workerHeapBytes: number;
  /** Mean serialized bytes per field of a persisted entry's exchange: where the bytes go. */
  readonly entryBreakdown: Record<string, number>;
}

export interface NodeResults {
  readonly handler: HandlerFigure[];
  /** The same sizes in the redirect mix. */
  readonly handlerRedirects?: HandlerFigure[];
  readonly memory: MemoryFigure[];
  /** Before/after: the 100,000-event figure at other commits, interleaved (bench/baseline.ts). */
  readonly baseline?: readonly BaselineRun[];
}

const TIMING_MIX: MixOptions = { tabs: 8, navigateEvery: 400 };
/** Worst case for memory: no navigation ever clears a tab, so the store reaches its caps. */
const MEMORY_MIX: MixOptions = { tabs: 10, navigateEvery: 0 };

function deliver(background: Background, event: BenchEvent): void {
  switch (event.kind) {
    case "send":
      return background.onSendHeaders(event.details);
    case "headers":
      return background.onHeadersReceived(event.details);
    case "completed":
      return background.onCompleted(event.details);
    case "error":
      return background.onErrorOccurred(event.details);
  }
}

const ns = (): bigint => process.hrtime.bigint();
const toMs = (nanoseconds: bigint): number => Number(nanoseconds) / 1e6;
/** Lets the microtasks of the last event run, as the browser does at the end of each event task. */
const settle = (): Promise<void> => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => undefined);
/** Every this many events the replay yields to timers, so the 50 ms write-behind batches run as they would. */
const YIELD_EVERY = 100;
const yieldToTimers = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

async function started(session: FakeSession, clock: { now: number }): Promise<Background> {
  const background = new Background(fakePlatform({ session, now: () => clock.now, record: false }).platform);
  await background.start();
  return background;
}

async function measureOverhead(count: number): Promise<number> {
  const empty = (_event: unknown): void => undefined;
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = ns();
    empty(i);
    const t1 = ns();
    await settle();
    samples.push(toMs(t1 - t0));
  }
  return summarize(samples).median;
}

async function handlerFigure(events: number, mix: MixOptions = TIMING_MIX): Promise<HandlerFigure> {
  const clock = { now: 0 };
  const background = await started(new FakeSession(), clock);
  const handler: number[] = [];
  const withPersist: number[] = [];
  const begin = ns();
  for (const event of eventStream(events, mix)) {
    clock.now = event.details.timeStamp;
    const t0 = ns();
    deliver(background, event);
    const t1 = ns();
    await settle();
    const t2 = ns();
    handler.push(toMs(t1 - t0));
    withPersist.push(toMs(t2 - t0));
    if (handler.length % YIELD_EVERY === 0) await yieldToTimers();
  }
  const totalMs = toMs(ns() - begin);
  return {
    events,
    mix: mix.redirects ? "redirects" : "default",
    handler: summarize(handler),
    withPersist: summarize(withPersist),
    overheadMedianMs: await measureOverhead(1000),
    totalMs,
  };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  gc();
  gc();
}

async function replay(requests: number): Promise<{ background: Background; session: FakeSession; events: number }> {
  const clock = { now: 0 };
  const session = new FakeSession();
  const background = await started(session, clock);
  let events = 0;
  for (const event of eventStream(Number.POSITIVE_INFINITY, { ...MEMORY_MIX, maxRequests: requests })) {
    clock.now = event.details.timeStamp;
    deliver(background, event);
    events++;
    await settle();
    if (events % YIELD_EVERY === 0) await yieldToTimers();
  }
  await background.persister.flush();
  // Let the 50 ms panel/badge timer and any other pending task run: what is left is what stays.
  await new Promise((resolve) => setTimeout(resolve, 120));
  return { background, session, events };
}

async function memoryFigure(requests: number): Promise<MemoryFigure> {
  // A fresh process per size: the baseline is this process before any worker existed, so the
  // figure is an upper bound that includes the worker code's own compiled functions.
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const replayed = await replay(requests);
  const { events } = replayed;
  const storedEntries = replayed.background.store.entries().length;
  const storageWrites = replayed.session.writes;
  const persisted = persistedFacts(replayed.session);
  collectGarbage();
  const withSession = process.memoryUsage().heapUsed;
  // The session fake lives in this heap; in Chromium storage.session lives in the browser process.
  replayed.session.data.clear();
  collectGarbage();
  const withWorker = process.memoryUsage().heapUsed;
  if (replayed.background.store.entries().length !== storedEntries) throw new Error("the store changed while measuring");
  return {
    requests,
    events,
    heapDeltaBytes: withSession - before,
    workerHeapBytes: withWorker - before,
    storedEntries,
    storageWrites,
    ...persisted,
  };
}

/** Records are JSON text; the size is that text's. */
function storedSize(value: unknown): number {
  return typeof value === "string" ? value.length : JSON.stringify(value).length;
}

type PersistedFacts = Pick<MemoryFigure, "persistedBytes" | "persistedKeys" | "meanEntryBytes" | "largestEntryBytes" | "entryBreakdown">;

/** Plain numbers about the session's content, so nothing of it stays referenced once it is emptied. */
function persistedFacts(session: FakeSession): PersistedFacts {
  const keys = [...session.data.keys()];
  const entries = [...session.data].filter(([key]) => key.startsWith("e:"));
  const entrySizes = entries.map(([key, value]) => key.length + storedSize(value));
  return {
    persistedBytes: session.bytes(),
    persistedKeys: {
      entries: entries.length,
      inFlight: keys.filter((key) => key.startsWith("f:")).length,
      preflights: keys.filter((key) => key.startsWith("p:")).length,
    },
    meanEntryBytes: entrySizes.length ? entrySizes.reduce((sum, size) => sum + size, 0) / entrySizes.length : 0,
    largestEntryBytes: entrySizes.length ? Math.max(...entrySizes) : 0,
    entryBreakdown: breakdown(entries.map(([, value]) => (typeof value === "string" ? (JSON.parse(value) as unknown) : value))),
  };
}

function breakdown(entries: readonly unknown[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const entry of entries) {
    const exchange = (entry as { exchange: Record<string, unknown> }).exchange;
    for (const [field, value] of Object.entries(exchange)) totals[field] = (totals[field] ?? 0) + JSON.stringify(value ?? null).length;
  }
  for (const field of Object.keys(totals)) totals[field] = Math.round(totals[field]! / Math.max(1, entries.length));
  return totals;
}

/**
 * `handler`: the three handler-time sizes (`handler redirects`: in the redirect mix). `memory <requests>`: one memory figure, alone in this
 * process, so no earlier worker or timer is still on the heap when it is measured.
 */
async function main(): Promise<void> {
  const [mode, argument] = process.argv.slice(2);
  let result: unknown;
  if (mode === "memory") {
    result = await memoryFigure(Number(argument));
  } else {
    const handler: HandlerFigure[] = [];
    const mix: MixOptions = { ...TIMING_MIX, redirects: argument === "redirects" };
    // A short warm-up so the first size is not measuring the JIT.
    await handlerFigure(5_000, mix);
    for (const events of [1_000, 10_000, 100_000]) handler.push(await handlerFigure(events, mix));
    result = handler;
  }
  process.stdout.write(JSON.stringify(result));
  // Pending 50 ms notification timers would keep the process alive a moment; nothing else is left.
  process.exit(0);
}

if (process.argv[1]?.endsWith("node-bench.ts")) void main();
