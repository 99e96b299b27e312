// The DevTools panel: toolbar, request list and the details of the selected request.
import { useSignal, type Signal } from "@preact/signals";
import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { browserServices, type UiServices } from "../services";
import type { Store } from "../store";
import { ContextMenu } from "./ContextMenu";
import { Details } from "./Details";
import { EmptyState } from "./EmptyState";
import { LiveRegion } from "./LiveRegion";
import { RecordingNotice } from "./Recording";
import { RequestList, type MenuRequest } from "./RequestList";
import { ServerView, VIEW_PANEL_ID, ViewSwitch, viewTabId, type PanelView } from "./ServerView";
import { SplitView } from "./SplitView";
import { Toolbar } from "./Toolbar";

export interface PanelProps {
  readonly store: Store;
  readonly services?: UiServices;
  /** In the toolbar, before the exports (Import HAR…). */
  readonly toolbarExtra?: ComponentChildren;
  /** Below the banners (a HAR file's progress and what it could not tell). */
  readonly notices?: ComponentChildren;
  /** False for a HAR file: its requests are not news as they are read (its summary is announced instead). */
  readonly announce?: boolean;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function focusList(): void {
  document.querySelector<HTMLElement>("[data-testid=request-list]")?.focus();
}

/** Esc closes the details (as in DevTools); Ctrl+F, Cmd+F and / go to the filter. */
function usePanelKeys(store: Store, filterRef: RefObject<HTMLInputElement>, menu: Signal<MenuRequest | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === "Escape" && !isTextField(event.target) && store.selection.open.value && menu.value === null) {
        // Esc closes the details, as in DevTools; the list keeps the selection and the focus.
        event.preventDefault();
        store.select(store.selection.id.value, false);
        focusList();
        return;
      }
      const findShortcut = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !isTextField(event.target);
      if (!findShortcut && !slash) return;
      event.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [store]);
}

/** Why nothing new is being recorded, how it is recorded, and the worker's last error. */
function Banners({ store, services }: { store: Store; services: UiServices }) {
  const paused = store.settings.paused.value;
  return (
    <>
      {paused ? (
        <div class="cd-banner cd-banner--paused" role="status" data-testid="paused-banner">
          Recording is paused: new requests are not recorded.{" "}
          <button type="button" class="cd-button" onClick={() => void store.setPaused(false)}>
            Resume
          </button>
        </div>
      ) : null}
      <RecordingNotice store={store} services={services} />
      {store.error.value ? (
        <div class="cd-banner cd-banner--error" role="alert">
          {store.error.value}
        </div>
      ) : null}
    </>
  );
}

interface SelectedDetailsProps {
  readonly store: Store;
  readonly services: UiServices;
  readonly headingRef: RefObject<HTMLHeadingElement>;
  readonly onOpenServer: () => void;
}

/** The details of the selected row: its diagnosis at once, its fix once the fix library has it. */
function SelectedDetails({ store, services, headingRef, onOpenServer }: SelectedDetailsProps) {
  const selected = store.selected.value;
  if (!selected) return null;
  const completed = store.selectedReport.value;
  const selectedRow = store.selectedRow.value;
  return (
    <Details
      entry={selected}
      completed={completed}
      sharedBy={selectedRow?.kind === "group" ? selectedRow.entries.length : 1}
      services={services}
      headingRef={headingRef}
      onClose={() => store.select(store.selection.id.value, false)}
      server={completed ? store.entries.completed.value?.servers.find((server) => server.entries.includes(selected.id)) : undefined}
      onOpenServer={onOpenServer}
      moduleStyle={store.settings.layout.value.moduleStyle}
      onModuleStyle={(moduleStyle) => store.setLayout({ moduleStyle })}
    />
  );
}

export function Panel({ store, services = browserServices, toolbarExtra, notices, announce = true }: PanelProps) {
  const filterRef = useRef<HTMLInputElement>(null);
  const detailsHeadingRef = useRef<HTMLHeadingElement>(null);
  const menu = useSignal<MenuRequest | null>(null);
  const view = useSignal<PanelView>("requests");
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
  usePanelKeys(store, filterRef, menu);

  const open = store.selection.open.value && store.selected.value !== null;
  const openDetails = (): void => {
    if (detailsHeadingRef.current) detailsHeadingRef.current.focus();
    else focusDetailsPending.current = true;
  };

  return (
    // One main landmark per page; the page's heading names the tool for screen-reader navigation.
    <main class="cd-root cd-panel" data-theme={store.settings.theme.value} data-testid="panel">
      <h1 class="cd-visually-hidden">CORS Doctor</h1>
      <Toolbar store={store} services={services} filterRef={filterRef} extra={toolbarExtra} />
      <Banners store={store} services={services} />
      {announce ? <LiveRegion store={store} /> : null}
      {notices}
      <ViewSwitch view={view} store={store} />
      <div class="cd-view" role="tabpanel" id={VIEW_PANEL_ID} aria-labelledby={viewTabId(view.value)}>
        {view.value === "servers" ? (
          <ServerView store={store} services={services} />
        ) : (
          <SplitView
            store={store}
            open={open}
            list={(nameOnly) => (
              <>
                <RequestList store={store} nameOnly={nameOnly} onOpen={openDetails} onMenu={(request) => (menu.value = request)} />
                <EmptyState store={store} />
              </>
            )}
            details={<SelectedDetails store={store} services={services} headingRef={detailsHeadingRef} onOpenServer={() => (view.value = "servers")} />}
          />
        )}
      </div>
      {menu.value ? (
        <ContextMenu
          request={menu.value}
          completed={store.complete(menu.value.entry)}
          services={services}
          onClose={() => {
            menu.value = null;
            focusList();
          }}
        />
      ) : null}
    </main>
  );
}
