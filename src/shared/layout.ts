// The panel's remembered layout and preferences: splitter positions, column widths, sort, grouping
// and the JavaScript fixes' module style. Kept with the other settings by the worker (the one place
// panel preferences live); this module only defines it and repairs whatever storage holds.

export type SortDirection = "asc" | "desc";

/** How JavaScript fixes are written: ES modules (`import`) or CommonJS (`require`). */
export type ModuleStyle = "esm" | "cjs";

export interface ColumnSort {
  /** A column id of the request list ("name", "status", …). */
  readonly column: string;
  readonly direction: SortDirection;
}

export interface PanelLayout {
  /** Width of the list when the details are open beside it, in CSS pixels. */
  readonly listWidth: number;
  /** Height of the list when the details are stacked below it (narrow panels). */
  readonly listHeight: number;
  /** Column widths by column id; missing ones take their default. */
  readonly columns: Readonly<Record<string, number>>;
  /** null: the default order (blocked first, then by time). */
  readonly sort: ColumnSort | null;
  /** One row per cause (true) or one row per request. */
  readonly grouped: boolean;
  /** The module style shown for JavaScript fixes. */
  readonly moduleStyle: ModuleStyle;
}

export const DEFAULT_LAYOUT: PanelLayout = { listWidth: 260, listHeight: 180, columns: {}, sort: null, grouped: true, moduleStyle: "esm" };

const MAX_SIZE = 10_000;

function size(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.min(MAX_SIZE, Math.round(value)) : fallback;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A valid layout from anything (storage written by an older version, a hostile message): bad fields take defaults. */
export function sanitizeLayout(value: unknown): PanelLayout {
  if (!isRecord(value)) return DEFAULT_LAYOUT;
  const columns: Record<string, number> = {};
  if (isRecord(value.columns)) {
    for (const [id, width] of Object.entries(value.columns).slice(0, 32)) {
      if (/^[a-z]{1,16}$/.test(id) && typeof width === "number") columns[id] = size(width, 100);
    }
  }
  const sort = isRecord(value.sort) && typeof value.sort.column === "string" && /^[a-z]{1,16}$/.test(value.sort.column)
    ? { column: value.sort.column, direction: value.sort.direction === "desc" ? ("desc" as const) : ("asc" as const) }
    : null;
  return {
    listWidth: size(value.listWidth, DEFAULT_LAYOUT.listWidth),
    listHeight: size(value.listHeight, DEFAULT_LAYOUT.listHeight),
    columns,
    sort,
    grouped: typeof value.grouped === "boolean" ? value.grouped : DEFAULT_LAYOUT.grouped,
    moduleStyle: value.moduleStyle === "cjs" ? "cjs" : DEFAULT_LAYOUT.moduleStyle,
  };
}
