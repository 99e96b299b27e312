// The DevTools panel: toolbar, request list and details side by side.
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { browserServices, type UiServices } from "../services";
import type { Store } from "../store";
import { Details } from "./Details";
import { EmptyState } from "./EmptyState";
import { RequestList } from "./RequestList";
import { Splitter } from "./Splitter";
import { Toolbar } from "./Toolbar";

export interface PanelProps {
  readonly store: Store;
  readonly services?: UiServices;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function Panel({ store, services = browserServices }: PanelProps) {
  const filterRef = useRef<HTMLInputElement>(null);
  const detailsHeadingRef = useRef<HTMLHeadingElement>(null);
  // Enter opens the details, which render on the next commit; focus moves there once they exist.
  const focusDetailsPending = useRef(false);
  useEffect(() => {
    if (focusDetailsPending.current && detailsHeadingRef.current) {
      focusDetailsPending.current = false;
      detailsHeadingRef.current.focus();
    }
  });

  // Subscribing before the first paint, not after it, lets the snapshot reach the first frame.
  useLayoutEffect(() => store.connect(), [store]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const findShortcut = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !isTextField(event.target);
      if (!findShortcut && !slash) return;
      event.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const selected = store.selected.value;
  const open = store.selection.open.value && selected !== null;
  const paused = store.settings.paused.value;

  return (
    <div class="cd-root cd-panel" data-theme={store.settings.theme.value} data-testid="panel">
      <Toolbar store={store} services={services} filterRef={filterRef} />
      {paused ? (
        <div class="cd-banner cd-banner--paused" role="status" data-testid="paused-banner">
          Recording is paused: new requests are not recorded.{" "}
          <button type="button" class="cd-button" onClick={() => void store.setPaused(false)}>
            Resume
          </button>
        </div>
      ) : null}
      {store.error.value ? (
        <div class="cd-banner cd-banner--error" role="alert">
          {store.error.value}
        </div>
      ) : null}
      <div class="cd-split">
        <div class="cd-split-list" style={open ? { width: `${store.settings.listWidth.value}px` } : undefined}>
          <RequestList store={store} onOpen={() => {
              if (detailsHeadingRef.current) detailsHeadingRef.current.focus();
              else focusDetailsPending.current = true;
            }} />
          <EmptyState store={store} />
        </div>
        {open ? (
          <>
            <Splitter width={store.settings.listWidth} />
            <div class="cd-split-details">
              <Details entry={selected} services={services} headingRef={detailsHeadingRef} onClose={() => store.select(store.selection.id.value, false)} />
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}
