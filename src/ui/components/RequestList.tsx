// The virtualized request list: only the rows in view (plus overscan) are in the DOM.
import { useSignal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { ReportEntry } from "../../shared/report";
import { clockTime, entryStatus, hostAndPath, shortTitle } from "../format";
import type { Store } from "../store";
import { computeWindow, moveIndex, ROW_HEIGHT, scrollTopToReveal } from "../windowing";

/** Used until the list has been measured (and in layout-less test DOMs). */
const FALLBACK_VIEWPORT_HEIGHT = 600;
const NAVIGATION_KEYS = new Set(["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);
const STATUS_ICON = { blocked: "✕", allowed: "✓", other: "–" } as const;

export function rowDomId(index: number): string {
  return `cd-row-${index}`;
}

interface RowProps {
  readonly entry: ReportEntry;
  readonly index: number;
  readonly selected: boolean;
  readonly onPick: (entry: ReportEntry) => void;
}

function Row({ entry, index, selected, onPick }: RowProps) {
  const status = entryStatus(entry);
  return (
    <div
      role="option"
      id={rowDomId(index)}
      aria-selected={selected}
      data-testid="row"
      data-selected={selected ? "true" : "false"}
      data-status={status}
      data-code={entry.diagnosis.code ?? ""}
      data-entry-id={entry.id}
      // Striping by absolute index: the DOM position shifts as the window scrolls.
      class={`cd-row cd-row--${status}${index % 2 === 1 ? " cd-row--odd" : ""}${selected ? " cd-row--selected" : ""}`}
      onClick={() => onPick(entry)}
    >
      <span class="cd-cell cd-cell--icon" aria-label={status} title={status}>
        {STATUS_ICON[status]}
      </span>
      <span class="cd-cell cd-cell--method">{entry.method}</span>
      <span class="cd-cell cd-cell--url" title={entry.url}>
        {hostAndPath(entry.url)}
      </span>
      <span class="cd-cell cd-cell--title" title={entry.diagnosis.code ?? undefined}>
        {shortTitle(entry)}
      </span>
      <span class="cd-cell cd-cell--type">{entry.resourceType}</span>
      <span class="cd-cell cd-cell--time">{clockTime(entry.startedAt)}</span>
    </div>
  );
}

export interface RequestListProps {
  readonly store: Store;
  /** Called when a row is opened with Enter or a click. */
  readonly onOpen: () => void;
}

export function RequestList({ store, onOpen }: RequestListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const viewportHeight = useSignal(FALLBACK_VIEWPORT_HEIGHT);

  // Measured before the first paint, so the first frame already holds the right number of rows.
  useLayoutEffect(() => {
    const element = listRef.current;
    if (!element) return;
    if (element.clientHeight > 0) viewportHeight.value = element.clientHeight;
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (element.clientHeight > 0) viewportHeight.value = element.clientHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const entries = store.visible.value;
  const selectedIndex = store.selectedIndex.value;
  const rows = computeWindow({ itemCount: entries.length, scrollTop: scrollTop.value, viewportHeight: viewportHeight.value });

  const reveal = (index: number): void => {
    const next = scrollTopToReveal(index, scrollTop.value, viewportHeight.value);
    if (next === scrollTop.value) return;
    scrollTop.value = next;
    if (listRef.current) listRef.current.scrollTop = next;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (NAVIGATION_KEYS.has(event.key)) {
      event.preventDefault();
      const pageSize = Math.max(1, Math.floor(viewportHeight.value / ROW_HEIGHT) - 1);
      const index = moveIndex(selectedIndex, event.key as Parameters<typeof moveIndex>[1], entries.length, pageSize);
      const entry = entries[index];
      if (!entry) return;
      store.select(entry.id);
      reveal(index);
    } else if (event.key === "Enter" && selectedIndex >= 0) {
      event.preventDefault();
      store.select(store.selection.id.value, true);
      onOpen();
    }
  };

  const pick = (entry: ReportEntry): void => {
    store.select(entry.id, true);
  };

  const activeDescendant = selectedIndex >= rows.start && selectedIndex < rows.end ? rowDomId(selectedIndex) : undefined;

  return (
    <div class="cd-list-pane">
      <div class="cd-row cd-row--header" aria-hidden="true">
        <span class="cd-cell cd-cell--icon" />
        <span class="cd-cell cd-cell--method">Method</span>
        <span class="cd-cell cd-cell--url">URL</span>
        <span class="cd-cell cd-cell--title">Failure</span>
        <span class="cd-cell cd-cell--type">Type</span>
        <span class="cd-cell cd-cell--time">Time</span>
      </div>
      <div
        ref={listRef}
        class="cd-list"
        role="listbox"
        aria-label="Cross-origin requests"
        tabIndex={0}
        aria-activedescendant={activeDescendant}
        data-testid="request-list"
        onScroll={(event) => {
          scrollTop.value = (event.currentTarget as HTMLDivElement).scrollTop;
        }}
        onKeyDown={onKeyDown}
      >
        <div class="cd-list-spacer" style={{ height: `${rows.totalHeight}px` }}>
          <div class="cd-list-window" style={{ transform: `translateY(${rows.offsetTop}px)` }}>
            {entries.slice(rows.start, rows.end).map((entry, offset) => (
              <Row key={entry.id} entry={entry} index={rows.start + offset} selected={rows.start + offset === selectedIndex} onPick={pick} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
