// The list and the details of the selected request, as DevTools' Network panel lays them out: side
// by side (the list shrinks to its Name column) in a wide panel, the details stacked below the list
// in a narrow one (DevTools docked to the side). Splitter positions are remembered in the layout.
import type { ComponentChildren } from "preact";
import { useSignal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { Store } from "../store";
import { clampSize, MIN_DETAILS, Splitter } from "./Splitter";

/** Narrower than this, the details go below the list. */
export const STACK_BELOW = 640;
/** In the stacked layout the details keep at least this height. */
const MIN_STACKED_DETAILS = 120;

export type SplitMode = "side" | "stacked";

/** 0 (not measured, as in layout-less test DOMs) counts as wide. */
export function splitMode(width: number): SplitMode {
  return width > 0 && width < STACK_BELOW ? "stacked" : "side";
}

export interface SplitViewProps {
  readonly store: Store;
  readonly open: boolean;
  /** The list, told whether it shows only the Name column. */
  readonly list: (nameOnly: boolean) => ComponentChildren;
  readonly details: ComponentChildren;
}

export function SplitView({ store, open, list, details }: SplitViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  const size = useSignal({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void => {
      size.value = { width: element.clientWidth, height: element.clientHeight };
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const layout = store.settings.layout.value;
  const mode = splitMode(size.value.width);
  const stacked = mode === "stacked";
  // The stored size may come from a bigger panel: shown clamped, kept as stored.
  const listSize = stacked
    ? clampSize(layout.listHeight, size.value.height, 60, MIN_STACKED_DETAILS)
    : clampSize(layout.listWidth, size.value.width, 100, MIN_DETAILS);
  const listStyle = open ? (stacked ? { height: `${listSize}px` } : { width: `${listSize}px` }) : undefined;

  return (
    <div ref={ref} class={`cd-split cd-split--${mode}`} data-testid="split" data-mode={mode}>
      <div class={`cd-split-list${open ? " cd-split-list--sized" : ""}`} style={listStyle}>
        {list(open && !stacked)}
      </div>
      {open ? (
        <>
          <Splitter
            size={listSize}
            orientation={stacked ? "horizontal" : "vertical"}
            containerSize={() => (stacked ? size.value.height : size.value.width)}
            minDetails={stacked ? MIN_STACKED_DETAILS : MIN_DETAILS}
            onChange={(next) => store.setLayout(stacked ? { listHeight: next } : { listWidth: next })}
          />
          <div class="cd-split-details">{details}</div>
        </>
      ) : null}
    </div>
  );
}
