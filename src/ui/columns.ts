// The request list's columns, as in DevTools' Network panel: what each shows, how it sorts, its
// default and smallest width, and which ones give way first when the list is narrow. Pure.
import type { ColumnSort } from "../shared/layout";
import type { DiagnosedEntry } from "../shared/report";
import { clockTime, domainOf, nameOf, shortTitle, statusOf } from "./format";

export const COLUMN_IDS = ["name", "status", "method", "domain", "failure", "type", "time"] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface Column {
  readonly id: ColumnId;
  readonly label: string;
  readonly width: number;
  readonly minWidth: number;
  /** The cell's text. */
  text(entry: DiagnosedEntry): string;
  /** The cell's tooltip: the full value where the cell may cut it. */
  title(entry: DiagnosedEntry): string | undefined;
  sortKey(entry: DiagnosedEntry): string | number;
}

/** Narrower than this, the failure column shows Chromium's code, the short form, instead of the title. */
export const SHORT_FAILURE_BELOW = 200;

/** The code where there is one (the short form of the failure), else the title. */
export function failureShortForm(entry: DiagnosedEntry): string {
  return entry.diagnosis.code ?? shortTitle(entry);
}

function failureTitle(entry: DiagnosedEntry): string {
  const d = entry.diagnosis;
  if (!d.code) return shortTitle(entry);
  return `${shortTitle(entry)}\n${d.code}${d.failedParameter ? ` (${d.failedParameter})` : ""}`;
}

export const COLUMNS: Readonly<Record<ColumnId, Column>> = {
  name: { id: "name", label: "Name", width: 200, minWidth: 60, text: (e) => nameOf(e.url), title: (e) => e.url, sortKey: (e) => nameOf(e.url).toLowerCase() },
  status: { id: "status", label: "Status", width: 84, minWidth: 40, text: (e) => statusOf(e).text, title: (e) => statusOf(e).detail, sortKey: (e) => statusOf(e).value },
  method: { id: "method", label: "Method", width: 64, minWidth: 40, text: (e) => e.method, title: () => undefined, sortKey: (e) => e.method },
  domain: { id: "domain", label: "Domain", width: 160, minWidth: 50, text: (e) => domainOf(e.url), title: (e) => domainOf(e.url), sortKey: (e) => domainOf(e.url) },
  failure: { id: "failure", label: "Failure", width: 280, minWidth: 80, text: shortTitle, title: failureTitle, sortKey: (e) => e.diagnosis.code ?? `~${shortTitle(e)}` },
  type: { id: "type", label: "Type", width: 100, minWidth: 40, text: (e) => e.resourceType, title: (e) => e.resourceType, sortKey: (e) => e.resourceType },
  time: { id: "time", label: "Time", width: 96, minWidth: 50, text: (e) => clockTime(e.startedAt), title: (e) => new Date(e.startedAt).toISOString(), sortKey: (e) => e.startedAt },
};

/** Columns given up, in this order, when the list is too narrow for all of them (Name never is). */
const GIVE_WAY: readonly ColumnId[] = ["time", "type", "domain", "method", "failure", "status"];

/** The row's horizontal padding and a scrollbar. */
export const ROW_CHROME = 24;

export function columnWidth(id: ColumnId, widths: Readonly<Record<string, number>>): number {
  const column = COLUMNS[id];
  return Math.max(column.minWidth, widths[id] ?? column.width);
}

/**
 * The columns shown in a list `available` pixels wide (0: not measured, all of them). With
 * `nameOnly` (details open beside the list, as DevTools does) only the Name column.
 */
export function visibleColumns(available: number, widths: Readonly<Record<string, number>>, nameOnly: boolean): ColumnId[] {
  if (nameOnly) return ["name"];
  const shown: ColumnId[] = [...COLUMN_IDS];
  if (available <= 0) return shown;
  // The stretching column (failure) can shrink to its smallest width; the others keep theirs.
  const need = (id: ColumnId): number => (id === "failure" ? COLUMNS.failure.minWidth : columnWidth(id, widths));
  const total = (): number => ROW_CHROME + shown.reduce((sum, id) => sum + need(id), 0);
  for (const id of GIVE_WAY) {
    if (total() <= available) break;
    shown.splice(shown.indexOf(id), 1);
  }
  return shown;
}

/** The width the stretching column gets in a list `available` pixels wide (0: unmeasured). */
export function stretchWidth(shown: readonly ColumnId[], widths: Readonly<Record<string, number>>, available: number): number {
  const stretch: ColumnId = shown.includes("failure") ? "failure" : "name";
  const others = shown.reduce((sum, id) => (id === stretch ? sum : sum + columnWidth(id, widths)), ROW_CHROME);
  const room = available > 0 ? available - others : Number.POSITIVE_INFINITY;
  return Math.round(Math.max(COLUMNS[stretch].minWidth, Math.min(columnWidth(stretch, widths), room)));
}

/**
 * CSS grid columns for a row `available` pixels wide (0: unmeasured). The failure column (else the
 * name) takes what is left over: at least its own width when that fits, its smallest width otherwise.
 * The name column shares the room left over once everything has its width.
 */
export function gridTemplate(shown: readonly ColumnId[], widths: Readonly<Record<string, number>>, available = 0): string {
  const stretch: ColumnId = shown.includes("failure") ? "failure" : "name";
  const least = stretchWidth(shown, widths, available);
  return shown
    .map((id) =>
      id === stretch ? `minmax(${least}px, 3fr)` : id === "name" ? `minmax(${columnWidth(id, widths)}px, 2fr)` : `${columnWidth(id, widths)}px`,
    )
    .join(" ");
}

export function isColumnId(value: string): value is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}

/** A comparator for a column sort; ties keep the time order. */
export function compareEntries(sort: ColumnSort): ((a: DiagnosedEntry, b: DiagnosedEntry) => number) | null {
  if (!isColumnId(sort.column)) return null;
  const key = COLUMNS[sort.column].sortKey;
  const sign = sort.direction === "desc" ? -1 : 1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.startedAt - b.startedAt;
  };
}

/** The next sort when a header is clicked: ascending, descending, then the default order. */
export function nextSort(current: ColumnSort | null, column: ColumnId): ColumnSort | null {
  if (current?.column !== column) return { column, direction: "asc" };
  return current.direction === "asc" ? { column, direction: "desc" } : null;
}
