// The request's context menu (right-click, the context-menu key or Shift+F10 on a row): copy the
// URL, cURL, fetch, the fix or Markdown. Arrow keys move, Enter copies, Esc or a click outside closes.
import { useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { ReportEntry } from "../../shared/report";
import { copyItems } from "../copy-menu";
import type { UiServices } from "../services";
import type { MenuRequest } from "./RequestList";

export interface ContextMenuProps {
  readonly request: MenuRequest;
  /** The request with its fixes; null while the fix library loads. */
  readonly completed: ReportEntry | null;
  readonly services: UiServices;
  /** `copied`: what the item copied, or null when the menu closed without copying. */
  readonly onClose: (copied: string | null) => void;
}

export function ContextMenu({ request, completed, services, onClose }: ContextMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const position = useSignal({ left: request.x, top: request.y });
  const items = copyItems(request.entry, completed);

  // Kept inside the panel: a menu opened near the right or bottom edge opens towards the inside.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const box = menu.getBoundingClientRect();
    const left = Math.max(0, Math.min(request.x, window.innerWidth - box.width - 2));
    const top = Math.max(0, Math.min(request.y, window.innerHeight - box.height - 2));
    position.value = { left, top };
    menu.querySelector<HTMLButtonElement>("[role=menuitem]:not([disabled])")?.focus();
  }, [request]);

  useEffect(() => {
    const outside = (event: PointerEvent): void => {
      if (menuRef.current && !menuRef.current.contains(event.target as Node)) onClose(null);
    };
    document.addEventListener("pointerdown", outside, true);
    return () => document.removeEventListener("pointerdown", outside, true);
  }, [onClose]);

  const choose = async (text: string): Promise<void> => {
    try {
      await services.copyText(text);
      onClose(text);
    } catch {
      onClose(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const buttons = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]:not([disabled])") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      event.stopPropagation();
      onClose(null);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? (at + 1) % buttons.length : (at - 1 + buttons.length) % buttons.length;
      buttons[next]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      buttons[event.key === "Home" ? 0 : buttons.length - 1]?.focus();
    }
  };

  return (
    <div
      ref={menuRef}
      class="cd-menu"
      role="menu"
      aria-label="Copy this request"
      data-testid="context-menu"
      style={{ left: `${position.value.left}px`, top: `${position.value.top}px` }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          class="cd-menu-item"
          data-testid={`menu-${item.id}`}
          disabled={item.text === null}
          onClick={() => item.text !== null && void choose(item.text)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
