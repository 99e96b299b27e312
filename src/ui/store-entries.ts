// The store's entries: what the worker sent (diagnosed, no fixes), and what the fix library adds
// when something reads it. The fix library is passed in by the page (src/panel, src/popup), which
// loads it as a chunk of its own; the UI never imports fix code.
import { computed, signal, type ReadonlySignal, type Signal } from "@preact/signals";
import type { DiagnosedEntry, PolicyFile, ReportEntry, ServerReport } from "../shared/report";

/** What the store needs of the fix library (src/fixes/servers.ts provides it). */
export interface FixLibrary {
  /** Every entry with its detected stacks and, when blocked, its server's fixes; and the servers. */
  completeEntries(entries: readonly DiagnosedEntry[]): { readonly entries: readonly ReportEntry[]; readonly servers: readonly ServerReport[] };
  /** The CORS entries grouped by server, without policies or fixes. */
  serverGroups(entries: readonly DiagnosedEntry[]): { readonly size: number };
  /** The servers' policies as the policy file `cors-doctor verify` reads (docs/cli.md). */
  policyFile(servers: readonly ServerReport[], entries: readonly ReportEntry[], generatedAt: Date): PolicyFile;
}

/** The library itself (tests), or a loader for it (the pages: a dynamic import, loaded once). */
export type FixLibrarySource = FixLibrary | (() => Promise<FixLibrary>);

/** The entries as the reader completes them. */
export interface CompletedEntries {
  readonly entries: readonly ReportEntry[];
  readonly servers: readonly ServerReport[];
  readonly byId: ReadonlyMap<string, ReportEntry>;
  /** The policy file of these servers (Export policy). */
  readonly policyFile: (generatedAt: Date) => PolicyFile;
}

export interface EntriesStore {
  /** Every recorded entry as the worker sent it: diagnosed, fixes not computed. */
  readonly all: ReadonlySignal<readonly DiagnosedEntry[]>;
  /**
   * Every entry with its fixes, and the servers with their policies and fixes: computed only when
   * read (the selected request, the server view, a copied fix, an export); null until the fix
   * library has loaded.
   */
  readonly completed: ReadonlySignal<CompletedEntries | null>;
  /** How many servers the entries were sent to, without their policies and fixes; null until the fix library has loaded. */
  readonly serverCount: ReadonlySignal<number | null>;
  /** False until the first snapshot (or report) arrived. */
  readonly loaded: Signal<boolean>;
}

export interface EntriesState {
  readonly store: EntriesStore;
  /** The entries as received, written by the store's message handling. */
  readonly received: Signal<readonly DiagnosedEntry[]>;
  /** New ids are appended, known ids replaced. */
  merge(incoming: readonly DiagnosedEntry[]): void;
  /** The entry with its fixes; null while the fix library loads (reading starts the load). */
  complete(entry: DiagnosedEntry): ReportEntry | null;
  /** Loads the fix library, once; resolves when it is there. */
  loadFixes(): Promise<void>;
  /** Runs `action` with the completed entries: at once when the fix library is there, else once it has loaded. */
  withCompleted(action: (completed: CompletedEntries) => void): void;
}

/** `onError`: the fix library failed to load (the message is shown in the UI). */
export function createEntries(source: FixLibrarySource, onError: (message: string) => void): EntriesState {
  const received = signal<readonly DiagnosedEntry[]>([]);
  const library = signal<FixLibrary | null>(typeof source === "function" ? null : source);
  let loading: Promise<void> | undefined;
  const loadFixes = (): Promise<void> => {
    if (library.value) return Promise.resolve();
    if (typeof source !== "function") return Promise.resolve();
    loading ??= source().then(
      (loaded) => {
        library.value = loaded;
      },
      (cause: unknown) => {
        loading = undefined;
        onError(`The fix library did not load: ${cause instanceof Error ? cause.message : String(cause)}`);
      },
    );
    return loading;
  };
  const completed = computed((): CompletedEntries | null => {
    const fixes = library.value;
    if (!fixes) return null;
    const { entries, servers } = fixes.completeEntries(received.value);
    return {
      entries,
      servers,
      byId: new Map(entries.map((entry) => [entry.id, entry])),
      policyFile: (generatedAt) => fixes.policyFile(servers, entries, generatedAt),
    };
  });
  const serverCount = computed(() => library.value?.serverGroups(received.value).size ?? null);

  function merge(incoming: readonly DiagnosedEntry[]): void {
    const next = [...received.value];
    const indexById = new Map(next.map((entry, index) => [entry.id, index]));
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

  return {
    store: { all: received, completed, serverCount, loaded: signal(false) },
    received,
    merge,
    complete(entry) {
      const done = completed.value;
      if (!done) void loadFixes();
      return done?.byId.get(entry.id) ?? null;
    },
    loadFixes,
    withCompleted(action) {
      const done = completed.value;
      if (done) action(done);
      else void loadFixes().then(() => {
        const later = completed.value;
        if (later) action(later);
      });
    },
  };
}
