// What the virtualized list shows, row by row: the CORS failures (one row per cause, or one per
// request), then the "Failed, not CORS" section. Every row has the same height. Pure.
import { originOf, type DiagnosedEntry } from "../shared/report";
import { failureKind, FAILURE_KINDS, type FailureKind } from "./failures";
import { domainOf } from "./format";

export interface SectionRow {
  readonly kind: "section";
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

export interface GroupRow {
  readonly kind: "group";
  /** "group:" + the cause's key. */
  readonly key: string;
  /** Members in list order; the first one stands for the group in the details. */
  readonly entries: readonly DiagnosedEntry[];
  readonly expanded: boolean;
  /** Set in the "Failed, not CORS" section. */
  readonly failure: FailureKind | null;
}

export interface EntryRow {
  readonly kind: "entry";
  /** The entry's id. */
  readonly key: string;
  readonly entry: DiagnosedEntry;
  /** 1 for a member shown under its expanded group. */
  readonly depth: 0 | 1;
  readonly failure: FailureKind | null;
}

export type ListRow = SectionRow | GroupRow | EntryRow;

export const NOT_CORS_SECTION = "section:not-cors";

/**
 * Each entry's cause, kept per entry object (an entry is never changed in place: a new diagnosis
 * comes as a new object). The list is rebuilt whenever entries arrive, and parsing every URL again
 * was the dearest part of it once a list holds more URLs than the origin cache keeps.
 */
const causeKeys = new WeakMap<DiagnosedEntry, string>();

/** The cause of a CORS outcome: server origin × code × failedParameter. */
export function causeKey(entry: DiagnosedEntry): string {
  const known = causeKeys.get(entry);
  if (known !== undefined) return known;
  const server = originOf(entry.finalUrl || entry.url) ?? domainOf(entry.url);
  const d = entry.diagnosis;
  const key = d.code ? `${server} ${d.code} ${d.failedParameter ?? ""}` : `${server} ${d.verdict}`;
  causeKeys.set(entry, key);
  return key;
}

function failureKey(entry: DiagnosedEntry, failure: FailureKind): string {
  return `${failure} ${originOf(entry.url) ?? domainOf(entry.url)}`;
}

/** Groups in list order, largest first (a stable sort keeps the list's order among equals). */
function groupsOf(entries: readonly DiagnosedEntry[], keyOf: (entry: DiagnosedEntry) => string): DiagnosedEntry[][] {
  const groups = new Map<string, DiagnosedEntry[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

function appendGroups(
  rows: ListRow[],
  entries: readonly DiagnosedEntry[],
  keyOf: (entry: DiagnosedEntry) => string,
  expanded: ReadonlySet<string>,
  failure: (entry: DiagnosedEntry) => FailureKind | null,
): void {
  for (const members of groupsOf(entries, keyOf)) {
    const first = members[0]!;
    if (members.length === 1) {
      rows.push({ kind: "entry", key: first.id, entry: first, depth: 0, failure: failure(first) });
      continue;
    }
    const key = `group:${keyOf(first)}`;
    const open = expanded.has(key);
    rows.push({ kind: "group", key, entries: members, expanded: open, failure: failure(first) });
    if (open) for (const entry of members) rows.push({ kind: "entry", key: entry.id, entry, depth: 1, failure: failure(entry) });
  }
}

export interface RowsInput {
  /** The entries to list, filtered and in list order. */
  readonly entries: readonly DiagnosedEntry[];
  readonly grouped: boolean;
  /** Keys of the groups shown open. */
  readonly expanded: ReadonlySet<string>;
}

export function buildRows({ entries, grouped, expanded }: RowsInput): ListRow[] {
  const cors: DiagnosedEntry[] = [];
  const notCors: { entry: DiagnosedEntry; failure: FailureKind }[] = [];
  for (const entry of entries) {
    const failure = failureKind(entry);
    if (failure === null) cors.push(entry);
    else notCors.push({ entry, failure });
  }
  const rows: ListRow[] = [];
  if (grouped) appendGroups(rows, cors, causeKey, expanded, () => null);
  else for (const entry of cors) rows.push({ kind: "entry", key: entry.id, entry, depth: 0, failure: null });
  if (notCors.length === 0) return rows;
  rows.push({ kind: "section", key: NOT_CORS_SECTION, label: "Failed, not CORS", count: notCors.length });
  const kinds = new Map(notCors.map(({ entry, failure }) => [entry, failure]));
  const kindOf = (entry: DiagnosedEntry): FailureKind => kinds.get(entry) ?? "network";
  const failed = notCors.map(({ entry }) => entry);
  if (grouped) appendGroups(rows, failed, (entry) => failureKey(entry, kindOf(entry)), expanded, kindOf);
  else for (const { entry, failure } of notCors) rows.push({ kind: "entry", key: entry.id, entry, depth: 0, failure });
  return rows;
}

/** The entry a row stands for in the details: its own, or its group's first. */
export function entryOfRow(row: ListRow | undefined): DiagnosedEntry | null {
  if (!row || row.kind === "section") return null;
  return row.kind === "group" ? row.entries[0]! : row.entry;
}

export function isSelectable(row: ListRow | undefined): boolean {
  return row !== undefined && row.kind !== "section";
}

export function failureLabel(kind: FailureKind): string {
  return FAILURE_KINDS[kind].label;
}

/** A row's place in the tree, for aria-level, aria-posinset and aria-setsize (only some rows are in the DOM). */
export interface RowPosition {
  readonly level: 1 | 2;
  readonly posinset: number;
  readonly setsize: number;
}

/**
 * Level 1: every row but a group's members (the section heading among them); level 2: the members
 * of an open group. Two passes over typed arrays (the list may hold 10,000 rows); a row's position is
 * made only when it is rendered.
 */
export function rowPositions(rows: readonly ListRow[]): (index: number) => RowPosition {
  const count = rows.length;
  const member = new Uint8Array(count);
  const posinset = new Int32Array(count);
  const setsize = new Int32Array(count);
  let top = 0;
  for (let index = 0; index < count; index++) {
    const row = rows[index]!;
    member[index] = row.kind === "entry" && row.depth === 1 ? 1 : 0;
    posinset[index] = member[index] === 0 ? ++top : index > 0 && member[index - 1] === 1 ? posinset[index - 1]! + 1 : 1;
  }
  for (let index = count - 1; index >= 0; index--) {
    setsize[index] = member[index] === 0 ? top : index + 1 < count && member[index + 1] === 1 ? setsize[index + 1]! : posinset[index]!;
  }
  return (index) => ({ level: member[index] === 1 ? 2 : 1, posinset: posinset[index]!, setsize: setsize[index]! });
}
