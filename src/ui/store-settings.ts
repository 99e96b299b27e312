// The store's settings: the worker's state (pause, recording mode, preserve log, listening), the
// theme and the panel layout, and the requests that change them. Every panel preference is kept
// with the worker's settings (storage.local), never in the page's own storage.
import { batch, signal, type Signal } from "@preact/signals";
import type { WorkerConnection } from "../shared/channel";
import { DEFAULT_LAYOUT, type PanelLayout } from "../shared/layout";
import { normalizeState, type ExtensionState, type ObservedTab, type RecordingMode } from "../shared/messages";
import { takeLegacyModuleStyle } from "./module-style";

export type Theme = "light" | "dark";

export interface SettingsStore {
  readonly paused: Signal<boolean>;
  readonly recording: Signal<RecordingMode>;
  /** False while the worker's webRequest listeners are off (paused, DevTools' mode, not granted). */
  readonly listening: Signal<boolean>;
  /** Whether *Record always* (webRequest and access to every site) is granted. */
  readonly recordAlwaysGranted: Signal<boolean>;
  /** The tabs DevTools' network log is observed on now, and since when. */
  readonly observedTabs: Signal<readonly ObservedTab[]>;
  readonly preserveLog: Signal<boolean>;
  readonly theme: Signal<Theme>;
  /** Splitters, columns, sort, grouping and the fixes' module style; change it with setLayout so that it is remembered. */
  readonly layout: Signal<PanelLayout>;
}

/** A request's result, or undefined when the worker did not answer (the error is then shown). */
export type Guarded = <T>(action: () => Promise<T>) => Promise<T | undefined>;

export interface SettingsState {
  readonly store: SettingsStore;
  applyState(state: ExtensionState): void;
  setPaused(paused: boolean): Promise<void>;
  setPreserveLog(preserveLog: boolean): Promise<void>;
  setRecording(recording: RecordingMode): Promise<void>;
  setLayout(patch: Partial<PanelLayout>): void;
}

/** Dragging a splitter changes the layout at every pointer move: it is saved once it rests this long. */
const LAYOUT_SAVE_DELAY_MS = 300;

export function createSettings(connection: WorkerConnection, theme: Theme, guarded: Guarded): SettingsState {
  const store: SettingsStore = {
    paused: signal(false),
    recording: signal<RecordingMode>("devtools"),
    listening: signal(false),
    recordAlwaysGranted: signal(false),
    observedTabs: signal<readonly ObservedTab[]>([]),
    preserveLog: signal(false),
    theme: signal<Theme>(theme),
    layout: signal<PanelLayout>(DEFAULT_LAYOUT),
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let migrated = false;

  function applyState(received: ExtensionState): void {
    const state = normalizeState(received);
    batch(() => {
      store.paused.value = state.paused;
      store.preserveLog.value = state.preserveLog;
      store.recording.value = state.recording ?? "devtools";
      store.listening.value = received.listening ?? (!state.paused && state.recording === "always");
      store.recordAlwaysGranted.value = state.recordAlwaysGranted ?? state.recording === "always";
      store.observedTabs.value = state.observedTabs ?? [];
      // A layout change not saved yet is newer than the one the worker has.
      if (received.layout !== undefined && saveTimer === undefined) store.layout.value = state.layout ?? DEFAULT_LAYOUT;
    });
    if (!migrated) migrateModuleStyle();
  }

  /** Once, at the first state the worker sends: a module style an earlier version kept in localStorage joins the settings. */
  function migrateModuleStyle(): void {
    migrated = true;
    const legacy = takeLegacyModuleStyle();
    if (legacy === "cjs" && store.layout.value.moduleStyle !== legacy) setLayout({ moduleStyle: legacy });
  }

  function setLayout(patch: Partial<PanelLayout>): void {
    store.layout.value = { ...store.layout.value, ...patch };
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void persistLayout(store.layout.value), LAYOUT_SAVE_DELAY_MS);
  }

  async function change(request: () => Promise<ExtensionState>): Promise<void> {
    const state = await guarded(request);
    if (state) applyState(state);
  }

  async function persistLayout(layout: PanelLayout): Promise<void> {
    saveTimer = undefined;
    await guarded(() => connection.request({ type: "set-layout", layout }));
  }

  return {
    store,
    applyState,
    setPaused: (paused) => change(() => connection.request({ type: "set-paused", paused })),
    setRecording: (recording) => change(() => connection.request({ type: "set-recording", recording })),
    setPreserveLog: (preserveLog) => change(() => connection.request({ type: "set-preserve-log", preserveLog })),
    setLayout,
  };
}
