// The panel's toolbar: filters, sort, recording controls, clear and export.
import type { ComponentChildren, Ref } from "preact";
import { exportFileName, reportJson, reportMarkdown } from "../export";
import type { UiServices } from "../services";
import type { Store } from "../store";
import { RecordingModeControl } from "./Recording";

export interface ToolbarProps {
  readonly store: Store;
  readonly services: UiServices;
  readonly filterRef: Ref<HTMLInputElement>;
  /** Controls the page adds before the exports (Import HAR…). */
  readonly extra?: ComponentChildren;
}

/** Pause, clear and the recording mode: what the worker records. */
function RecordingControls({ store, services }: { store: Store; services: UiServices }) {
  const { settings } = store;
  const paused = settings.paused.value;
  return (
    <>
      <button
        type="button"
        class={`cd-button${paused ? " cd-button--paused" : ""}`}
        aria-pressed={paused}
        data-testid="pause"
        title={paused ? "Resume recording" : "Pause recording"}
        onClick={() => void store.setPaused(!paused)}
      >
        {paused ? "Resume" : "Pause"}
      </button>
      <button type="button" class="cd-button" data-testid="clear" title="Clear this tab's requests" onClick={() => void store.clear()}>
        Clear
      </button>
      <RecordingModeControl store={store} services={services} />
    </>
  );
}

/** The filter box (text and code:, status:, method:, domain: terms) and the error and type menus. */
function FilterControls({ store, filterRef }: Pick<ToolbarProps, "store" | "filterRef">) {
  const { filter } = store;
  return (
    <>
      <input
        ref={filterRef}
        type="search"
        class="cd-filter"
        placeholder="Filter (/)  code: status: …"
        aria-label="Filter requests"
        title="Text, or terms like code:Preflight status:404 method:PUT domain:api.example.com; a leading - negates (-code:…)"
        value={filter.text.value}
        onInput={(event) => {
          filter.text.value = (event.currentTarget as HTMLInputElement).value;
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            filter.text.value = "";
          }
        }}
      />
      <select
        aria-label="Filter by error"
        class="cd-select"
        value={filter.code.value}
        onChange={(event) => {
          filter.code.value = (event.currentTarget as HTMLSelectElement).value;
        }}
      >
        <option value="">All errors</option>
        {store.codes.value.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by type"
        class="cd-select"
        value={filter.type.value}
        onChange={(event) => {
          filter.type.value = (event.currentTarget as HTMLSelectElement).value;
        }}
      >
        <option value="">All types</option>
        {store.types.value.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </>
  );
}

/** How the list shows what was recorded: grouped by cause, allowed requests, kept across navigations. */
function ListOptions({ store }: { store: Store }) {
  const { filter, settings } = store;
  return (
    <>
      <button
        type="button"
        class="cd-button"
        aria-pressed={settings.layout.value.grouped}
        data-testid="group-toggle"
        title={settings.layout.value.grouped ? "One row per request" : "One row per cause (server, error, parameter), with a count"}
        onClick={() => store.setLayout({ grouped: !settings.layout.value.grouped })}
      >
        Group by cause
      </button>
      <label class="cd-check">
        <input
          type="checkbox"
          checked={filter.showAllowed.value}
          onChange={(event) => {
            filter.showAllowed.value = (event.currentTarget as HTMLInputElement).checked;
          }}
        />
        Show allowed
      </label>
      <label class="cd-check">
        <input
          type="checkbox"
          checked={settings.preserveLog.value}
          onChange={(event) => void store.setPreserveLog((event.currentTarget as HTMLInputElement).checked)}
        />
        Preserve log
      </label>
    </>
  );
}

export function Toolbar({ store, services, filterRef, extra }: ToolbarProps) {
  // The listed entries with their fixes: at once when the fix library is there, else once it loaded.
  const exportAll = (kind: "json" | "md"): void =>
    store.withCompleted(({ byId, servers }) => {
      const now = services.now();
      const entries = store.visible.value.flatMap((entry) => byId.get(entry.id) ?? []);
      if (kind === "json") services.saveFile(exportFileName(now, "json"), reportJson(entries, now, servers), "application/json");
      else services.saveFile(exportFileName(now, "md"), reportMarkdown(entries, now), "text/markdown");
    });

  return (
    <div class="cd-toolbar" role="toolbar" aria-label="Request list controls">
      <RecordingControls store={store} services={services} />
      <span class="cd-divider" />
      <FilterControls store={store} filterRef={filterRef} />
      <ListOptions store={store} />
      <span class="cd-spacer" />
      {extra}
      <button type="button" class="cd-button" data-testid="export-json" title="Save the listed requests as a JSON report" onClick={() => exportAll("json")}>
        Export JSON
      </button>
      <button type="button" class="cd-button" data-testid="export-markdown" title="Save the listed requests as Markdown" onClick={() => exportAll("md")}>
        Export Markdown
      </button>
    </div>
  );
}
