// The UI's state: a few signal sub-stores fed by a WorkerConnection, and lists derived from them.
// Components read and write these signals; only the store talks to the connection.
import { batch, computed, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import type { WorkerConnection } from "../shared/channel";
import { assertNever, isWorkerToPanel, normalizeState, type ExtensionState, type RecordingMode, type WorkerToPanel } from "../shared/messages";
import { DEFAULT_LAYOUT, type PanelLayout } from "../shared/layout";
import { completeEntries, serverGroups, type ServerReport } from "../fixes/servers";
import type { ReportEntry } from "../shared/report";
import { compareEntries } from "./columns";
import { failureKind } from "./failures";
import { matchesFilter, parseFilter } from "./filter";
import { buildRows, entryOfRow, type ListRow } from "./rows";

export { matchesText } from "./filter";

export type SortOrder = "blocked-first" | "time";
export type Theme = "light" | "dark";

export interface EntriesStore {
  /** Every recorded entry, each blocked one with its server's fixes (computed here, not in the worker). */
  readonly all: ReadonlySignal<readonly ReportEntry[]>;
  /** The entries grouped by the server they were sent to, each with its policy and fixes. */
  readonly servers: ReadonlySignal<readonly ServerReport[]>;
  /** How many servers `servers` has, without computing their policies and fixes. */
  readonly serverCount: ReadonlySignal<number>;
  /** False until the first snapshot (or report) arrived. */
  readonly loaded: Signal<boolean>;
}

export interface FilterStore {
  readonly text: Signal<string>;
  /** A CorsError name, or "" for all. */
  readonly code: Signal<string>;
  /** A resource type, or "" for all. */
  readonly type: Signal<string>;
  readonly showAllowed: Signal<boolean>;
  readonly sort: Signal<SortOrder>;
}

export interface SelectionStore {
  /** The highlighted row. */
  readonly id: Signal<string | null>;
  /** True when the details of the highlighted row are open. */
  readonly open: Signal<boolean>;
}

export interface SettingsStore {
  readonly paused: Signal<boolean>;
  readonly recording: Signal<RecordingMode>;
  /** False while the worker's listeners are off (paused, or DevTools-only with no DevTools open). */
  readonly listening: Signal<boolean>;
  readonly preserveLog: Signal<boolean>;
  readonly theme: Signal<Theme>;
  /** Splitters, columns, sort and grouping; change it with setLayout so that it is remembered. */
  readonly layout: Signal<PanelLayout>;
}

export interface Store {
  readonly tabId: number;
  readonly entries: EntriesStore;
  readonly filter: FilterStore;
  readonly selection: SelectionStore;
  readonly settings: SettingsStore;
  /** Entries the list shows, filtered and sorted. */
  readonly visible: ReadonlySignal<readonly ReportEntry[]>;
  /** Keys of the cause groups shown open. */
  readonly expanded: Signal<ReadonlySet<string>>;
  /** The list's rows: causes or requests, then the "Failed, not CORS" section. */
  readonly rows: ReadonlySignal<readonly ListRow[]>;
  /** How many recorded entries were blocked, whatever the filters. */
  readonly blockedCount: ReadonlySignal<number>;
  readonly codes: ReadonlySignal<readonly string[]>;
  readonly types: ReadonlySignal<readonly string[]>;
  /** The entry the highlighted row stands for (a group's first member). */
  readonly selected: ReadonlySignal<ReportEntry | null>;
  /** Index of the highlighted row in `rows`, -1 when none. */
  readonly selectedIndex: ReadonlySignal<number>;
  readonly selectedRow: ReadonlySignal<ListRow | null>;
  /** The entry with what the reader computes (detected stacks, its server's fixes); the list holds entries as received. */
  complete(entry: ReportEntry): ReportEntry;
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
}

function sortEntries(entries: readonly ReportEntry[], order: SortOrder): readonly ReportEntry[] {
  const byTime = (a: ReportEntry, b: ReportEntry): number => a.startedAt - b.startedAt;
  if (order === "time") return [...entries].sort(byTime);
  return [...entries].sort((a, b) => Number(b.blocked) - Number(a.blocked) || byTime(a, b));
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function createStore(connection: WorkerConnection, tabId: number, options: StoreOptions = {}): Store {
  // What the worker sent; `all` adds what the reader computes (detected stacks, server fixes).
  const received = signal<readonly ReportEntry[]>([]);
  const completed = computed(() => completeEntries(received.value));
  const all = computed(() => completed.value.entries);
  const servers = computed(() => completed.value.servers);
  // The list, its counts and filters read the entries as received: detected stacks and fixes
  // (every server's policy rendered for every stack) are computed only when something reads them
  // (the selected request, the server view, a copied fix, an export), not on every update.
  const serverCount = computed(() => serverGroups(received.value).size);
  const completedById = computed(() => new Map(all.value.map((entry) => [entry.id, entry])));
  const complete = (entry: ReportEntry): ReportEntry => completedById.value.get(entry.id) ?? entry;
  const loaded = signal(false);
  const filter: FilterStore = {
    text: signal(""),
    code: signal(""),
    type: signal(""),
    showAllowed: signal(false),
    sort: signal<SortOrder>("blocked-first"),
  };
  const selection: SelectionStore = { id: signal<string | null>(null), open: signal(false) };
  const settings: SettingsStore = {
    paused: signal(false),
    recording: signal<RecordingMode>("always"),
    listening: signal(true),
    preserveLog: signal(false),
    theme: signal<Theme>(options.theme ?? "light"),
    layout: signal<PanelLayout>(DEFAULT_LAYOUT),
  };
  const expanded = signal<ReadonlySet<string>>(new Set());
  const error = signal<string | null>(null);

  const visible = computed(() => {
    const parsed = parseFilter(filter.text.value);
    const code = filter.code.value;
    const type = filter.type.value;
    const showAllowed = filter.showAllowed.value;
    const kept = received.value.filter(
      (entry) =>
        (showAllowed || entry.blocked || failureKind(entry) !== null) &&
        (code === "" || entry.diagnosis.code === code) &&
        (type === "" || entry.resourceType === type) &&
        matchesFilter(entry, parsed),
    );
    const sort = settings.layout.value.sort;
    const byColumn = sort ? compareEntries(sort) : null;
    return byColumn ? [...kept].sort(byColumn) : sortEntries(kept, filter.sort.value);
  });
  const rows = computed(() => buildRows({ entries: visible.value, grouped: settings.layout.value.grouped, expanded: expanded.value }));
  const blockedCount = computed(() => received.value.reduce((n, e) => n + (e.blocked ? 1 : 0), 0));
  const codes = computed(() => distinct(received.value.flatMap((e) => (e.diagnosis.code ? [e.diagnosis.code] : []))));
  const types = computed(() => distinct(received.value.map((e) => e.resourceType)));
  const selectedIndex = computed(() => {
    const id = selection.id.value;
    return id === null ? -1 : rows.value.findIndex((row) => row.key === id);
  });
  const selectedRow = computed(() => rows.value[selectedIndex.value] ?? null);
  const selected = computed(() => {
    const entry = entryOfRow(rows.value[selectedIndex.value]);
    return entry ? complete(entry) : null;
  });
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  function applyState(received: ExtensionState): void {
    const state = normalizeState(received);
    batch(() => {
      settings.paused.value = state.paused;
      settings.preserveLog.value = state.preserveLog;
      settings.recording.value = state.recording ?? "always";
      settings.listening.value = received.listening ?? !state.paused;
      // A layout change not saved yet is newer than the one the worker has.
      if (received.layout !== undefined && saveTimer === undefined) settings.layout.value = state.layout ?? DEFAULT_LAYOUT;
    });
  }

  function merge(incoming: readonly ReportEntry[]): void {
    const current = received.value;
    const indexById = new Map(current.map((entry, index) => [entry.id, index]));
    const next = [...current];
    for (const entry of incoming) {
      const existing = indexById.get(entry.id);
      if (existing === undefined) {
        indexById.set(entry.id, next.length);
        next.push(entry);
      } else {
        next[existing] = entry;
      }
    }
    received.value = next;
  }

  function apply(message: WorkerToPanel): void {
    switch (message.type) {
      case "snapshot":
        if (message.tabId !== tabId) return;
        batch(() => {
          received.value = message.entries;
          loaded.value = true;
          applyState(message.state);
        });
        return;
      case "entries":
        if (message.tabId !== tabId) return;
        merge(message.entries);
        return;
      case "cleared":
        if (message.tabId !== tabId) return;
        batch(() => {
          received.value = [];
          selection.id.value = null;
          selection.open.value = false;
        });
        return;
      case "state":
        applyState(message.state);
        return;
      default:
        assertNever(message);
    }
  }

  async function persistLayout(layout: PanelLayout): Promise<void> {
    saveTimer = undefined;
    await guarded(() => connection.request({ type: "set-layout", layout }));
  }

  async function guarded<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await action();
      error.value = null;
      return result;
    } catch (cause) {
      error.value = `The extension did not answer: ${cause instanceof Error ? cause.message : String(cause)}`;
      return undefined;
    }
  }

  return {
    tabId,
    entries: { all, servers, serverCount, loaded },
    filter,
    selection,
    settings,
    visible,
    expanded,
    rows,
    blockedCount,
    codes,
    types,
    selected,
    complete,
    selectedIndex,
    selectedRow,
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
    async setPaused(paused) {
      const state = await guarded(() => connection.request({ type: "set-paused", paused }));
      if (state) applyState(state);
    },
    async setRecording(recording) {
      const state = await guarded(() => connection.request({ type: "set-recording", recording }));
      if (state) applyState(state);
    },
    async setPreserveLog(preserveLog) {
      const state = await guarded(() => connection.request({ type: "set-preserve-log", preserveLog }));
      if (state) applyState(state);
    },
    select(id, open) {
      batch(() => {
        selection.id.value = id;
        if (open !== undefined) selection.open.value = open;
        if (id === null) selection.open.value = false;
      });
    },
    setLayout(patch) {
      settings.layout.value = { ...settings.layout.value, ...patch };
      // Dragging a splitter changes it at every pointer move: save once it rests.
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void persistLayout(settings.layout.value), 300);
    },
    toggleGroup(key, open) {
      const next = new Set(expanded.value);
      const show = open ?? !next.has(key);
      if (show) next.add(key);
      else next.delete(key);
      expanded.value = next;
    },
  };
}
