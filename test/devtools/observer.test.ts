// The devtools page's observer: provisional entries are completed from getHAR() before anything
// reads them (or dropped, counted, never judged); a preflight is read with its request, also when
// it finishes after it (the request is sent again under the same id); a redirect hop waits for the
// next one. The HAR reader is faked here by a small joiner; the real one is tested in test/har.
import { describe, expect, it } from "vitest";
import { mayBeProvisionalEntry, mayBeStoppedByPreflight } from "../../src/har/reader";
import { BRIEF_LOOKS, COMPLETION_DELAYS_MS, HOP_WAIT_MS, MAX_BATCH_WAIT_MS, NetworkObserver, PAIR_WAIT_MS, RECHECK_MS, sameRequest, WATCH_DELAYS_MS, type ObserverDeps } from "../../src/devtools/observer";
import type { HarExchange } from "../../src/har/types";
import type { DevtoolsEntry } from "../../src/shared/messages";
import { exchange } from "../engine/fixtures";

const T0 = Date.UTC(2026, 11, 7, 12);
/** The brief looks in DevTools' log for an entry that only may be late. */
const BRIEF_MS = COMPLETION_DELAYS_MS.slice(0, BRIEF_LOOKS).reduce((a, b) => a + b, 0);

interface Har {
  startedDateTime: string;
  _resourceType: string;
  request: { method: string; url: string; headers?: { name: string; value: string }[] };
  response: { status: number; headers: { name: string; value: string }[]; redirectURL: string; _error?: string };
}

function har(url: string, options: { status?: number; preflight?: boolean; redirectTo?: string; at?: number; method?: string } = {}): Har {
  const status = options.status ?? 200;
  return {
    startedDateTime: new Date(T0 + (options.at ?? 0)).toISOString(),
    _resourceType: options.preflight ? "preflight" : "fetch",
    request: options.preflight
      ? // A preflight always asks with Access-Control-Request-Method (one without it is not complete yet).
        { method: "OPTIONS", url, headers: [{ name: "Access-Control-Request-Method", value: options.method ?? "GET" }] }
      : { method: options.method ?? "GET", url },
    response: { status, headers: status === 0 ? [] : [{ name: "x", value: "y" }], redirectURL: options.redirectTo ?? "" },
  };
}

const provisional = (entry: Har): Har => ({ ...entry, response: { status: 0, headers: [], redirectURL: "" } });
const isProvisional = (x: unknown): boolean => {
  const r = (x as Har).response;
  return r.status === 0 && r.headers.length === 0 && r.redirectURL === "" && r._error === undefined;
};

/** Joins what the real reader joins: preflights with the request of their URL, hops by redirectURL. */
function fakeRead(entries: readonly unknown[]): HarExchange[] {
  const list = entries as readonly Har[];
  const out: HarExchange[] = [];
  const targets = new Set(list.map((e) => e.response.redirectURL).filter(Boolean));
  list.forEach((entry, index) => {
    if (entry._resourceType === "preflight" || targets.has(entry.request.url)) return;
    const joined = [index];
    let hop = entry;
    while (hop.response.redirectURL) {
      const next = list.findIndex((e) => e.request.url === hop.response.redirectURL && e._resourceType !== "preflight");
      if (next < 0) break;
      joined.push(next);
      hop = list[next]!;
    }
    const urls = new Set(joined.map((i) => list[i]!.request.url));
    list.forEach((e, i) => e._resourceType === "preflight" && urls.has(e.request.url) && joined.push(i));
    out.push({ id: `h${index}`, startedAt: Date.parse(entry.startedDateTime), entries: joined, exchange: { ...exchange({ url: entry.request.url }), resourceType: `${joined.length}` } });
  });
  return out;
}

/**
 * `leaveOut`: entries the reader leaves out (as the real one leaves out what it cannot tell is CORS),
 * given the entries read with them.
 */
function setup(log: Har[] = [], leaveOut: (entry: Har, readWith: readonly Har[]) => boolean = () => false) {
  let now = T0;
  const timers: { at: number; run: () => void }[] = [];
  const delivered: DevtoolsEntry[][] = [];
  const read: number[] = [];
  let looks = 0;
  // Closed: getHAR() answers only once it is opened again (DevTools busy under load).
  let gate: Promise<void> = Promise.resolve();
  const hold = (): (() => void) => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    return () => {
      gate = Promise.resolve();
      open();
    };
  };
  const deps: ObserverDeps = {
    getHar: async () => {
      looks++;
      await gate;
      return log;
    },
    read: (entries) => {
      read.push(entries.length);
      return fakeRead(entries).filter((found) => !found.entries.some((i) => leaveOut(entries[i] as Har, entries as readonly Har[])));
    },
    isProvisional,
    mayBeProvisional: mayBeProvisionalEntry,
    mayBeLate: mayBeStoppedByPreflight,
    deliver: (entries) => void delivered.push([...entries]),
    schedule: (run, delay) => void timers.push({ at: now + delay, run }),
    now: () => now,
    instance: "t",
  };
  const observer = new NetworkObserver(deps);
  async function advance(ms: number): Promise<void> {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.run();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    now = end;
  }
  return { observer, delivered, read, log, advance, looks: () => looks, hold };
}

describe("the DevTools network observer", () => {
  it("reads a request with its preflight when both finish within the wait, once", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://api.test/a", { method: "PUT" }));
    observer.finished(har("http://api.test/a", { preflight: true }));
    await advance(PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([["t-0", "2"]]);
  });

  it("reads once entries stop coming for a moment, or when the oldest has waited long enough", async () => {
    const { observer, delivered, advance } = setup();
    for (let i = 0; i < 4; i++) {
      observer.finished(har(`http://api.test/s${i}`));
      await advance(PAIR_WAIT_MS - 100);
    }
    expect(delivered).toEqual([]); // still coming
    await advance(100);
    expect(delivered.flat()).toHaveLength(4);
    for (let i = 0; i < 20; i++) {
      observer.finished(har(`http://api.test/t${i}`));
      await advance(PAIR_WAIT_MS - 100);
    }
    expect(delivered.length).toBeGreaterThanOrEqual(2); // a page that never pauses: capped
    expect(MAX_BATCH_WAIT_MS).toBeLessThan(20 * (PAIR_WAIT_MS - 100));
  });

  it("completes a provisional entry from getHAR() before reading it; no verdict from a provisional entry", async () => {
    const full = har("http://api.test/b", { status: 500 });
    const { observer, delivered, advance, log } = setup([]);
    observer.finished(provisional(full));
    await advance(COMPLETION_DELAYS_MS[0]! + PAIR_WAIT_MS);
    expect(delivered).toEqual([]); // not in DevTools' log yet: nothing read
    log.push(provisional(har("http://api.test/other")), full);
    await advance(10_000);
    expect(delivered.flat().map((e) => e.exchange.url)).toEqual(["http://api.test/b"]);
    expect(observer.counts).toMatchObject({ finished: 1, provisional: 1, completed: 1, abandoned: 0, readProvisional: 0 });
  });

  it("drops an entry that never completes, after a bounded number of looks, and counts it", async () => {
    const entry = provisional(har("http://api.test/c"));
    const { observer, delivered, advance } = setup([entry]);
    observer.finished(entry);
    await advance(COMPLETION_DELAYS_MS.reduce((a, b) => a + b, 0) + PAIR_WAIT_MS);
    expect(delivered).toEqual([]);
    expect(observer.counts).toMatchObject({ provisional: 1, completed: 0, abandoned: 1, readProvisional: 0 });
  });

  it("an entry with _error, sent with Origin, but no status yet is completed from getHAR() when fuller there, and counted", async () => {
    const full = { ...har("http://api.test/r", { status: 200 }), request: { method: "GET", url: "http://api.test/r", headers: [{ name: "Origin", value: "http://page.test" }] } };
    const early: Har = { ...full, response: { status: 0, headers: [], redirectURL: "", _error: "net::ERR_FAILED" } };
    const { observer, delivered, advance, log } = setup([early]);
    observer.finished(early);
    await advance(COMPLETION_DELAYS_MS[0]! + PAIR_WAIT_MS);
    expect(delivered).toEqual([]); // DevTools' log has no more of it yet: nothing read
    log.splice(0, 1, { ...full, response: { ...full.response, _error: "net::ERR_FAILED" } });
    await advance(10_000);
    expect(delivered.flat()).toHaveLength(1);
    expect(observer.counts).toMatchObject({ finished: 1, provisional: 1, completed: 1, abandoned: 0, readProvisional: 0 });
  });

  it("a preflight handed over without Access-Control-Request-Method (its request headers not attached yet) is completed from getHAR() before it is read", async () => {
    const request = har("http://api.test/auth", { at: 1 });
    const full = har("http://api.test/auth", { preflight: true, status: 204, at: 2 });
    const early: Har = { ...full, request: { method: "OPTIONS", url: full.request.url, headers: [] } };
    const { observer, delivered, advance, log } = setup([request, early]);
    observer.finished(request);
    observer.finished(early);
    await advance(COMPLETION_DELAYS_MS[0]! + PAIR_WAIT_MS);
    // Read as it was, it would seem to ask for no header at all: it waits for its copy in the log.
    expect(observer.counts).toMatchObject({ provisional: 0, completed: 0 });
    log.splice(1, 1, full);
    await advance(10_000);
    expect(delivered.flat().length).toBeGreaterThan(0);
    expect(observer.counts).toMatchObject({ finished: 2, provisional: 1, completed: 1, abandoned: 0, readProvisional: 0 });
  });

  it("such an entry that stays as it is in getHAR() was final: read as handed over after the looks, not dropped", async () => {
    const entry: Har = { ...har("http://api.test/s", { status: 0 }), request: { method: "GET", url: "http://api.test/s", headers: [{ name: "origin", value: "http://page.test" }] } };
    entry.response._error = "net::ERR_EMPTY_RESPONSE";
    const { observer, delivered, advance } = setup([entry]);
    observer.finished(entry);
    await advance(COMPLETION_DELAYS_MS[0]! + PAIR_WAIT_MS);
    expect(delivered).toEqual([]); // looked up first, as it may be provisional
    await advance(COMPLETION_DELAYS_MS.reduce((a, b) => a + b, 0) + PAIR_WAIT_MS);
    expect(delivered.flat()).toHaveLength(1);
    expect(observer.counts).toMatchObject({ provisional: 0, completed: 0, abandoned: 0, readProvisional: 0 });
  });

  it("a request its preflight stopped (status 0, _error, request headers without Origin) is read after a brief look in DevTools' log", async () => {
    const { observer, delivered, advance } = setup();
    const stopped: Har = { ...har("http://api.test/p", { status: 0, method: "PUT" }), request: { method: "PUT", url: "http://api.test/p", headers: [{ name: "Referer", value: "http://page.test/" }] } };
    stopped.response._error = "net::ERR_FAILED";
    observer.finished(stopped);
    observer.finished(har("http://api.test/p", { preflight: true }));
    await advance(PAIR_WAIT_MS);
    expect(delivered).toEqual([]); // a refused response whose raw data is late looks the same: DevTools' log is asked first
    await advance(BRIEF_MS);
    expect(delivered.flat().map((e) => e.exchange.resourceType)).toEqual(["2"]);
  });

  it("a preflight waits for its request as long as that request is being looked up in DevTools' log (getHAR() slow under load)", async () => {
    const { observer, delivered, advance, hold } = setup();
    const release = hold();
    const stopped: Har = { ...har("http://api.test/slow", { status: 0, method: "PUT" }), request: { method: "PUT", url: "http://api.test/slow", headers: [{ name: "Referer", value: "http://page.test/" }] } };
    stopped.response._error = "net::ERR_FAILED";
    observer.finished(har("http://api.test/slow", { preflight: true }));
    observer.finished(stopped);
    await advance(HOP_WAIT_MS + 2 * PAIR_WAIT_MS + 1_000);
    expect(delivered).toEqual([]); // the request is still being looked up: its preflight has not given up
    release();
    await advance(BRIEF_MS + PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => e.exchange.resourceType)).toEqual(["2"]);
  });

  it("that shape, when DevTools' log has the request whole a moment later (a refused response whose raw data came late), is read whole only", async () => {
    const url = "http://api.test/auth";
    const whole: Har = { ...har(url, { at: 1 }), request: { method: "GET", url, headers: [{ name: "Origin", value: "http://page.test" }, { name: "Authorization", value: "[redacted]" }] } };
    const early: Har = { ...whole, request: { method: "GET", url, headers: [{ name: "Authorization", value: "[redacted]" }] }, response: { status: 0, headers: [], redirectURL: "", _error: "net::ERR_FAILED" } };
    const preflight = har(url, { preflight: true, status: 204, at: 0 });
    const readEntries: Har[] = [];
    const { observer, delivered, advance, log } = setup([preflight, early], (entry) => (readEntries.push(entry), false));
    observer.finished(preflight);
    observer.finished(early);
    await advance(COMPLETION_DELAYS_MS[0]!);
    log.splice(1, 1, whole);
    await advance(BRIEF_MS + PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([["t-1", "2"]]);
    expect(readEntries).toContain(whole);
    expect(readEntries).not.toContain(early);
  });

  it("a fetch refused on a cached answer (status 0, _error, no headers) is read again with the recent entry of its URL that stored the answer", async () => {
    const url = "http://api.test/cached";
    const stored = har(url);
    const refused: Har = { ...har(url, { status: 0, at: 50 }), request: { method: "GET", url, headers: [{ name: "Referer", value: "http://page.test/" }] } };
    refused.response._error = "net::ERR_FAILED";
    // The reader judges the refusal only when the answer that stored it is read with it; the no-cors load itself is left out.
    const { observer, delivered, advance } = setup([], (entry, readWith) => entry === stored || (entry === refused && !readWith.includes(stored)));
    observer.finished(stored);
    await advance(PAIR_WAIT_MS);
    expect(delivered).toEqual([]);
    observer.finished(refused);
    await advance(BRIEF_MS + PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.url])).toEqual([["t-1", url]]);
  });

  it("such a refusal handed over before the entry that stored the answer is read again when that entry comes, under its own id", async () => {
    const url = "http://api.test/cached-late";
    const stored = har(url);
    const refused: Har = { ...har(url, { status: 0, at: 50 }), request: { method: "GET", url, headers: [{ name: "Referer", value: "http://page.test/" }] } };
    refused.response._error = "net::ERR_FAILED";
    const { observer, delivered, advance } = setup([], (entry, readWith) => entry === stored || (entry === refused && !readWith.includes(stored)));
    observer.finished(refused);
    await advance(BRIEF_MS + PAIR_WAIT_MS);
    expect(delivered).toEqual([]);
    observer.finished(stored);
    await advance(PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.url])).toEqual([["t-0", url]]);
  });

  it("a preflight that finishes after its request was sent: the request is sent again, same id", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://api.test/d", { method: "PUT" }));
    await advance(PAIR_WAIT_MS);
    observer.finished(har("http://api.test/e"));
    observer.finished(har("http://api.test/d", { preflight: true }));
    await advance(PAIR_WAIT_MS);
    expect(delivered.map((batch) => batch.map((e) => [e.id, e.exchange.url, e.exchange.resourceType]))).toEqual([
      [["t-0", "http://api.test/d", "1"]],
      [["t-1", "http://api.test/e", "1"]],
      [["t-0", "http://api.test/d", "2"]],
    ]);
  });

  it("a preflight that finishes in an earlier wait than its request waits for it", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://api.test/q", { preflight: true }));
    await advance(PAIR_WAIT_MS);
    expect(delivered).toEqual([]);
    observer.finished(har("http://api.test/q", { method: "PUT" }));
    await advance(PAIR_WAIT_MS * 2);
    expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([["t-1", "2"]]);
  });

  it("a redirect hop waits for the hop it points to (bounded), then the chain is read as one", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://a.test/start", { status: 302, redirectTo: "http://b.test/end" }));
    await advance(PAIR_WAIT_MS * 2);
    expect(delivered).toEqual([]);
    observer.finished(har("http://b.test/end"));
    await advance(PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.url, e.exchange.resourceType])).toEqual([["t-0", "http://a.test/start", "2"]]);
    // A hop whose next one never comes goes alone once the wait is over.
    observer.finished(har("http://a.test/lost", { status: 302, redirectTo: "http://b.test/never" }));
    await advance(5_000);
    expect(delivered.flat().map((e) => e.exchange.url)).toContain("http://a.test/lost");
  });

  it("a hop that finishes after the hop it points to was sent: the chain is sent again under that id", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://b.test/end"));
    await advance(PAIR_WAIT_MS);
    observer.finished(har("http://a.test/start", { status: 302, redirectTo: "http://b.test/end" }));
    await advance(PAIR_WAIT_MS);
    expect(delivered.map((batch) => batch.map((e) => [e.id, e.exchange.url, e.exchange.resourceType]))).toEqual([
      [["t-0", "http://b.test/end", "1"]],
      [["t-0", "http://a.test/start", "2"]],
    ]);
  });

  it("a preflight answered by a redirect does not wait for a next hop (a preflight never follows one)", async () => {
    const { observer, delivered, advance } = setup();
    observer.finished(har("http://api.test/p", { method: "PUT" }));
    observer.finished(har("http://api.test/p", { preflight: true, status: 302, redirectTo: "http://api.test/elsewhere" }));
    await advance(PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([["t-0", "2"]]);
  });

  it("a cross-origin entry the reader left out is looked up once more in DevTools' log, and read again if fuller there", async () => {
    const full = { ...har("http://api.test/r"), request: { method: "GET", url: "http://api.test/r", headers: [{ name: "Origin", value: "http://page.test" }] } };
    const early = { ...full, response: { ...full.response, headers: [] } };
    const { observer, delivered, advance, log } = setup([], (entry) => entry.response.headers.length === 0);
    observer.finished(early);
    await advance(PAIR_WAIT_MS);
    expect(delivered).toEqual([]);
    log.push(full);
    await advance(RECHECK_MS + PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.url])).toEqual([["t-0", "http://api.test/r"]]);
    expect(observer.counts.rechecked).toBe(1);
  });

  describe("raw data DevTools attaches after every look (under load)", () => {
    const LOOKS_MS = COMPLETION_DELAYS_MS.reduce((a, b) => a + b, 0) + PAIR_WAIT_MS;
    const withOrigin = (entry: Har): Har => ({ ...entry, request: { ...entry.request, headers: [{ name: "Origin", value: "http://page.test" }] } });
    const failed = (entry: Har): Har => ({ ...entry, response: { status: 0, headers: [], redirectURL: "", _error: "net::ERR_FAILED" } });

    it("an entry read as handed over is read again, under the same id, once DevTools' log has it whole", async () => {
      const whole = withOrigin(har("http://api.test/late", { status: 200 }));
      const { observer, delivered, advance, log } = setup([failed(whole)]);
      observer.finished(failed(whole));
      await advance(LOOKS_MS);
      expect(delivered.flat().map((e) => e.id)).toEqual(["t-0"]); // read as it was: all there was
      log.splice(0, 1, whole);
      await advance(WATCH_DELAYS_MS[0]!);
      expect(delivered.flat().map((e) => e.id)).toEqual(["t-0", "t-0"]); // the worker replaces it
      expect(observer.counts).toMatchObject({ revised: 1, readProvisional: 0 });
    });

    it("the last hop of a chain whose raw data came late: the whole chain is read again with it, under the chain's id", async () => {
      const hop1 = withOrigin(har("http://a.test/1", { status: 302, redirectTo: "http://page.test/2", at: 1 }));
      const hop2 = withOrigin(har("http://page.test/2", { status: 302, redirectTo: "http://b.test/3", at: 2 }));
      const hop3 = withOrigin(har("http://b.test/3", { status: 200, at: 3 }));
      const { observer, delivered, advance, log } = setup([hop1, hop2, failed(hop3)]);
      observer.finished(hop1);
      observer.finished(hop2);
      observer.finished(failed(hop3));
      await advance(LOOKS_MS + 2 * PAIR_WAIT_MS);
      // Chains read so far: hop1+hop2 (its next hop not yet readable), then all three (hop3 as handed over).
      expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([
        ["t-0", "2"],
        ["t-0", "3"],
      ]);
      log.splice(2, 1, hop3);
      await advance(WATCH_DELAYS_MS[0]!);
      expect(delivered.flat().at(-1)).toMatchObject({ id: "t-0", exchange: { resourceType: "3" } });
      expect(delivered.flat()).toHaveLength(3);
      expect(observer.counts.revised).toBe(1);
    });

    it("a dropped provisional entry is read once DevTools' log has it whole; never before", async () => {
      const whole = har("http://api.test/dropped", { status: 500 });
      const { observer, delivered, advance, log } = setup([provisional(whole)]);
      observer.finished(provisional(whole));
      await advance(LOOKS_MS);
      expect(delivered).toEqual([]);
      expect(observer.counts.abandoned).toBe(1);
      log.splice(0, 1, whole);
      await advance(WATCH_DELAYS_MS[0]! + PAIR_WAIT_MS);
      expect(delivered.flat().map((e) => [e.id, e.exchange.url])).toEqual([["t-0", "http://api.test/dropped"]]);
      expect(observer.counts).toMatchObject({ revised: 1, readProvisional: 0 });
    });

    it("stops looking after WATCH_DELAYS_MS: the log is not read again for an entry that stays as it is", async () => {
      const entry = failed(withOrigin(har("http://api.test/final")));
      const { observer, advance, looks } = setup([entry]);
      observer.finished(entry);
      await advance(LOOKS_MS + WATCH_DELAYS_MS.reduce((a, b) => a + b, 0));
      expect(looks()).toBe(COMPLETION_DELAYS_MS.length + WATCH_DELAYS_MS.length);
      await advance(600_000);
      expect(looks()).toBe(COMPLETION_DELAYS_MS.length + WATCH_DELAYS_MS.length);
      expect(observer.counts.revised).toBe(0);
    });
  });

  it("a redirect whose next hop needed a preflight and came after the hop stopped waiting: that hop and its preflight are read with the chain together, under its id", async () => {
    const hop1 = har("http://a.test/1", { status: 307, redirectTo: "http://b.test/2", at: 1 });
    const preflight2 = har("http://b.test/2", { preflight: true, status: 204, at: 2 });
    const hop2 = har("http://b.test/2", { status: 200, at: 3 });
    const { observer, delivered, advance } = setup();
    observer.finished(hop1);
    await advance(HOP_WAIT_MS + PAIR_WAIT_MS);
    expect(delivered.flat().map((e) => [e.id, e.exchange.resourceType])).toEqual([["t-0", "1"]]); // read alone: its next hop never came in time
    observer.finished(preflight2);
    observer.finished(hop2);
    await advance(PAIR_WAIT_MS);
    expect(delivered.flat().at(-1)).toMatchObject({ id: "t-0", exchange: { resourceType: "3" } });
  });

  it("a navigation reads what waits at once, before the worker hears of it", async () => {
    const { observer, delivered } = setup();
    observer.finished(har("http://api.test/old-page"));
    observer.navigated();
    expect(delivered.flat().map((e) => e.exchange.url)).toEqual(["http://api.test/old-page"]);
  });

  it("matches an entry with its copy in DevTools' log by start, method, URL and type", () => {
    const a = har("http://api.test/x", { at: 5 });
    expect(sameRequest(a, provisional(a))).toBe(true);
    expect(sameRequest(a, har("http://api.test/x", { at: 6 }))).toBe(false);
    expect(sameRequest(a, har("http://api.test/x", { at: 5, preflight: true }))).toBe(false);
  });
});
