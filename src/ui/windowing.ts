// Fixed-row-height windowing: which rows of a long list to put in the DOM for a scroll position.
// Pure arithmetic so that it can be table-tested without a layout engine.

/** Height of one list row in CSS pixels; the stylesheet uses the same value. */
export const ROW_HEIGHT = 20;
/** Rows rendered above and below the viewport so fast scrolling does not show blank space. */
export const OVERSCAN = 8;

export interface WindowInput {
  readonly itemCount: number;
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight?: number;
  readonly overscan?: number;
}

export interface RowWindow {
  /** First rendered index (inclusive). */
  readonly start: number;
  /** Last rendered index (exclusive). */
  readonly end: number;
  /** Top offset of the first rendered row. */
  readonly offsetTop: number;
  /** Height of the whole list, so the scrollbar matches the item count. */
  readonly totalHeight: number;
}

export function computeWindow(input: WindowInput): RowWindow {
  const rowHeight = input.rowHeight ?? ROW_HEIGHT;
  const overscan = input.overscan ?? OVERSCAN;
  const count = Math.max(0, Math.floor(input.itemCount));
  const totalHeight = count * rowHeight;
  if (count === 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const viewport = Math.max(0, input.viewportHeight);
  const maxScroll = Math.max(0, totalHeight - viewport);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleCount = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, firstVisible + visibleCount + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view with as little movement as possible. */
export function scrollTopToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number = ROW_HEIGHT,
): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** The index reached by a navigation key from `current` in a list of `count` rows. */
export function moveIndex(
  current: number,
  key: "ArrowUp" | "ArrowDown" | "Home" | "End" | "PageUp" | "PageDown",
  count: number,
  pageSize: number,
): number {
  if (count === 0) return -1;
  const last = count - 1;
  const from = current < 0 ? -1 : Math.min(current, last);
  switch (key) {
    case "ArrowDown":
      return Math.min(last, from + 1);
    case "ArrowUp":
      return from < 0 ? 0 : Math.max(0, from - 1);
    case "Home":
      return 0;
    case "End":
      return last;
    case "PageDown":
      return Math.min(last, Math.max(0, from) + Math.max(1, pageSize));
    case "PageUp":
      return Math.max(0, from - Math.max(1, pageSize));
  }
}
