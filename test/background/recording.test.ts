// Recording modes: *Record always* (webRequest, granted at run time) and *while DevTools is open*
// (DevTools' network log, no permission), and paused. The webRequest listeners exist only while
// *Record always* is granted and chosen and recording is not paused; a grant or a revocation moves
// them at once and is told to the panels.
import { describe, expect, it } from "vitest";
import { Background, type Platform } from "../../src/background/background";
import { effectiveMode, shouldListen } from "../../src/background/recording";
import { DEFAULT_LAYOUT } from "../../src/shared/layout";
import type { ExtensionState, WorkerToPanel } from "../../src/shared/messages";
import { FakeDevtoolsPort } from "../helpers/fake-devtools-port";
import { FakeSession } from "../helpers/fake-session";

function fakePlatform(session = new FakeSession(), settings: Partial<ExtensionState> = {}, granted = true) {
  const listening: boolean[] = [];
  const saved: ExtensionState[] = [];
  const grant = { now: granted };
  const platform: Platform = {
    session,
    loadSettings: async () => settings,
    saveSettings: async (s) => void saved.push(s),
    setBadge: () => undefined,
    setListening: (on) => void listening.push(on),
    now: () => 1_000,
    recordAlways: { atStart: granted, granted: async () => grant.now },
  };
  return { platform, session, listening, saved, grant };
}

/** What the top-level code of the worker does: listeners on when granted, then start(). */
async function wake(platform: Platform): Promise<Background> {
  const bg = new Background(platform);
  if (platform.recordAlways?.atStart !== false) platform.setListening(true, bg);
  await bg.start();
  return bg;
}

function subscribe(bg: Background, tabId = 1): WorkerToPanel[] {
  const messages: WorkerToPanel[] = [];
  let onMessage: (message: unknown) => void = () => undefined;
  bg.connectPort({ postMessage: (m) => void messages.push(m), onMessage: (l) => (onMessage = l), onDisconnect: () => undefined });
  onMessage({ type: "subscribe", tabId });
  return messages;
}

describe("the mode in force and whether webRequest listens", () => {
  it.each([
    [{}, true, "always", true],
    [{}, false, "devtools", false],
    [{ recording: "always" }, false, "devtools", false],
    [{ recording: "always" }, true, "always", true],
    [{ recording: "devtools" }, true, "devtools", false],
    [{ recording: "always", paused: true }, true, "always", false],
  ] as const)("%j, granted %s → %s, listening %s", (state, granted, mode, listens) => {
    const full: ExtensionState = { paused: false, preserveLog: false, ...state };
    expect(effectiveMode(full, granted)).toBe(mode);
    expect(shouldListen(full, granted)).toBe(listens);
  });
});

describe("permissions that match the mode", () => {
  it("without the grant: no listener at any time, the mode is DevTools', even when always was chosen", async () => {
    const { platform, listening } = fakePlatform(new FakeSession(), { recording: "always" }, false);
    const bg = await wake(platform);
    expect(listening).toEqual([]);
    expect(await bg.handleRequest({ type: "get-state" })).toMatchObject({ recording: "devtools", listening: false, recordAlwaysGranted: false });
    await bg.handleRequest({ type: "set-recording", recording: "always" });
    expect(listening).toEqual([]);
  });

  it("a grant at run time registers the listeners and tells the panels; a revocation removes them", async () => {
    const { platform, listening, grant } = fakePlatform(new FakeSession(), {}, false);
    const bg = await wake(platform);
    const messages = subscribe(bg);
    grant.now = true;
    bg.permissionsChanged(true);
    await bg.whenReady();
    expect(listening).toEqual([true]);
    expect(messages.filter((m) => m.type === "state").at(-1)).toMatchObject({ state: { recording: "always", listening: true, recordAlwaysGranted: true } });
    bg.permissionsChanged(false);
    await bg.whenReady();
    expect(listening).toEqual([true, false]);
    expect(messages.filter((m) => m.type === "state").at(-1)).toMatchObject({ state: { recording: "devtools", listening: false, recordAlwaysGranted: false } });
  });

  it("a grant the settings do not use (DevTools' mode chosen) registers nothing", async () => {
    const { platform, listening } = fakePlatform(new FakeSession(), { recording: "devtools" }, true);
    await wake(platform);
    expect(listening).toEqual([true, false]);
  });

  it("switching modes registers or removes the listeners at once, is remembered, and is told to panels", async () => {
    const { platform, listening, saved } = fakePlatform();
    const bg = await wake(platform);
    const messages = subscribe(bg);
    await bg.whenReady();
    const state = await bg.handleRequest({ type: "set-recording", recording: "devtools" });
    expect(state).toMatchObject({ recording: "devtools", listening: false });
    expect(listening).toEqual([true, false]);
    expect(saved.at(-1)).toMatchObject({ recording: "devtools", paused: false });
    expect(messages.filter((m) => m.type === "state").at(-1)).toMatchObject({ state: { recording: "devtools", listening: false } });
    await bg.handleRequest({ type: "set-recording", recording: "always" });
    expect(listening).toEqual([true, false, true]);
    // Paused wins; resuming returns to the mode.
    await bg.handleRequest({ type: "set-paused", paused: true });
    expect(listening.at(-1)).toBe(false);
    await bg.handleRequest({ type: "set-paused", paused: false });
    expect(listening.at(-1)).toBe(true);
  });

  it("says which tabs DevTools observes, since when, until their DevTools window closes", async () => {
    const { platform } = fakePlatform(new FakeSession(), {}, false);
    const bg = await wake(platform);
    const messages = subscribe(bg, 7);
    const port = new FakeDevtoolsPort();
    bg.connectDevtools(port);
    port.send({ type: "observing", tabId: 7, since: 5_000 });
    await bg.whenReady();
    await Promise.resolve();
    expect((await bg.handleRequest({ type: "get-state" })).observedTabs).toEqual([{ tabId: 7, since: 5_000 }]);
    port.close();
    expect(messages.filter((m) => m.type === "state").at(-1)).toMatchObject({ state: { observedTabs: [] } });
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
