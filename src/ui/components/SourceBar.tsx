// The sources as tabs, shown once a HAR file is open: the live recording of the inspected tab,
// then each file by its name; "Close file" closes the one shown and goes back to the live one.
import { LIVE_SOURCE, type SourcesStore } from "../sources";

export const SOURCE_PANEL_ID = "cd-source-panel";

export function sourceTabId(id: string): string {
  return `cd-source-tab-${id}`;
}

function focusTab(id: string): void {
  document.getElementById(sourceTabId(id))?.focus();
}

export function SourceBar({ sources }: { sources: SourcesStore }) {
  const files = sources.files.value;
  const active = sources.active.value;
  const activeFile = sources.activeFile.value;
  const tabs = [{ id: LIVE_SOURCE, label: "Live: this tab", title: "The requests recorded on the inspected tab (recording goes on while a file is shown)" }].concat(
    files.map((file) => ({ id: file.id, label: file.name, title: `${file.name}: a HAR file, judged as the browser would` })),
  );
  const onKeyDown = (event: KeyboardEvent): void => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const next =
      event.key === "ArrowRight" ? (index + 1) % tabs.length
      : event.key === "ArrowLeft" ? (index - 1 + tabs.length) % tabs.length
      : event.key === "Home" ? 0
      : event.key === "End" ? tabs.length - 1
      : -1;
    const target = tabs[next];
    if (!target) return;
    event.preventDefault();
    sources.show(target.id);
    requestAnimationFrame(() => focusTab(target.id));
  };
  return (
    // A landmark of its own (banner), so that everything on the page is in one.
    <header class="cd-source-bar" data-testid="source-bar">
      <div class="cd-source-tabs" role="tablist" aria-label="Sources" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={sourceTabId(tab.id)}
            class={`cd-tab cd-source-tab${tab.id === active ? " cd-tab--active" : ""}`}
            aria-selected={tab.id === active}
            aria-controls={SOURCE_PANEL_ID}
            tabIndex={tab.id === active ? 0 : -1}
            title={tab.title}
            data-testid="source-tab"
            onClick={() => sources.show(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {activeFile ? (
        <button
          type="button"
          class="cd-button"
          data-testid="close-source"
          title={`Close ${activeFile.name} and go back to the live recording`}
          onClick={() => {
            sources.close(activeFile.id);
            requestAnimationFrame(() => focusTab(LIVE_SOURCE));
          }}
        >
          Close file
        </button>
      ) : null}
    </header>
  );
}
