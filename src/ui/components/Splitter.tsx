// The draggable (and keyboard-adjustable) border between the list and the details.
import type { Signal } from "@preact/signals";

export const MIN_PANE_WIDTH = 200;
const KEY_STEP = 24;

export function clampWidth(width: number, containerWidth: number): number {
  const max = containerWidth > 2 * MIN_PANE_WIDTH ? containerWidth - MIN_PANE_WIDTH : Number.POSITIVE_INFINITY;
  return Math.round(Math.min(max, Math.max(MIN_PANE_WIDTH, width)));
}

export function Splitter({ width }: { width: Signal<number> }) {
  const containerWidth = (element: Element): number => element.parentElement?.clientWidth ?? 0;
  const onPointerDown = (event: PointerEvent): void => {
    const handle = event.currentTarget as HTMLElement;
    const startX = event.clientX;
    const startWidth = width.value;
    handle.setPointerCapture?.(event.pointerId);
    const onMove = (move: PointerEvent): void => {
      width.value = clampWidth(startWidth + move.clientX - startX, containerWidth(handle));
    };
    const onUp = (): void => {
      handle.removeEventListener("pointermove", onMove);
      handle.removeEventListener("pointerup", onUp);
    };
    handle.addEventListener("pointermove", onMove);
    handle.addEventListener("pointerup", onUp);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const delta = event.key === "ArrowLeft" ? -KEY_STEP : event.key === "ArrowRight" ? KEY_STEP : 0;
    if (delta === 0) return;
    event.preventDefault();
    width.value = clampWidth(width.value + delta, containerWidth(event.currentTarget as Element));
  };
  return (
    <div
      class="cd-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize list and details"
      aria-valuenow={width.value}
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
