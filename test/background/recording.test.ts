// Recording modes: always (default), only while DevTools is open, paused. In "devtools" mode the
// webRequest listeners exist only while a devtools page holds its port open, and a restarted worker
// works out whether DevTools is open from storage.session and the pages that reconnect.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Background, type Platform } from "../../src/background/background";
import { DEVTOOLS_GRACE_MS, DEVTOOLS_OPEN_KEY, shouldListen, type DevtoolsPort } from "../../src/background/recording";
import { DEFAULT_LAYOUT } from "../../src/shared/layout";
import type { ExtensionState, WorkerToPanel } from "../../src/shared/messages";
import { FakeSession } from "../helpers/fake-session";

function fakePlatform(session = new FakeSession(), settings: Partial<ExtensionState> = {}) {
  const listening: boolean[] = [];
  const saved: ExtensionState[] = [];
  const platform: Platform = {
    session,
    loadSettings: async () => settings,
    saveSettings: async (s) => void saved.push(s),
    setBadge: () => undefined,
    setListening: (on) => void listening.push(on),
    now: () => 1_000,
  };
  return { platform, session, listening, saved };
}

/** A devtools page's port; close() is DevTools closing (or the page going away). */
class FakeDevtoolsPort implements DevtoolsPort {
  private listeners: (() => void)[] = [];
  onDisconnect(listener: () => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What the top-level code of the worker does: listeners on, then start(). */
async function wake(platform: Platform): Promise<Background> {
  const bg = new Background(platform);
  platform.setListening(true, bg);
  await bg.start();
  return bg;
}

describe("shouldListen", () => {
  it.each([
    [{ paused: false, recording: "always" }, false, true],
    [{ paused: false, recording: "always" }, true, true],
    [{ paused: false, recording: "devtools" }, false, false],
    [{ paused: false, recording: "devtools" }, true, true],
    [{ paused: true, recording: "always" }, true, false],
    [{ paused: true, recording: "devtools" }, true, false],
    [{ paused: false }, false, true],
  ] as const)("%j with DevTools open %s → %s", (state, open, expected) => {
    expect(shouldListen({ preserveLog: false, ...state }, open)).toBe(expected);
  });
});

describe("recording only while DevTools is open", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("removes the listeners at start when no DevTools window is open, as paused does", async () => {
    const devtools = fakePlatform(new FakeSession(), { recording: "devtools" });
    await wake(devtools.platform);
    const paused = fakePlatform(new FakeSession(), { paused: true });
    await wake(paused.platform);
    expect(devtools.listening).toEqual([true, false]);
    expect(devtools.listening).toEqual(paused.listening);
  });

  it("listens while any devtools page holds its port, and stops when the last one closes", async () => {
    const { platform, listening, session } = fakePlatform(new FakeSession(), { recording: "devtools" });
    const bg = await wake(platform);
    const first = new FakeDevtoolsPort();
    const second = new FakeDevtoolsPort();
    bg.connectDevtools(first);
    expect(listening.at(-1)).toBe(true);
    bg.connectDevtools(second);
    first.close();
    expect(listening.at(-1)).toBe(true);
    expect((await bg.handleRequest({ type: "get-state" })).listening).toBe(true);
    second.close();
    expect(listening).toEqual([true, false, true, false]);
    expect((await bg.handleRequest({ type: "get-state" })).listening).toBe(false);
    await vi.runAllTimersAsync();
    expect(session.data.get(DEVTOOLS_OPEN_KEY)).toBe(0);
  });

  it("a restarted worker keeps listening while DevTools was open and its pages reconnect", async () => {
    const { platform, session } = fakePlatform(new FakeSession(), { recording: "devtools" });
    const before = await wake(platform);
    before.connectDevtools(new FakeDevtoolsPort());
    await vi.runAllTimersAsync();
    expect(session.data.get(DEVTOOLS_OPEN_KEY)).toBe(1);

    // The worker is stopped: its ports are gone without a disconnect it could see. The next one:
    const next = fakePlatform(session, { recording: "devtools" });
    const after = await wake(next.platform);
    expect(next.listening).toEqual([true]); // kept: DevTools was open
    after.connectDevtools(new FakeDevtoolsPort()); // the devtools page reconnects
    await vi.advanceTimersByTimeAsync(DEVTOOLS_GRACE_MS * 2);
    expect(next.listening).toEqual([true]);
  });

  it("a restarted worker stops listening when no devtools page comes back within the grace period", async () => {
    const session = new FakeSession();
    await session.set({ [DEVTOOLS_OPEN_KEY]: 2 }); // the windows were closed while no worker ran
    const { platform, listening } = fakePlatform(session, { recording: "devtools" });
    await wake(platform);
    expect(listening).toEqual([true]);
    await vi.advanceTimersByTimeAsync(DEVTOOLS_GRACE_MS - 1);
    expect(listening).toEqual([true]);
    await vi.advanceTimersByTimeAsync(1);
    expect(listening).toEqual([true, false]);
  });

  it("switching modes registers or removes the listeners at once, is remembered, and is told to panels", async () => {
    const { platform, listening, saved } = fakePlatform();
    const bg = await wake(platform);
    const messages: WorkerToPanel[] = [];
    let onMessage: (message: unknown) => void = () => undefined;
    bg.connectPort({ postMessage: (m) => void messages.push(m), onMessage: (l) => (onMessage = l), onDisconnect: () => undefined });
    onMessage({ type: "subscribe", tabId: 1 });
    await vi.runAllTimersAsync();
    const state = await bg.handleRequest({ type: "set-recording", recording: "devtools" });
    expect(state).toMatchObject({ recording: "devtools", listening: false });
    expect(listening).toEqual([true, false]);
    expect(saved.at(-1)).toMatchObject({ recording: "devtools", paused: false });
    expect(messages.filter((m) => m.type === "state").at(-1)).toMatchObject({ state: { recording: "devtools", listening: false } });
    await bg.handleRequest({ type: "set-recording", recording: "always" });
    expect(listening).toEqual([true, false, true]);
    // Paused wins over both modes; resuming returns to the mode.
    await bg.handleRequest({ type: "set-recording", recording: "devtools" });
    bg.connectDevtools(new FakeDevtoolsPort());
    await bg.handleRequest({ type: "set-paused", paused: true });
    expect(listening.at(-1)).toBe(false);
    await bg.handleRequest({ type: "set-paused", paused: false });
    expect(listening.at(-1)).toBe(true);
  });
});

describe("the panel's layout in the settings", () => {
  it("is saved repaired, survives a restart, and comes with the snapshot", async () => {
    const first = fakePlatform();
    const bg = await wake(first.platform);
    const state = await bg.handleRequest({ type: "set-layout", layout: { ...DEFAULT_LAYOUT, listWidth: 333, columns: { name: 150, "x y": 3 }, grouped: false } });
    expect(state.layout).toEqual({ ...DEFAULT_LAYOUT, listWidth: 333, columns: { name: 150 }, grouped: false });
    const stored = first.saved.at(-1)!;
    const again = await wake(fakePlatform(new FakeSession(), stored).platform);
    const messages: WorkerToPanel[] = [];
    let onMessage: (message: unknown) => void = () => undefined;
    again.connectPort({ postMessage: (m) => void messages.push(m), onMessage: (l) => (onMessage = l), onDisconnect: () => undefined });
    onMessage({ type: "subscribe", tabId: 1 });
    await again.whenReady();
    await Promise.resolve();
    expect(messages[0]).toMatchObject({ type: "snapshot", state: { layout: { listWidth: 333, grouped: false } } });
  });

  it("repairs a stored layout an older or broken version wrote", async () => {
    const bg = await wake(fakePlatform(new FakeSession(), { layout: "garbage" as unknown as ExtensionState["layout"] }).platform);
    expect((await bg.handleRequest({ type: "get-state" })).layout).toEqual(DEFAULT_LAYOUT);
  });
});
