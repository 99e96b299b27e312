// The store's derived list: the entries the filters keep, sorted, as rows (causes or requests),
// the counts and the highlighted row. Reads entries as received: nothing here needs their fixes.
import { computed, type ReadonlySignal, type Signal } from "@preact/signals";
import type { PanelLayout } from "../shared/layout";
import type { DiagnosedEntry } from "../shared/report";
import { compareEntries } from "./columns";
import { failureKind } from "./failures";
import { matchesFilter, parseFilter } from "./filter";
import { buildRows, entryOfRow, type ListRow } from "./rows";

export type SortOrder = "blocked-first" | "time";

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

export interface ListInput {
  readonly entries: ReadonlySignal<readonly DiagnosedEntry[]>;
  readonly filter: FilterStore;
  readonly selection: SelectionStore;
  readonly layout: ReadonlySignal<PanelLayout>;
  readonly expanded: ReadonlySignal<ReadonlySet<string>>;
}

export interface ListView {
  /** Entries the list shows, filtered and sorted. */
  readonly visible: ReadonlySignal<readonly DiagnosedEntry[]>;
  /** The list's rows: causes or requests, then the "Failed, not CORS" section. */
  readonly rows: ReadonlySignal<readonly ListRow[]>;
  /** How many recorded entries were blocked, whatever the filters. */
  readonly blockedCount: ReadonlySignal<number>;
  readonly codes: ReadonlySignal<readonly string[]>;
  readonly types: ReadonlySignal<readonly string[]>;
  /** Index of the highlighted row in `rows`, -1 when none. */
  readonly selectedIndex: ReadonlySignal<number>;
  readonly selectedRow: ReadonlySignal<ListRow | null>;
  /** The entry the highlighted row stands for (a group's first member), as received. */
  readonly selectedEntry: ReadonlySignal<DiagnosedEntry | null>;
}

function sortEntries(entries: readonly DiagnosedEntry[], order: SortOrder): readonly DiagnosedEntry[] {
  const byTime = (a: DiagnosedEntry, b: DiagnosedEntry): number => a.startedAt - b.startedAt;
  if (order === "time") return [...entries].sort(byTime);
  return [...entries].sort((a, b) => Number(b.blocked) - Number(a.blocked) || byTime(a, b));
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function createListView({ entries, filter, selection, layout, expanded }: ListInput): ListView {
  const visible = computed(() => {
    const parsed = parseFilter(filter.text.value);
    const code = filter.code.value;
    const type = filter.type.value;
    const showAllowed = filter.showAllowed.value;
    const kept = entries.value.filter(
      (entry) =>
        (showAllowed || entry.blocked || failureKind(entry) !== null) &&
        (code === "" || entry.diagnosis.code === code) &&
        (type === "" || entry.resourceType === type) &&
        matchesFilter(entry, parsed),
    );
    const sort = layout.value.sort;
    const byColumn = sort ? compareEntries(sort) : null;
    return byColumn ? [...kept].sort(byColumn) : sortEntries(kept, filter.sort.value);
  });
  const rows = computed(() => buildRows({ entries: visible.value, grouped: layout.value.grouped, expanded: expanded.value }));
  const selectedIndex = computed(() => {
    const id = selection.id.value;
    return id === null ? -1 : rows.value.findIndex((row) => row.key === id);
  });
  return {
    visible,
    rows,
    blockedCount: computed(() => entries.value.reduce((n, e) => n + (e.blocked ? 1 : 0), 0)),
    codes: computed(() => distinct(entries.value.flatMap((e) => (e.diagnosis.code ? [e.diagnosis.code] : [])))),
    types: computed(() => distinct(entries.value.map((e) => e.resourceType))),
    selectedIndex,
    selectedRow: computed(() => rows.value[selectedIndex.value] ?? null),
    selectedEntry: computed(() => entryOfRow(rows.value[selectedIndex.value]) ?? null),
  };
}
