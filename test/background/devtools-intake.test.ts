// What the devtools pages send (DevTools' network log, read by the HAR reader there) becomes
// entries like every other: judged by the one engine, counted on the badge, sent to panels; paused,
// nothing is taken; a navigation clears the tab when nothing else sees it; and a request both
// observers saw (webRequest granted and DevTools open) is one entry, never two, in either order.
import { describe, expect, it } from "vitest";
import { Background, type Platform } from "../../src/background/background";
import { devtoolsStoredEntry, TWIN_WINDOW_MS, twinOf } from "../../src/background/devtools-intake";
import { EntryStore } from "../../src/background/store";
import type { DevtoolsEntry, ExtensionState } from "../../src/shared/messages";
import { exchange, respond } from "../engine/fixtures";
import { FakeDevtoolsPort } from "../helpers/fake-devtools-port";
import type { FakeSession } from "../helpers/fake-session";
import { fakePlatform } from "../helpers/fake-platform";

const TAB = 4;
const T0 = 1_700_000_000_000;

function entry(id: string, startedAt = T0, spec: Parameters<typeof exchange>[0] = { blocked: true, response: respond(200) }): DevtoolsEntry {
  return { id, startedAt, exchange: exchange(spec) };
}

async function worker(settings: Partial<ExtensionState> = {}, granted = false): Promise<{ bg: Background; port: FakeDevtoolsPort; platform: Platform; badges: Map<string, string>; session: FakeSession }> {
  const fake = fakePlatform({ settings, now: () => T0, granted });
  const bg = new Background(fake.platform);
  if (granted) fake.platform.setListening(true, bg);
  await bg.start();
  const port = new FakeDevtoolsPort();
  bg.connectDevtools(port);
  port.send({ type: "observing", tabId: TAB, since: T0 - 10 });
  return { bg, port, platform: fake.platform, badges: fake.badges, session: fake.session };
}

/** Messages are taken once the worker is ready (a microtask). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("entries from DevTools' network log", () => {
  it("are stored, judged by the one engine, and counted on the badge", async () => {
    const { bg, port, badges } = await worker();
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1"), entry("d1-2", T0 + 5, { response: respond(200, { "Access-Control-Allow-Origin": "*" }) })] });
    await settle();
    const report = await bg.handleRequest({ type: "get-report", tabId: TAB });
    expect(report.entries.map((e) => [e.id, e.blocked, e.diagnosis.code])).toEqual([
      ["rd1-1", true, "MissingAllowOriginHeader"],
      ["rd1-2", false, null],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 80)); // the badge's burst (50 ms)
    expect(badges.get(String(TAB))).toBe("1");
  });

  it("are refused when malformed, and not taken while paused", async () => {
    const { bg, port } = await worker({ paused: true });
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1")] });
    port.send({ type: "observed", tabId: TAB, entries: [{ id: "x", startedAt: 1, exchange: { url: 5 } }] });
    await settle();
    expect((await bg.handleRequest({ type: "get-report", tabId: TAB })).entries).toEqual([]);
  });

  it("an entry sent again (its late preflight joined it) replaces the first, with the same id", async () => {
    const { bg, port } = await worker();
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0, { method: "PUT", blocked: true })] });
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0, { method: "PUT", blocked: true, preflight: { status: 404, headers: {} } })] });
    await settle();
    const report = await bg.handleRequest({ type: "get-report", tabId: TAB });
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0]!.preflight?.status).toBe(404);
  });

  it("a navigation clears the tab without webRequest (unless preserve log), and not with it", async () => {
    for (const [settings, granted, left] of [[{}, false, 0], [{ preserveLog: true }, false, 1], [{}, true, 1]] as const) {
      const { bg, port } = await worker(settings, granted);
      port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1")] });
      port.send({ type: "navigated", tabId: TAB });
      await settle();
      expect((await bg.handleRequest({ type: "get-report", tabId: TAB })).entries, JSON.stringify(settings)).toHaveLength(left);
    }
  });
});

describe("one entry per request when both observers see it", () => {
  it("finds the other observer's entry of the same request, once, within the window", () => {
    const store = new EntryStore();
    const web = { ...devtoolsStoredEntry(TAB, entry("77", T0)), source: undefined };
    store.add(web);
    expect(twinOf(store, devtoolsStoredEntry(TAB, entry("d1-1", T0 + 120)))).toBe(web);
    expect(twinOf(store, devtoolsStoredEntry(TAB, entry("d1-1", T0 + TWIN_WINDOW_MS + 1)))).toBeUndefined();
    expect(twinOf(store, devtoolsStoredEntry(TAB, entry("d1-1", T0, { method: "POST", blocked: true })))).toBeUndefined();
    expect(twinOf(store, devtoolsStoredEntry(TAB + 1, entry("d1-1", T0)))).toBeUndefined();
    store.replace({ ...web, twinned: true });
    expect(twinOf(store, devtoolsStoredEntry(TAB, entry("d1-1", T0 + 120)))).toBeUndefined();
  });

  it("webRequest first, then DevTools: one entry, marked seen by both", async () => {
    const { bg, port } = await worker({}, true);
    bg.onSendHeaders({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0, initiator: "http://localhost:5173", requestHeaders: [{ name: "Origin", value: "http://localhost:5173" }] } as never);
    bg.onErrorOccurred({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0 + 30, error: "net::ERR_FAILED" } as never);
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2)] });
    await settle();
    const stored = bg.store.entries(TAB);
    expect(stored.map((e) => [e.id, e.source, e.twinned])).toEqual([["77", undefined, true]]);
  });

  it("webRequest first, then DevTools twice (its chain completed later, sent again under its id): still one entry", async () => {
    const { bg, port } = await worker({}, true);
    bg.onSendHeaders({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0, initiator: "http://localhost:5173", requestHeaders: [{ name: "Origin", value: "http://localhost:5173" }] } as never);
    bg.onErrorOccurred({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0 + 30, error: "net::ERR_FAILED" } as never);
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2)] });
    await settle();
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2, { blocked: true, response: respond(302, { Location: "http://api.test:8080/next" }) })] });
    await settle();
    expect(bg.store.entries(TAB).map((e) => [e.id, e.source, e.twinned])).toEqual([["77", undefined, true]]);
  });

  it("webRequest first, then DevTools, the worker stopped, then DevTools again under its id: still one entry", async () => {
    const first = await worker({}, true);
    first.bg.onSendHeaders({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0, initiator: "http://localhost:5173", requestHeaders: [{ name: "Origin", value: "http://localhost:5173" }] } as never);
    first.bg.onErrorOccurred({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0 + 30, error: "net::ERR_FAILED" } as never);
    first.port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2)] });
    await settle();
    await first.bg.persister.flush();
    // A new worker, from what the first left in storage.session; the devtools page reconnects.
    const fake = fakePlatform({ session: first.session, now: () => T0, granted: true });
    const bg = new Background(fake.platform);
    fake.platform.setListening(true, bg);
    await bg.start();
    const port = new FakeDevtoolsPort();
    bg.connectDevtools(port);
    port.send({ type: "observing", tabId: TAB, since: T0 - 10 });
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2, { blocked: true, response: respond(302, { Location: "http://api.test:8080/next" }) })] });
    await settle();
    expect(bg.store.entries(TAB).map((e) => [e.id, e.source, e.twinned])).toEqual([["77", undefined, true]]);
  });

  it("DevTools first, then webRequest: one entry, the DevTools one", async () => {
    const { bg, port } = await worker({}, true);
    port.send({ type: "observed", tabId: TAB, entries: [entry("d1-1", T0 + 2)] });
    await settle();
    bg.onSendHeaders({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0, initiator: "http://localhost:5173", requestHeaders: [{ name: "Origin", value: "http://localhost:5173" }] } as never);
    bg.onErrorOccurred({ requestId: "77", url: "http://api.test:8080/data", method: "GET", tabId: TAB, frameId: 0, type: "xmlhttprequest", timeStamp: T0 + 30, error: "net::ERR_FAILED" } as never);
    const stored = bg.store.entries(TAB);
    expect(stored.map((e) => [e.id, e.source, e.twinned])).toEqual([["d1-1", "devtools", true]]);
  });
});
