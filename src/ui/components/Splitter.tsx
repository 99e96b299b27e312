// The draggable (and keyboard-adjustable) border between the list and the details: vertical when
// they sit side by side, horizontal when the details are stacked below the list.

/** The smallest list, and the smallest details pane, in CSS pixels. */
export const MIN_LIST = 100;
export const MIN_DETAILS = 200;
const KEY_STEP = 24;

/** The list's size kept between MIN_LIST and what leaves MIN_DETAILS to the details (container 0: unmeasured). */
export function clampSize(size: number, container: number, minList = MIN_LIST, minDetails = MIN_DETAILS): number {
  const max = container > 0 ? Math.max(minList, container - minDetails) : Number.POSITIVE_INFINITY;
  return Math.round(Math.min(max, Math.max(minList, size)));
}

export interface SplitterProps {
  /** The list's size: its width ("vertical" splitter) or its height ("horizontal"). */
  readonly size: number;
  readonly orientation: "vertical" | "horizontal";
  readonly onChange: (size: number) => void;
  /** The container's size along the same axis, for clamping. */
  readonly containerSize: () => number;
  readonly minDetails?: number;
}

export function Splitter({ size, orientation, onChange, containerSize, minDetails = MIN_DETAILS }: SplitterProps) {
  const vertical = orientation === "vertical";
  const clamp = (value: number): number => clampSize(value, containerSize(), MIN_LIST, minDetails);
  const onPointerDown = (event: PointerEvent): void => {
    event.preventDefault();
    const handle = event.currentTarget as HTMLElement;
    const start = vertical ? event.clientX : event.clientY;
    const startSize = size;
    handle.setPointerCapture?.(event.pointerId);
    const onMove = (move: PointerEvent): void => onChange(clamp(startSize + (vertical ? move.clientX : move.clientY) - start));
    const onUp = (): void => {
      handle.removeEventListener("pointermove", onMove);
      handle.removeEventListener("pointerup", onUp);
    };
    handle.addEventListener("pointermove", onMove);
    handle.addEventListener("pointerup", onUp);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const back = vertical ? "ArrowLeft" : "ArrowUp";
    const forward = vertical ? "ArrowRight" : "ArrowDown";
    const delta = event.key === back ? -KEY_STEP : event.key === forward ? KEY_STEP : 0;
    if (delta === 0) return;
    event.preventDefault();
    onChange(clamp(size + delta));
  };
  return (
    <div
      class={`cd-splitter cd-splitter--${orientation}`}
      role="separator"
      // A separator's orientation is that of the line: side by side, the line is vertical.
      aria-orientation={orientation}
      aria-label="Resize list and details"
      aria-valuenow={size}
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
