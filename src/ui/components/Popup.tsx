// The toolbar popup: a summary of the active tab and the few actions that make sense there.
import { exportFileName, reportJson } from "../export";
import { hostAndPath, oneLineFix } from "../format";
import { browserServices, type UiServices } from "../services";
import type { Store } from "../store";
import { digest } from "../summary";
import { useLayoutEffect } from "preact/hooks";
import { useComputed } from "@preact/signals";

const MAX_LISTED_ORIGINS = 6;

export interface PopupProps {
  readonly store: Store;
  readonly services?: UiServices;
}

function OriginList({ label, origins, testId }: { label: string; origins: readonly string[]; testId: string }) {
  if (origins.length === 0) return null;
  const shown = origins.slice(0, MAX_LISTED_ORIGINS);
  return (
    <div class="cd-origins" data-testid={testId}>
      <span class="cd-origins-label">{label}</span>
      <ul>
        {shown.map((origin) => (
          <li key={origin}>{origin}</li>
        ))}
        {origins.length > shown.length ? <li>and {origins.length - shown.length} more</li> : null}
      </ul>
    </div>
  );
}

export function Popup({ store, services = browserServices }: PopupProps) {
  // Subscribing before the first paint, not after it, lets the snapshot reach the first frame.
  useLayoutEffect(() => store.connect(), [store]);
  const summary = useComputed(() => digest(store.entries.all.value)).value;
  const paused = store.settings.paused.value;
  const latest = summary.latestBlocked;
  const latestCompleted = latest ? store.complete(latest) : null;
  const latestFix = latestCompleted ? oneLineFix(latestCompleted) : null;

  const exportJson = (): void =>
    store.withCompleted(({ entries, servers }) => {
      const now = services.now();
      services.saveFile(exportFileName(now, "json"), reportJson(entries, now, servers), "application/json");
    });

  return (
    <main class="cd-root cd-popup" data-testid="popup" data-theme={store.settings.theme.value}>
      <header class="cd-popup-header">
        <h1>CORS Doctor</h1>
        <button type="button" class="cd-button" aria-pressed={paused} data-testid="pause" onClick={() => void store.setPaused(!paused)}>
          {paused ? "Resume" : "Pause"}
        </button>
      </header>
      {paused ? (
        <p class="cd-banner cd-banner--paused" role="status">
          Recording is paused.
        </p>
      ) : null}
      {store.error.value ? (
        <p class="cd-banner cd-banner--error" role="alert">
          {store.error.value}
        </p>
      ) : null}
      <p class="cd-popup-count" data-testid="blocked-count">
        {summary.blocked === 0
          ? summary.total === 0
            ? "Nothing recorded on this tab yet. Reload the page to record its requests."
            : `No blocked requests (${summary.total} cross-origin request${summary.total === 1 ? "" : "s"} passed).`
          : `${summary.blocked} blocked request${summary.blocked === 1 ? "" : "s"} on this tab`}
      </p>
      {summary.failures.length > 0 ? (
        <ul class="cd-failures" data-testid="failures">
          {summary.failures.map((group) => (
            <li key={group.code} data-code={group.code}>
              <span class="cd-failure-count">{group.count}</span>
              <span class="cd-failure-title">{group.title || group.code}</span>
              <code class="cd-failure-code">{group.code}</code>
              {group.chromiumCodes && group.chromiumCodes.length > 0 ? (
                <span class="cd-failure-chromium" data-testid="chromium-codes">
                  Chromium: <code>{group.chromiumCodes.join(", ")}</code>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <OriginList label="Servers refusing" origins={summary.serverOrigins} testId="server-origins" />
      <OriginList label="From pages" origins={summary.pageOrigins} testId="page-origins" />
      {latest ? (
        <section class="cd-latest" data-testid="latest">
          <h2>Most recent</h2>
          <p>
            <span class="cd-method">{latest.method}</span> <span title={latest.url}>{hostAndPath(latest.url)}</span>
          </p>
          <p class="cd-latest-title">{latest.diagnosis.title}</p>
          {latestFix ? <p class="cd-latest-fix">Fix: {latestFix}</p> : null}
        </section>
      ) : null}
      <p class="cd-hint">Details and full fixes: open DevTools (F12), then the “CORS” tab.</p>
      <footer class="cd-actions">
        <button type="button" class="cd-button" data-testid="clear" onClick={() => void store.clear()}>
          Clear
        </button>
        <button type="button" class="cd-button" data-testid="export-json" onClick={exportJson} disabled={summary.total === 0}>
          Export JSON
        </button>
      </footer>
    </main>
  );
}
