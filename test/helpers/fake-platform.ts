// The one fake Platform for the background (unit tests and the Node bench): storage.session is a
// FakeSession, settings start as given, and badge, listening and saved-settings calls are recorded
// (unless `record` is false, as in the bench, where they would only cost time).
import type { Platform } from "../../src/background/background";
import type { ExtensionState } from "../../src/shared/messages";
import { FakeSession } from "./fake-session";

export interface FakePlatformOptions {
  readonly session?: FakeSession;
  readonly settings?: Partial<ExtensionState>;
  readonly now: () => number;
  readonly record?: boolean;
  /** *Record always* granted (default true, as before run-time permissions). */
  readonly granted?: boolean;
}

export function fakePlatform({ session = new FakeSession(), settings = {}, now, record = true, granted = true }: FakePlatformOptions) {
  const badges = new Map<string, string>();
  const badgeCalls: string[] = [];
  const listening: boolean[] = [];
  const saved: ExtensionState[] = [];
  const platform: Platform = {
    session,
    loadSettings: async () => settings,
    saveSettings: async (s) => {
      if (record) saved.push(s);
    },
    setBadge: (tabId, text) => {
      if (!record) return;
      badges.set(String(tabId), text);
      badgeCalls.push(`${tabId}:${text}`);
    },
    setListening: (on) => {
      if (record) listening.push(on);
    },
    now,
    recordAlways: { atStart: granted, granted: async () => granted },
  };
  return { platform, session, badges, badgeCalls, listening, saved };
}
