// The virtualized request list: only the rows in view (plus overscan) are in the DOM. Rows are
// causes (with a count, opened on demand) or requests, then the "Failed, not CORS" section. For
// assistive technology it is a treegrid (WAI-ARIA APG): column headers with their sort state, group
// rows that expand, aria-rowindex, aria-level, aria-posinset and aria-setsize on the rows in the DOM.
import type { ComponentChildren } from "preact";
import { useSignal } from "@preact/signals";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import type { DiagnosedEntry } from "../../shared/report";
import { COLUMNS, columnWidth, failureShortForm, gridTemplate, nextSort, SHORT_FAILURE_BELOW, stretchWidth, visibleColumns, type ColumnId } from "../columns";
import { entryStatus } from "../format";
import { entryOfRow, isSelectable, rowPositions, type EntryRow, type GroupRow, type ListRow, type RowPosition, type SectionRow } from "../rows";
import type { Store } from "../store";
import { computeWindow, moveIndex, ROW_HEIGHT, scrollTopToReveal } from "../windowing";

/** Used until the list has been measured (and in layout-less test DOMs). */
const FALLBACK_VIEWPORT_HEIGHT = 600;
const NAVIGATION_KEYS = new Set(["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);
const STATUS_ICON = { blocked: "✕", allowed: "✓", other: "–", failed: "!" } as const;

export function rowDomId(index: number): string {
  return `cd-row-${index}`;
}

/** Where a context menu opens and for which entry. */
export interface MenuRequest {
  readonly entry: DiagnosedEntry;
  readonly x: number;
  readonly y: number;
}

interface Cells {
  readonly columns: readonly ColumnId[];
  readonly template: string;
  /** The failure column is too narrow for titles: it shows the code. */
  readonly shortFailure: boolean;
}

function Cell({ column, entry, extra, icon, short }: { column: ColumnId; entry: DiagnosedEntry; extra?: ComponentChildren; icon?: string; short: boolean }) {
  const def = COLUMNS[column];
  return (
    // The status icon is drawn from data-icon by the stylesheet: no extra node per row.
    <span role="gridcell" class={`cd-cell cd-cell--${column}`} title={def.title(entry)} data-icon={icon}>
      {extra}
      {column === "failure" && short ? failureShortForm(entry) : def.text(entry)}
    </span>
  );
}

function iconOf(entry: DiagnosedEntry, failed: boolean): keyof typeof STATUS_ICON {
  return failed ? "failed" : entryStatus(entry);
}

interface RowProps {
  readonly index: number;
  readonly position: RowPosition;
  readonly selected: boolean;
  readonly cells: Cells;
  readonly onPick: (row: ListRow, index: number) => void;
  readonly onMenu: (row: ListRow, index: number, event: MouseEvent) => void;
}

/** The row's place for assistive technology: the header is row 1, so list row `index` is `index + 2`. */
function treeAttributes(index: number, position: RowPosition) {
  return { "aria-rowindex": index + 2, "aria-level": position.level, "aria-posinset": position.posinset, "aria-setsize": position.setsize };
}

function rowClass(status: string, index: number, selected: boolean, extra = ""): string {
  // Striping by absolute index: the DOM position shifts as the window scrolls.
  return `cd-row cd-row--${status}${index % 2 === 1 ? " cd-row--odd" : ""}${selected ? " cd-row--selected" : ""}${extra}`;
}

function EntryRowView({ row, index, position, selected, cells, onPick, onMenu }: RowProps & { row: EntryRow }) {
  const { entry } = row;
  const status = entryStatus(entry);
  const icon = iconOf(entry, row.failure !== null);
  return (
    <div
      role="row"
      id={rowDomId(index)}
      aria-selected={selected}
      {...treeAttributes(index, position)}
      data-testid="row"
      data-kind="entry"
      data-selected={selected ? "true" : "false"}
      data-status={status}
      data-code={entry.diagnosis.code ?? ""}
      data-failure={row.failure ?? undefined}
      data-entry-id={entry.id}
      class={rowClass(status, index, selected, row.depth === 1 ? " cd-row--member" : "")}
      style={{ gridTemplateColumns: cells.template }}
      onClick={() => onPick(row, index)}
      onContextMenu={(event) => onMenu(row, index, event)}
    >
      {cells.columns.map((column) => (
        <Cell
          key={column}
          column={column}
          entry={entry}
          short={cells.shortFailure}
          icon={column === "name" ? STATUS_ICON[icon] : undefined}
        />
      ))}
    </div>
  );
}

function GroupRowView({ row, index, position, selected, cells, onPick, onMenu, onToggle }: RowProps & { row: GroupRow; onToggle: (row: GroupRow) => void }) {
  const first = row.entries[0]!;
  const status = entryStatus(first);
  const count = row.entries.length;
  return (
    // No aria-label: the row is named by what it shows (its count and cells), as voice control needs.
    <div
      role="row"
      id={rowDomId(index)}
      aria-selected={selected}
      aria-expanded={row.expanded}
      {...treeAttributes(index, position)}
      data-testid="row"
      data-kind="group"
      data-selected={selected ? "true" : "false"}
      data-status={status}
      data-code={first.diagnosis.code ?? ""}
      data-failure={row.failure ?? undefined}
      data-count={count}
      data-group={row.key}
      class={rowClass(status, index, selected, " cd-row--group")}
      style={{ gridTemplateColumns: cells.template }}
      onClick={() => onPick(row, index)}
      onContextMenu={(event) => onMenu(row, index, event)}
    >
      {cells.columns.map((column) => (
        <Cell
          key={column}
          column={column}
          entry={first}
          short={cells.shortFailure}
          extra={
            column === "name" ? (
              <>
                {/* aria-expanded on the row says the same; the triangle is for the pointer (→ and ← for keys). */}
                <span
                  class="cd-disclosure"
                  aria-hidden="true"
                  data-testid="disclosure"
                  title={row.expanded ? "Hide the requests" : "Show the requests"}
                  onClick={(event) => {
                    event.stopPropagation();
                    onToggle(row);
                  }}
                >
                  {row.expanded ? "▾" : "▸"}
                </span>
                <span class="cd-count" data-testid="count">
                  {count}×
                </span>
              </>
            ) : undefined
          }
        />
      ))}
    </div>
  );
}

function SectionRowView({ row, index, position, columns }: { row: SectionRow; index: number; position: RowPosition; columns: number }) {
  return (
    <div class="cd-row cd-row--section" role="row" {...treeAttributes(index, position)} data-testid="section" data-section={row.key}>
      <span class="cd-cell" role="rowheader" aria-colspan={columns}>
        {row.label} <span class="cd-count">{row.count}</span>
      </span>
    </div>
  );
}

function ColumnHeader({ store, cells, width }: { store: Store; cells: Cells; width: number }) {
  const { layout } = store.settings;
  const sort = layout.value.sort;
  const resize = (column: ColumnId, next: number): void => {
    store.setLayout({ columns: { ...layout.value.columns, [column]: Math.max(COLUMNS[column].minWidth, Math.round(next)) } });
  };
  return (
    <div class="cd-row cd-row--header" role="row" aria-rowindex={1} data-testid="list-header" style={{ gridTemplateColumns: cells.template }} data-width={width}>
      {cells.columns.map((column) => {
        const direction = sort?.column === column ? sort.direction : null;
        return (
          // Named by its label alone: from its content, the resize handle's width would join the name ("Name 200").
          <span
            key={column}
            role="columnheader"
            aria-label={COLUMNS[column].label}
            class={`cd-cell cd-cell--${column} cd-header-cell`}
            aria-sort={direction === null ? undefined : direction === "asc" ? "ascending" : "descending"}
          >
            <button
              type="button"
              class="cd-header-button"
              data-testid={`sort-${column}`}
              title={`Sort by ${COLUMNS[column].label}`}
              onClick={() => store.setLayout({ sort: nextSort(sort, column) })}
            >
              {COLUMNS[column].label}
              {direction === "asc" ? " ▲" : direction === "desc" ? " ▼" : ""}
            </button>
            <span
              class="cd-resize"
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize the ${COLUMNS[column].label} column`}
              aria-valuenow={columnWidth(column, layout.value.columns)}
              tabIndex={0}
              data-testid={`resize-${column}`}
              onPointerDown={(event) => {
                event.preventDefault();
                const handle = event.currentTarget as HTMLElement;
                const startX = event.clientX;
                const startWidth = (handle.parentElement?.getBoundingClientRect().width ?? 0) || columnWidth(column, layout.value.columns);
                handle.setPointerCapture?.(event.pointerId);
                const onMove = (move: PointerEvent): void => resize(column, startWidth + move.clientX - startX);
                const onUp = (): void => {
                  handle.removeEventListener("pointermove", onMove);
                  handle.removeEventListener("pointerup", onUp);
                };
                handle.addEventListener("pointermove", onMove);
                handle.addEventListener("pointerup", onUp);
              }}
              onKeyDown={(event) => {
                const delta = event.key === "ArrowLeft" ? -16 : event.key === "ArrowRight" ? 16 : 0;
                if (delta === 0) return;
                event.preventDefault();
                resize(column, columnWidth(column, layout.value.columns) + delta);
              }}
            />
          </span>
        );
      })}
    </div>
  );
}

export interface RequestListProps {
  readonly store: Store;
  /** Called when a row is opened with Enter or a click. */
  readonly onOpen: () => void;
  /** True when the details sit beside the list: only the Name column is shown, as in DevTools. */
  readonly nameOnly: boolean;
  readonly onMenu: (request: MenuRequest) => void;
}

/** The list's scroll position and the sizes it is drawn in, measured before the first paint. */
function useListViewport() {
  const paneRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const viewportHeight = useSignal(FALLBACK_VIEWPORT_HEIGHT);
  const paneWidth = useSignal(0);
  // Measured before the first paint, so the first frame already holds the right number of rows.
  useLayoutEffect(() => {
    const element = listRef.current;
    const pane = paneRef.current;
    if (!element || !pane) return;
    const measure = (): void => {
      // The column headers stay at the top of the scrolled list (sticky): rows show below them.
      if (element.clientHeight > 0) viewportHeight.value = Math.max(ROW_HEIGHT, element.clientHeight - ROW_HEIGHT);
      paneWidth.value = pane.clientWidth;
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(pane);
    return () => observer.disconnect();
  }, []);
  /** Scrolls just enough to show row `index`. */
  const reveal = (index: number): void => {
    const next = scrollTopToReveal(index, scrollTop.value, viewportHeight.value);
    if (next === scrollTop.value) return;
    scrollTop.value = next;
    if (listRef.current) listRef.current.scrollTop = next;
  };
  return { paneRef, listRef, scrollTop, viewportHeight, paneWidth, reveal };
}

interface ListKeys {
  readonly store: Store;
  readonly rowsList: readonly ListRow[];
  readonly selectedIndex: number;
  readonly pageSize: number;
  readonly selectIndex: (index: number) => void;
  readonly openMenuAt: (row: ListRow, x: number, y: number) => void;
  readonly onOpen: () => void;
}

/** Arrow keys, Page Up/Down, Home and End move (past section headings); Left and Right fold groups; Enter opens; the menu key opens the menu. */
function onListKey(event: KeyboardEvent, { store, rowsList, selectedIndex, pageSize, selectIndex, openMenuAt, onOpen }: ListKeys): void {
  const current = rowsList[selectedIndex];
  if (NAVIGATION_KEYS.has(event.key)) {
    event.preventDefault();
    const key = event.key as Parameters<typeof moveIndex>[1];
    let index = moveIndex(selectedIndex, key, rowsList.length, pageSize);
    // Section headings are not rows to stop on: step past them in the direction of travel.
    const step = key === "ArrowUp" || key === "PageUp" || key === "End" ? -1 : 1;
    while (rowsList[index] && !isSelectable(rowsList[index])) index += step;
    if (!rowsList[index]) {
      index -= step;
      while (rowsList[index] && !isSelectable(rowsList[index])) index -= step;
    }
    selectIndex(index);
  } else if (event.key === "ArrowRight" && current?.kind === "group" && !current.expanded) {
    event.preventDefault();
    store.toggleGroup(current.key, true);
  } else if (event.key === "ArrowLeft" && current?.kind === "group" && current.expanded) {
    event.preventDefault();
    store.toggleGroup(current.key, false);
  } else if (event.key === "ArrowLeft" && current?.kind === "entry" && current.depth === 1) {
    event.preventDefault();
    for (let index = selectedIndex - 1; index >= 0; index--) {
      if (rowsList[index]?.kind === "group") {
        selectIndex(index);
        break;
      }
    }
  } else if (event.key === "Enter" && selectedIndex >= 0) {
    event.preventDefault();
    store.select(store.selection.id.value, true);
    onOpen();
  } else if ((event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) && current) {
    event.preventDefault();
    const element = document.getElementById(rowDomId(selectedIndex));
    const box = element?.getBoundingClientRect();
    openMenuAt(current, box ? box.left + 24 : 24, box ? box.bottom : 24);
  }
}

export function RequestList({ store, onOpen, nameOnly, onMenu }: RequestListProps) {
  const { paneRef, listRef, scrollTop, viewportHeight, paneWidth, reveal } = useListViewport();
  const rowsList = store.rows.value;
  const selectedIndex = store.selectedIndex.value;
  const widths = store.settings.layout.value.columns;
  const columns = visibleColumns(paneWidth.value, widths, nameOnly);
  const cells: Cells = {
    columns,
    template: nameOnly ? "minmax(0, 1fr)" : gridTemplate(columns, widths, paneWidth.value),
    shortFailure: paneWidth.value > 0 && columns.includes("failure") && stretchWidth(columns, widths, paneWidth.value) < SHORT_FAILURE_BELOW,
  };
  const rows = computeWindow({ itemCount: rowsList.length, scrollTop: scrollTop.value, viewportHeight: viewportHeight.value });

  // Opening the details shrinks the list (stacked below it in a narrow panel): keep the selected row in view.
  useLayoutEffect(() => {
    if (selectedIndex >= 0) reveal(selectedIndex);
  }, [viewportHeight.value]);

  const selectIndex = (index: number): void => {
    const row = rowsList[index];
    if (!isSelectable(row)) return;
    store.select(row!.key);
    reveal(index);
  };
  const openMenuAt = (row: ListRow, x: number, y: number): void => {
    const entry = entryOfRow(row);
    if (!entry) return;
    store.select(row.key);
    onMenu({ entry, x, y });
  };
  const pageSize = Math.max(1, Math.floor(viewportHeight.value / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent): void => {
    // Keys pressed on a column header's button or resize handle are theirs, not the rows'.
    if (event.target !== event.currentTarget) return;
    onListKey(event, { store, rowsList, selectedIndex, pageSize, selectIndex, openMenuAt, onOpen });
  };
  const pick = (row: ListRow): void => store.select(row.key, true);
  const menu = (row: ListRow, _index: number, event: MouseEvent): void => {
    event.preventDefault();
    openMenuAt(row, event.clientX, event.clientY);
  };
  const toggle = (row: GroupRow): void => store.toggleGroup(row.key);
  const positionOf = useMemo(() => rowPositions(rowsList), [rowsList]);
  const activeDescendant = selectedIndex >= rows.start && selectedIndex < rows.end ? rowDomId(selectedIndex) : undefined;

  return (
    <div class={`cd-list-pane${nameOnly ? " cd-list-pane--name-only" : ""}`} ref={paneRef}>
      <div
        ref={listRef}
        // With no active row in the DOM, the focus ring goes on the list itself (a class, cheaper than :has()).
        class={`cd-list${activeDescendant === undefined ? " cd-list--none-selected" : ""}`}
        role="treegrid"
        aria-label="Cross-origin requests"
        aria-rowcount={rowsList.length + 1}
        aria-colcount={cells.columns.length}
        tabIndex={0}
        aria-activedescendant={activeDescendant}
        data-testid="request-list"
        onScroll={(event) => {
          scrollTop.value = (event.currentTarget as HTMLDivElement).scrollTop;
        }}
        onKeyDown={onKeyDown}
      >
        <ColumnHeader store={store} cells={cells} width={paneWidth.value} />
        <div class="cd-list-spacer" style={{ height: `${rows.totalHeight}px` }}>
          <div class="cd-list-window" style={{ transform: `translateY(${rows.offsetTop}px)` }}>
            {rowsList.slice(rows.start, rows.end).map((row, offset) => {
              const index = rows.start + offset;
              const selected = index === selectedIndex;
              const position = positionOf(index);
              if (row.kind === "section") return <SectionRowView key={row.key} row={row} index={index} position={position} columns={cells.columns.length} />;
              if (row.kind === "group") {
                return <GroupRowView key={row.key} row={row} index={index} position={position} selected={selected} cells={cells} onPick={pick} onMenu={menu} onToggle={toggle} />;
              }
              return <EntryRowView key={row.key} row={row} index={index} position={position} selected={selected} cells={cells} onPick={pick} onMenu={menu} />;
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
