// The panel's sources: the live recording of the inspected tab, and each HAR file opened in the
// panel, with a store of its own. A file is never mixed with the live tab's requests; closing it
// goes back to the live store, which the worker kept recording meanwhile (its list comes back with
// a fresh snapshot when the live view subscribes again).
import { batch, computed, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import type { WorkerConnection } from "../shared/channel";
import type { ExtensionState } from "../shared/messages";
import type { DiagnosedEntry } from "../shared/report";
import { createFileConnection } from "./file-connection";
import type { HarImporter, ImportFailure, ImportProgress, ImportSummary } from "./har-import";
import { createStore, type FixLibrarySource, type Store, type Theme } from "./store";

export const LIVE_SOURCE = "live";

/**
 * Entries from the importer reach the file's store at most this often. Each hand-over recomputes
 * the list (filters, sort, causes), which costs more as the file's entries grow, so it runs in a
 * task of its own, apart from the tasks that receive the batches, and not once per batch.
 */
export const HAND_OVER_EVERY_MS = 2_000;

interface EntryBuffer {
  push(entries: readonly DiagnosedEntry[]): void;
  /** Hands over what is pending now. */
  flush(): void;
  cancel(): void;
}

function entryBuffer(handOver: (entries: readonly DiagnosedEntry[]) => void): EntryBuffer {
  let pending: DiagnosedEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first = true;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const entries = pending;
    pending = [];
    handOver(entries);
  };
  return {
    push(entries) {
      for (const entry of entries) pending.push(entry);
      // The first batch is shown at once (in a task of its own); the next ones gather.
      timer ??= setTimeout(flush, first ? 0 : HAND_OVER_EVERY_MS);
      first = false;
    },
    flush,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}

export type ImportStatus =
  | { readonly state: "reading"; readonly progress: ImportProgress | null }
  | { readonly state: "done"; readonly summary: ImportSummary }
  | { readonly state: "failed"; readonly failure: ImportFailure };

export interface FileSource {
  readonly id: string;
  /** The file's name, as the tab shows it. */
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly store: Store;
  readonly status: ReadonlySignal<ImportStatus>;
  /** How many entries the import has posted so far. */
  readonly received: ReadonlySignal<number>;
}

export interface SourcesStore {
  readonly live: Store;
  readonly files: ReadonlySignal<readonly FileSource[]>;
  /** LIVE_SOURCE or a file's id. */
  readonly active: ReadonlySignal<string>;
  readonly activeFile: ReadonlySignal<FileSource | null>;
  /** Opens `file` as a new source and shows it; returns its id. */
  open(file: File): string;
  /** Closes a file (stopping its import); the live recording is shown when it was the one shown. */
  close(id: string): void;
  show(id: string): void;
}

export interface SourcesOptions {
  readonly live: Store;
  /** The live store's connection: a file's settings requests go there. */
  readonly connection: WorkerConnection;
  readonly importer: HarImporter;
  readonly fixes: FixLibrarySource;
  readonly theme?: Theme;
}

function liveState(live: Store): ExtensionState {
  const { settings } = live;
  return {
    paused: settings.paused.value,
    preserveLog: settings.preserveLog.value,
    recording: settings.recording.value,
    listening: settings.listening.value,
    layout: settings.layout.value,
  };
}

export function createSources({ live, connection, importer, fixes, theme }: SourcesOptions): SourcesStore {
  const files = signal<readonly FileSource[]>([]);
  const active = signal<string>(LIVE_SOURCE);
  const stops = new Map<string, () => void>();
  let opened = 0;

  function open(file: File): string {
    const id = `file-${++opened}`;
    const fileConnection = createFileConnection(connection, () => liveState(live));
    const store = createStore(fileConnection, live.tabId, { theme: theme ?? live.settings.theme.value, fixes });
    const status: Signal<ImportStatus> = signal({ state: "reading", progress: null });
    const received = signal(0);
    const source: FileSource = { id, name: file.name || "file.har", size: file.size, store, status, received };
    batch(() => {
      files.value = [...files.value, source];
      active.value = id;
    });
    let finished = false;
    const buffer = entryBuffer((entries) =>
      batch(() => {
        fileConnection.add(entries);
        received.value += entries.length;
      }),
    );
    let stop: () => void = () => undefined;
    try {
      stop = importer.read(file, {
        progress: (progress) => (status.value = { state: "reading", progress }),
        entries: (entries) => buffer.push(entries),
        done: (summary) => finish({ state: "done", summary }),
        failed: (failure) => finish({ state: "failed", failure }),
      });
    } catch (cause) {
      finish({ state: "failed", failure: { kind: "failed", message: `The file could not be read: ${cause instanceof Error ? cause.message : String(cause)}.` } });
    }
    if (!finished) {
      stops.set(id, () => {
        buffer.cancel();
        stop();
      });
    }
    return id;

    function finish(end: ImportStatus): void {
      finished = true;
      stops.delete(id);
      batch(() => {
        buffer.flush();
        status.value = end;
      });
      // The server view reads the completed entries, so the file's store needs the fix library
      // (loaded once for the page). Not while the file is read: the server count it brings is
      // recomputed over every entry at each hand-over. In a task of its own, after the last one.
      setTimeout(() => void store.loadFixes(), 0);
    }
  }

  function close(id: string): void {
    stops.get(id)?.();
    stops.delete(id);
    batch(() => {
      files.value = files.value.filter((file) => file.id !== id);
      if (active.value === id) active.value = LIVE_SOURCE;
    });
  }

  return {
    live,
    files,
    active,
    activeFile: computed(() => files.value.find((file) => file.id === active.value) ?? null),
    open,
    close,
    show(id) {
      if (id === LIVE_SOURCE || files.value.some((file) => file.id === id)) active.value = id;
    },
  };
}
