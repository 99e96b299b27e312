import { describe, expect, it, vi } from "vitest";
import { Background } from "../../src/background/background";
import type { PanelPort } from "../../src/background/ports";
import { ORPHAN_GRACE_MS } from "../../src/background/recovery";
import { LAZY_WRITE_MS, readPersisted } from "../../src/background/persistence";
import { completeReport } from "../../src/fixes/servers";
import type { ExtensionState, WorkerToPanel } from "../../src/shared/messages";
import { FakeSession } from "../helpers/fake-session";
import { fakePlatform as sharedFakePlatform } from "../helpers/fake-platform";

const PAGE = "http://127.0.0.1:8000";
const API = "http://localhost:9000";
let clock = 1_000;
let nextId = 1;

const fakePlatform = (session?: FakeSession, settings?: Partial<ExtensionState>) =>
  sharedFakePlatform({ ...(session ? { session } : {}), ...(settings ? { settings } : {}), now: () => clock });

const hdrs = (r: Record<string, string>) => Object.entries(r).map(([name, value]) => ({ name, value }));
function base(id: string, method: string, url: string, tabId: number) {
  return { requestId: id, method, url, type: "xmlhttprequest", tabId, timeStamp: clock++, initiator: PAGE };
}
/** Fires the events of one request the browser blocked for a missing ACAO. */
function blockedGet(bg: Background, tabId = 1, path = "/noacao"): string {
  const id = String(nextId++);
  bg.onSendHeaders({ ...base(id, "GET", API + path, tabId), requestHeaders: hdrs({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
  bg.onHeadersReceived({ ...base(id, "GET", API + path, tabId), statusCode: 200, responseHeaders: [] });
  bg.onErrorOccurred({ ...base(id, "GET", API + path, tabId), error: "net::ERR_FAILED" });
  return id;
}
/** The first two events of a request the browser is about to block: the deciding headers, not the end. */
function refusedResponse(bg: Background, id: string, tabId = 1): void {
  bg.onSendHeaders({ ...base(id, "GET", `${API}/noacao`, tabId), requestHeaders: hdrs({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
  bg.onHeadersReceived({ ...base(id, "GET", `${API}/noacao`, tabId), statusCode: 200, responseHeaders: [] });
}
function allowedGet(bg: Background, tabId = 1): void {
  const id = String(nextId++);
  bg.onSendHeaders({ ...base(id, "GET", `${API}/ok`, tabId), requestHeaders: hdrs({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
  bg.onHeadersReceived({ ...base(id, "GET", `${API}/ok`, tabId), statusCode: 200, responseHeaders: hdrs({ "Access-Control-Allow-Origin": PAGE }) });
  bg.onCompleted({ ...base(id, "GET", `${API}/ok`, tabId), statusCode: 200 });
}

function fakePort() {
  const received: WorkerToPanel[] = [];
  let onMessage: (m: unknown) => void = () => undefined;
  let onDisconnect: () => void = () => undefined;
  const port: PanelPort = {
    postMessage: (m) => void received.push(m),
    onMessage: (l) => void (onMessage = l),
    onDisconnect: (l) => void (onDisconnect = l),
  };
  return { port, received, send: (m: unknown) => onMessage(m), disconnect: () => onDisconnect() };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe("Background", () => {
  it("reports blocked and allowed cross-origin requests through get-report", async () => {
    const { platform } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg);
    allowedGet(bg);
    const report = await bg.handleRequest({ type: "get-report" });
    expect(report.format).toBe("cors-doctor-report");
    expect(report.entries.map((e) => [e.blocked, e.diagnosis.code])).toEqual([
      [true, "MissingAllowOriginHeader"],
      [false, null],
    ]);
    // The worker leaves fixes to the reader (they are the server's, from every entry to it).
    expect(report.entries.map((e) => "fixes" in e || "detectedStacks" in e)).toEqual([false, false]);
    expect(report.entries[0]!.diagnosis.requirements).toMatchObject({ serverOrigin: expect.any(String) });
    const complete = completeReport(report);
    expect(complete.entries[0]!.fixes.length).toBeGreaterThanOrEqual(20);
    expect(complete.entries[1]!.fixes).toEqual([]);
    expect(complete.servers?.length).toBeGreaterThanOrEqual(1);
    expect((await bg.handleRequest({ type: "get-report", tabId: 2 })).entries).toEqual([]);
  });

  it("loses nothing across a restart: entries and in-flight requests come back from storage.session", async () => {
    const first = fakePlatform();
    const before = new Background(first.platform);
    await before.start();
    blockedGet(before);
    // A request whose response arrived just before the worker stopped.
    before.onSendHeaders({ ...base("half", "GET", `${API}/x`, 1), requestHeaders: hdrs({ Origin: PAGE }) });
    before.onHeadersReceived({ ...base("half", "GET", `${API}/x`, 1), statusCode: 500, responseHeaders: [] });
    await before.persister.flush();

    const after = new Background(fakePlatform(first.session).platform);
    // Events arriving while the new worker restores are held, then applied in order.
    after.onErrorOccurred({ ...base("half", "GET", `${API}/x`, 1), error: "net::ERR_FAILED" });
    await after.start();
    const report = await after.handleRequest({ type: "get-report", tabId: 1 });
    expect(report.entries.map((e) => e.diagnosis.code)).toEqual(["MissingAllowOriginHeader", "MissingAllowOriginHeader"]);
    expect(report.entries[1]!.response?.status).toBe(500);
  });

  it("writes a blocked entry at the end of its event, and other records within LAZY_WRITE_MS", async () => {
    vi.useFakeTimers();
    try {
      const { platform, session } = fakePlatform();
      const bg = new Background(platform);
      await bg.start();
      const entryKeys = () => [...session.data.keys()].filter((k) => k.startsWith("e:"));
      allowedGet(bg);
      const half = String(nextId++);
      bg.onSendHeaders({ ...base(half, "GET", `${API}/slow`, 1), requestHeaders: hdrs({ Origin: PAGE }) });
      await Promise.resolve();
      expect(session.writes).toBe(0);
      await vi.advanceTimersByTimeAsync(LAZY_WRITE_MS);
      expect(entryKeys()).toHaveLength(1);
      expect(session.data.has(`f:${half}`)).toBe(true);
      const writes = session.writes;
      const blocked = blockedGet(bg);
      // No timer has run: only the end of the event's task.
      await Promise.resolve();
      expect(session.writes).toBe(writes + 1);
      expect(session.data.has(`e:${blocked}`)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes a refusal when its deciding headers arrive, and the entry that confirms it in the next batch", async () => {
    vi.useFakeTimers();
    try {
      const { platform, session } = fakePlatform();
      const bg = new Background(platform);
      await bg.start();
      const id = String(nextId++);
      bg.onSendHeaders({ ...base(id, "GET", `${API}/noacao`, 1), requestHeaders: hdrs({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
      bg.onHeadersReceived({ ...base(id, "GET", `${API}/noacao`, 1), statusCode: 200, responseHeaders: [] });
      await Promise.resolve();
      expect(JSON.parse(session.data.get(`f:${id}`) as string)).toMatchObject({ id, refused: true });
      const writes = session.writes;
      bg.onErrorOccurred({ ...base(id, "GET", `${API}/noacao`, 1), error: "net::ERR_FAILED" });
      await Promise.resolve();
      expect(session.writes).toBe(writes);
      await vi.advanceTimersByTimeAsync(LAZY_WRITE_MS);
      expect(session.data.has(`e:${id}`)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports, after a restart, the refusals whose last event the stopped worker never got", async () => {
    vi.useFakeTimers();
    try {
      const { platform, session } = fakePlatform();
      const before = new Background(platform);
      await before.start();
      const refused = String(nextId++);
      refusedResponse(before, refused);
      const preflight = String(nextId++);
      before.onSendHeaders({ ...base(preflight, "OPTIONS", `${API}/put`, 1), requestHeaders: hdrs({ Origin: PAGE, "Access-Control-Request-Method": "PUT" }) });
      before.onHeadersReceived({ ...base(preflight, "OPTIONS", `${API}/put`, 1), statusCode: 404, responseHeaders: [] });
      await Promise.resolve();
      // The worker is stopped here: its timers never run. A new one starts on the same storage.
      const after = new Background(fakePlatform(session).platform);
      await after.start();
      expect((await after.handleRequest({ type: "get-report" })).entries).toEqual([]);
      await vi.advanceTimersByTimeAsync(ORPHAN_GRACE_MS);
      const report = await after.handleRequest({ type: "get-report" });
      expect(report.entries.map((e) => [e.method, e.blocked, e.diagnosis.code])).toEqual([
        ["GET", true, "MissingAllowOriginHeader"],
        ["PUT", true, "PreflightMissingAllowOriginHeader"],
      ]);
      expect(report.entries[0]!.diagnosis.advisories.map((a) => a.id)).toContain("partial-observation");
    } finally {
      vi.useRealTimers();
    }
  });

  it("merges the two halves of a request a stop split between workers, in either order", async () => {
    vi.useFakeTimers();
    try {
      for (const order of ["end first", "preflight first"]) {
        // The first worker persisted a refused preflight; its write landed after the second worker
        // had read storage, so the second saw only the actual request's last event.
        const first = fakePlatform();
        const w1 = new Background(first.platform);
        await w1.start();
        const preflight = String(nextId++);
        const actual = String(nextId++);
        w1.onSendHeaders({ ...base(preflight, "OPTIONS", `${API}/put`, 1), requestHeaders: hdrs({ Origin: PAGE, "Access-Control-Request-Method": "PUT" }) });
        w1.onHeadersReceived({ ...base(preflight, "OPTIONS", `${API}/put`, 1), statusCode: 404, responseHeaders: [] });
        await Promise.resolve();
        const late = [...first.session.data].filter(([key]) => key.startsWith("p:"));
        const { session } = fakePlatform();
        const endOnly = (bg: Background) => bg.onErrorOccurred({ ...base(actual, "PUT", `${API}/put`, 1), error: "net::ERR_FAILED" });
        const w2 = new Background(fakePlatform(session).platform);
        await w2.start();
        if (order === "end first") endOnly(w2);
        await w2.persister.flush();
        for (const [key, value] of late) session.data.set(key, value);
        const w3 = new Background(fakePlatform(session).platform);
        await w3.start();
        if (order === "preflight first") {
          await vi.advanceTimersByTimeAsync(ORPHAN_GRACE_MS);
          // Too late to pair (it arrived after the grace period): reported from its end, then merged.
          endOnly(w3);
        } else {
          await vi.advanceTimersByTimeAsync(ORPHAN_GRACE_MS);
        }
        const { entries } = await w3.handleRequest({ type: "get-report" });
        const mine = entries.filter((e) => e.url === `${API}/put`);
        expect(mine.map((e) => [e.method, e.blocked, e.diagnosis.code]), order).toEqual([["PUT", true, "PreflightMissingAllowOriginHeader"]]);
        await w3.handleRequest({ type: "clear" });
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("reads storage again after the grace period: a stopped worker's last writes can land late", async () => {
    vi.useFakeTimers();
    try {
      const first = fakePlatform();
      const w1 = new Background(first.platform);
      await w1.start();
      const refused = String(nextId++);
      refusedResponse(w1, refused);
      const gone = blockedGet(w1);
      await w1.persister.flush();
      const { platform, session } = fakePlatform();
      const w2 = new Background(platform);
      await w2.start();
      // Landed after w2 read storage: the judged request, and an entry w2 then learns of and clears.
      for (const [key, value] of first.session.data) session.data.set(key, value);
      const report = async () => (await w2.handleRequest({ type: "get-report" })).entries.map((e) => e.id);
      expect(await report()).toEqual([]);
      await vi.advanceTimersByTimeAsync(ORPHAN_GRACE_MS);
      expect(await report()).toEqual([`r${refused}`, `r${gone}`]);
      await w2.handleRequest({ type: "clear" });
      await vi.advanceTimersByTimeAsync(LAZY_WRITE_MS);
      const w3 = new Background(fakePlatform(session).platform);
      await w3.start();
      await vi.advanceTimersByTimeAsync(ORPHAN_GRACE_MS);
      expect((await w3.handleRequest({ type: "get-report" })).entries).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stores each record as JSON text and skips what it cannot read back", async () => {
    const { platform, session } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    const id = blockedGet(bg);
    await bg.persister.flush();
    const stored = session.data.get(`e:${id}`);
    expect(typeof stored).toBe("string");
    expect(JSON.parse(stored as string)).toMatchObject({ id, verdict: "blocked" });
    session.data.set("e:broken", "{not json");
    session.data.set("e:number", "42");
    session.data.set("e:object", { id: "older-format" });
    const restored = await readPersisted(session);
    expect(restored.entries.map((e) => e.id)).toEqual([id]);
  });

  it("cleans up the in-flight keys of finished requests in bulk", async () => {
    const { platform, session } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    for (let i = 0; i < 250; i++) blockedGet(bg, 4);
    await bg.persister.flush();
    await until(() => [...session.data.keys()].filter((k) => k.startsWith("f:")).length < 100);
    expect([...session.data.keys()].filter((k) => k.startsWith("e:"))).toHaveLength(250);
  });

  it("never reports the same request twice after a restore", async () => {
    const first = fakePlatform();
    const bg = new Background(first.platform);
    await bg.start();
    const id = blockedGet(bg);
    await bg.persister.flush();
    const again = new Background(fakePlatform(first.session).platform);
    await again.start();
    // The same terminal event delivered again (the browser retried the wake-up).
    again.onErrorOccurred({ ...base(id, "GET", `${API}/noacao`, 1), error: "net::ERR_FAILED" });
    expect((await again.handleRequest({ type: "get-report" })).entries).toHaveLength(1);
  });

  it("clears a tab on navigation unless preserve-log is on", async () => {
    const { platform } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg, 3);
    bg.onSendHeaders({ ...base("nav1", "GET", `${PAGE}/`, 3), type: "main_frame", requestHeaders: [] });
    expect((await bg.handleRequest({ type: "get-report", tabId: 3 })).entries).toHaveLength(0);
    await bg.handleRequest({ type: "set-preserve-log", preserveLog: true });
    blockedGet(bg, 3);
    bg.onSendHeaders({ ...base("nav2", "GET", `${PAGE}/`, 3), type: "main_frame", requestHeaders: [] });
    expect((await bg.handleRequest({ type: "get-report", tabId: 3 })).entries).toHaveLength(1);
  });

  it("pauses by removing its listeners, remembers it, and shows it on the badge", async () => {
    const { platform, listening, saved, badges } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    const state = await bg.handleRequest({ type: "set-paused", paused: true });
    expect(state.paused).toBe(true);
    expect(listening.at(-1)).toBe(false);
    expect(saved.at(-1)).toMatchObject({ paused: true, preserveLog: false, recording: "always" });
    expect(saved.at(-1)).not.toHaveProperty("listening"); // a fact of this worker, not a setting
    expect(badges.get("null")).toBe("off");
    await bg.handleRequest({ type: "set-paused", paused: false });
    expect(listening.at(-1)).toBe(true);
  });

  it("starts paused when the user paused before the browser restarted", async () => {
    const { platform, listening } = fakePlatform(new FakeSession(), { paused: true });
    const bg = new Background(platform);
    await bg.start();
    expect(listening).toEqual([false]);
    expect((await bg.handleRequest({ type: "get-state" })).paused).toBe(true);
  });

  it("counts blocked requests per tab on the badge", async () => {
    const { platform, badges } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg, 5);
    blockedGet(bg, 5);
    allowedGet(bg, 5);
    await until(() => badges.get("5") === "2");
  });

  it("sets a badge only when what it shows changes, and again once its tab has navigated", async () => {
    const { platform, badges, badgeCalls } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg, 6);
    await until(() => badges.get("6") === "1");
    const calls = badgeCalls.length;
    // Changing a setting refreshes every badge; none shows anything new.
    await bg.handleRequest({ type: "set-preserve-log", preserveLog: true });
    expect(badgeCalls.slice(calls)).toEqual([]);
    const before = badgeCalls.length;
    bg.onSendHeaders({ ...base("nav6", "GET", `${PAGE}/`, 6), type: "main_frame", requestHeaders: [] });
    bg.onCompleted({ ...base("nav6", "GET", `${PAGE}/`, 6), type: "main_frame", statusCode: 200 });
    // The browser cleared tab 6's badge when the navigation committed; the preserved count is shown again.
    await until(() => badgeCalls.length > before);
    expect(badgeCalls.slice(before)).toEqual(["6:1"]);
  });

  it("sends a snapshot, then live entries, to a subscribed panel", async () => {
    const { platform } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg, 9);
    const panel = fakePort();
    bg.connectPort(panel.port);
    panel.send({ type: "not-a-message" });
    panel.send({ type: "subscribe", tabId: 9 });
    await until(() => panel.received.length === 1);
    expect(panel.received[0]).toMatchObject({ type: "snapshot", tabId: 9 });
    blockedGet(bg, 9, "/second");
    await until(() => panel.received.length === 2);
    const live = panel.received[1]!;
    expect(live.type === "entries" && live.entries[0]!.url).toBe(`${API}/second`);
    await bg.handleRequest({ type: "clear", tabId: 9 });
    expect(panel.received.at(-1)).toEqual({ type: "cleared", tabId: 9 });
    panel.disconnect();
    blockedGet(bg, 9);
  });

  it("keeps requests without a tab under their own heading", async () => {
    const { platform } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    blockedGet(bg, -1);
    const report = await bg.handleRequest({ type: "get-report", tabId: -1 });
    expect(report.entries).toHaveLength(1);
  });

  it("survives hostile events without throwing", async () => {
    const { platform } = fakePlatform();
    const bg = new Background(platform);
    await bg.start();
    const weird = { requestId: "w", method: "GET", url: "http://[::1", type: "xmlhttprequest", tabId: 1, timeStamp: NaN, initiator: "null" };
    expect(() => {
      bg.onSendHeaders({ ...weird, requestHeaders: [{ name: "Origin" }, { name: "X\u0000", value: "\u2028<b>" }] });
      bg.onHeadersReceived({ ...weird, statusCode: -1, responseHeaders: [{ name: "Access-Control-Allow-Origin", value: "a, a" }] });
      bg.onErrorOccurred({ ...weird, error: "net::ERR_SOMETHING_NEW" });
    }).not.toThrow();
    const report = await bg.handleRequest({ type: "get-report" });
    expect(report.entries.length).toBeLessThanOrEqual(1);
  });
});
