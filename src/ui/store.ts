// The UI's state: a few signal sub-stores fed by a WorkerConnection, and lists derived from them.
// Components read and write these signals; only the store talks to the connection. The entries
// (store-entries.ts), the list derived from them (store-list.ts) and the settings
// (store-settings.ts) each have a module; this one composes them and handles the worker's messages.
import { batch, computed, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import type { WorkerConnection } from "../shared/channel";
import { assertNever, isWorkerToPanel, type RecordingMode, type WorkerToPanel } from "../shared/messages";
import type { PanelLayout } from "../shared/layout";
import type { DiagnosedEntry, ReportEntry } from "../shared/report";
import { createEntries, type CompletedEntries, type EntriesState, type EntriesStore, type FixLibrarySource } from "./store-entries";
import { createListView, type FilterStore, type ListView, type SelectionStore, type SortOrder } from "./store-list";
import { createSettings, type Guarded, type SettingsState, type SettingsStore, type Theme } from "./store-settings";

export { matchesText } from "./filter";
export type { CompletedEntries, EntriesStore, FixLibrary, FixLibrarySource } from "./store-entries";
export type { FilterStore, SelectionStore, SortOrder } from "./store-list";
export type { SettingsStore, Theme } from "./store-settings";

export interface Store extends Omit<ListView, "selectedEntry"> {
  readonly tabId: number;
  readonly entries: EntriesStore;
  readonly filter: FilterStore;
  readonly selection: SelectionStore;
  readonly settings: SettingsStore;
  /** Keys of the cause groups shown open. */
  readonly expanded: Signal<ReadonlySet<string>>;
  /** The entry the highlighted row stands for (a group's first member), as received. */
  readonly selected: ReadonlySignal<DiagnosedEntry | null>;
  /** The selected entry with its fixes; null when none is selected, and while the fix library loads. */
  readonly selectedReport: ReadonlySignal<ReportEntry | null>;
  /** The entry with what the reader computes (detected stacks, its server's fixes); null while the fix library loads. */
  complete(entry: DiagnosedEntry): ReportEntry | null;
  /** Loads the fix library (the pages call it once the panel is drawn); resolves when it is there. */
  loadFixes(): Promise<void>;
  /** Runs `action` with every entry completed: at once when the fix library is there, else once it loaded. */
  withCompleted(action: (completed: CompletedEntries) => void): void;
  /** The last error from the worker connection, shown in the UI. */
  readonly error: Signal<string | null>;
  /** Starts live updates; returns the function that stops them. */
  connect(): () => void;
  /** Applies one message from the worker; invalid messages are ignored. */
  receive(message: unknown): void;
  clear(): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  setPreserveLog(preserveLog: boolean): Promise<void>;
  setRecording(recording: RecordingMode): Promise<void>;
  /** Selects a row by key (an entry id or a group key); `open` shows or hides the details. */
  select(id: string | null, open?: boolean): void;
  /** Changes part of the layout and saves it with the settings. */
  setLayout(patch: Partial<PanelLayout>): void;
  toggleGroup(key: string, open?: boolean): void;
}

export interface StoreOptions {
  readonly theme?: Theme;
  /** The fix library, or its loader: the pages pass a dynamic import of src/fixes/servers.ts. */
  readonly fixes: FixLibrarySource;
}

/** Runs a request to the worker; a failure becomes the error the UI shows, success clears it. */
function guardedBy(error: Signal<string | null>): Guarded {
  return async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    try {
      const result = await action();
      error.value = null;
      return result;
    } catch (cause) {
      error.value = `The extension did not answer: ${cause instanceof Error ? cause.message : String(cause)}`;
      return undefined;
    }
  };
}

interface Receivers {
  readonly tabId: number;
  readonly entries: EntriesState;
  readonly settings: SettingsState;
  readonly selection: SelectionStore;
}

/** One message from the worker applied to the store (messages for other tabs are ignored). */
function applyMessage(message: WorkerToPanel, { tabId, entries, settings, selection }: Receivers): void {
  switch (message.type) {
    case "snapshot":
      if (message.tabId !== tabId) return;
      batch(() => {
        entries.received.value = message.entries;
        entries.store.loaded.value = true;
        settings.applyState(message.state);
      });
      return;
    case "entries":
      if (message.tabId === tabId) entries.merge(message.entries);
      return;
    case "cleared":
      if (message.tabId !== tabId) return;
      batch(() => {
        entries.received.value = [];
        selection.id.value = null;
        selection.open.value = false;
      });
      return;
    case "state":
      settings.applyState(message.state);
      return;
    default:
      assertNever(message);
  }
}

export function createStore(connection: WorkerConnection, tabId: number, options: StoreOptions): Store {
  const error = signal<string | null>(null);
  const guarded = guardedBy(error);
  const entries = createEntries(options.fixes, (message) => (error.value = message));
  const settings = createSettings(connection, options.theme ?? "light", guarded);
  const filter: FilterStore = {
    text: signal(""),
    code: signal(""),
    type: signal(""),
    showAllowed: signal(false),
    sort: signal<SortOrder>("blocked-first"),
  };
  const selection: SelectionStore = { id: signal<string | null>(null), open: signal(false) };
  const expanded = signal<ReadonlySet<string>>(new Set());
  const { selectedEntry, ...list } = createListView({ entries: entries.received, filter, selection, layout: settings.store.layout, expanded });
  const selectedReport = computed(() => (selectedEntry.value ? entries.complete(selectedEntry.value) : null));

  const apply = (message: WorkerToPanel): void => applyMessage(message, { tabId, entries, settings, selection });

  return {
    tabId,
    entries: entries.store,
    filter,
    selection,
    settings: settings.store,
    expanded,
    ...list,
    selected: selectedEntry,
    selectedReport,
    complete: entries.complete,
    loadFixes: entries.loadFixes,
    withCompleted: entries.withCompleted,
    error,
    connect() {
      return connection.subscribe(tabId, (message) => this.receive(message));
    },
    receive(message) {
      if (isWorkerToPanel(message)) apply(message);
    },
    async clear() {
      const done = await guarded(() => connection.request({ type: "clear", tabId }));
      if (done) apply({ type: "cleared", tabId });
    },
    setPaused: settings.setPaused,
    setRecording: settings.setRecording,
    setPreserveLog: settings.setPreserveLog,
    select(id, open) {
      batch(() => {
        selection.id.value = id;
        if (open !== undefined) selection.open.value = open;
        if (id === null) selection.open.value = false;
      });
    },
    setLayout: settings.setLayout,
    toggleGroup(key, open) {
      const next = new Set(expanded.value);
      const show = open ?? !next.has(key);
      if (show) next.add(key);
      else next.delete(key);
      expanded.value = next;
    },
  };
}
