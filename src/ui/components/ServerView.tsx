// The server view: requests grouped by the server they were sent to (the one that must change).
// Per server: its requests blocked and allowed, the page origins that called it, the CORS policy it
// needs with what each part is based on, and its fix per stack (ESM/CommonJS switch in FixTabs).
import type { Signal } from "@preact/signals";
import type { DiagnosedEntry, PolicyValue, ServerReport } from "../../shared/report";
import { POLICY_FILE_NAME, policyJson } from "../export";
import type { UiServices } from "../services";
import type { Store } from "../store";
import { CacheNotes } from "./CacheNotes";
import { FixTabs } from "./FixTabs";

export type PanelView = "requests" | "servers";

/** The id of a view's tab, and of the panel it controls (src/ui/components/Panel.tsx). */
export const viewTabId = (id: PanelView): string => `cd-view-tab-${id}`;
export const VIEW_PANEL_ID = "cd-view-panel";
const VIEWS: readonly PanelView[] = ["requests", "servers"];

/** The two views as tabs: ← and → (Home, End) move between them and show the one reached. */
export function ViewSwitch({ view, store }: { view: Signal<PanelView>; store: Store }) {
  const serverCount = store.entries.serverCount.value;
  const onKeyDown = (event: KeyboardEvent): void => {
    const at = VIEWS.indexOf(view.value);
    const moves: Record<string, number> = { ArrowRight: (at + 1) % VIEWS.length, ArrowLeft: (at + VIEWS.length - 1) % VIEWS.length, Home: 0, End: VIEWS.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    view.value = VIEWS[next]!;
    document.getElementById(viewTabId(VIEWS[next]!))?.focus();
  };
  const option = (id: PanelView, label: string) => (
    <button
      type="button"
      role="tab"
      id={viewTabId(id)}
      aria-selected={view.value === id}
      aria-controls={VIEW_PANEL_ID}
      tabIndex={view.value === id ? 0 : -1}
      class={`cd-tab${view.value === id ? " cd-tab--active" : ""}`}
      data-testid={`view-${id}`}
      onClick={() => {
        view.value = id;
      }}
    >
      {label}
    </button>
  );
  return (
    <div class="cd-tabbar cd-view-switch" role="tablist" aria-label="View" onKeyDown={onKeyDown}>
      {option("requests", "Requests")}
      {option("servers", serverCount === null ? "Servers" : `Servers (${serverCount})`)}
    </div>
  );
}

function basisText(part: { readonly basis: readonly string[] }): string {
  return part.basis.join("; ");
}

function PolicyRows({ label, parts, empty }: { label: string; parts: readonly PolicyValue[]; empty: string }) {
  if (parts.length === 0) {
    return (
      <tr>
        <th scope="row">{label}</th>
        <td colSpan={2}>
          <em class="cd-absent">{empty}</em>
        </td>
      </tr>
    );
  }
  return (
    <>
      {parts.map((part, index) => (
        <tr key={part.value}>
          {index === 0 ? (
            <th scope="row" rowSpan={parts.length}>
              {label}
            </th>
          ) : null}
          <td>
            <code>{part.value}</code>
          </td>
          <td class="cd-note">{basisText(part)}</td>
        </tr>
      ))}
    </>
  );
}

function PolicyTable({ server }: { server: ServerReport }) {
  const { policy } = server;
  return (
    <table class="cd-checks cd-policy" data-testid="policy">
      <thead>
        <tr>
          <th scope="col">Part</th>
          <th scope="col">Value</th>
          <th scope="col">Based on</th>
        </tr>
      </thead>
      <tbody>
        <PolicyRows label="Origins" parts={policy.origins} empty="none: no exact page origin was seen" />
        <PolicyRows label="Methods" parts={policy.methods} empty="GET" />
        <PolicyRows label="Request headers" parts={policy.requestHeaders} empty="none needed" />
        <PolicyRows label="Exposed headers" parts={policy.exposeHeaders} empty="none" />
        <tr>
          <th scope="row">Credentials</th>
          <td>
            <code>{policy.credentials.value ? "true" : "false"}</code>
          </td>
          <td class="cd-note">{basisText(policy.credentials)}</td>
        </tr>
        <tr>
          <th scope="row">Vary</th>
          <td>
            <code>{policy.vary}</code>
          </td>
          <td class="cd-note">the answer depends on the request's Origin, so caches must key on it</td>
        </tr>
        <tr>
          <th scope="row">Max-Age</th>
          <td>
            <code>{String(policy.maxAge)}</code>
          </td>
          <td class="cd-note">preflight cache time in seconds (Chromium caps it at 7200)</td>
        </tr>
      </tbody>
    </table>
  );
}

function requestLine(entry: DiagnosedEntry): string {
  let path = entry.url;
  try {
    const url = new URL(entry.url);
    path = `${url.pathname}${url.search}`;
  } catch {
    // Not a URL: show it as recorded.
  }
  return `${entry.method} ${path}`;
}

interface ServerCardProps {
  readonly server: ServerReport;
  readonly entries: ReadonlyMap<string, DiagnosedEntry>;
  readonly services: UiServices;
  readonly store: Store;
}

function ServerCard({ server, entries, services, store }: ServerCardProps) {
  const { policy } = server;
  const covered = new Set(policy.covers);
  const total = policy.requests.blocked + policy.requests.allowed;
  const detected = server.layers?.owner
    ? [...server.detectedStacks].sort((a, b) => Number(b.stack === server.layers?.owner) - Number(a.stack === server.layers?.owner))
    : server.detectedStacks;
  return (
    <section class="cd-server" data-testid="server" data-server={server.origin} aria-label={`Server ${server.origin}`}>
      <h2 class="cd-server-origin">{server.origin}</h2>
      <p class="cd-server-counts" data-testid="server-counts">
        {total} request{total === 1 ? "" : "s"}: <strong class="cd-blocked-count">{policy.requests.blocked} blocked</strong>, {policy.requests.allowed} allowed
        {server.pageOrigins.length > 0 ? <> · called from {server.pageOrigins.join(", ")}</> : null}
      </p>
      {server.layers ? (
        <p class="cd-banner cd-banner--paused" data-testid="server-layers">
          {server.layers.advice} <span class="cd-note">Evidence: {server.layers.evidence.join("; ")}</span>
        </p>
      ) : null}
      <h3 class="cd-section-title">The CORS policy this server needs</h3>
      <PolicyTable server={server} />
      {policy.notes.length > 0 || policy.advisories.length > 0 ? (
        <ul class="cd-warnings" data-testid="server-notes">
          {[...policy.advisories, ...policy.notes].map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : null}
      <CacheNotes server={server} entries={entries} />
      <details class="cd-server-requests">
        <summary>
          The fix covers {policy.covers.length} of {total} request{total === 1 ? "" : "s"} seen to this server
        </summary>
        <ul data-testid="server-requests">
          {server.entries.map((id) => {
            const entry = entries.get(id);
            if (!entry) return null;
            return (
              <li key={id} class={entry.blocked ? "cd-step--failed" : undefined}>
                {entry.blocked ? "✕ blocked" : "✓ allowed"} <code>{requestLine(entry)}</code>
                {covered.has(id) ? null : <span class="cd-note"> (not covered: see the notes)</span>}
              </li>
            );
          })}
        </ul>
      </details>
      {server.fixes.length > 0 ? (
        <>
          <h3 class="cd-section-title">Fix, per server stack</h3>
          <FixTabs
            key={server.origin}
            entryId={`server-${server.origin}`}
            fixes={server.fixes}
            detected={detected}
            copy={services.copyText}
            moduleStyle={store.settings.layout.value.moduleStyle}
            onModuleStyle={(moduleStyle) => store.setLayout({ moduleStyle })}
          />
        </>
      ) : (
        <p class="cd-note">Nothing to this server was blocked: no change needed.</p>
      )}
    </section>
  );
}

export function ServerView({ store, services }: { store: Store; services: UiServices }) {
  const completed = store.entries.completed.value;
  if (!completed) {
    return (
      <div class="cd-server-view" data-testid="server-view">
        <p class="cd-empty" data-testid="servers-loading">
          Computing each server's policy and fixes…
        </p>
      </div>
    );
  }
  const { servers, byId: entries } = completed;
  // Servers with blocked requests first; the most requests first within each group.
  const ordered = [...servers].sort(
    (a, b) =>
      Number(b.policy.requests.blocked > 0) - Number(a.policy.requests.blocked > 0) ||
      b.policy.requests.blocked + b.policy.requests.allowed - (a.policy.requests.blocked + a.policy.requests.allowed),
  );
  if (ordered.length === 0) {
    return (
      <div class="cd-server-view" data-testid="server-view">
        <p class="cd-empty">No cross-origin request recorded yet.</p>
      </div>
    );
  }
  return (
    <div class="cd-server-view" data-testid="server-view">
      <p class="cd-server-export">
        <button
          type="button"
          class="cd-button"
          data-testid="export-policy"
          title="Save what each server must allow as a policy file: commit it and check the servers in CI with cors-doctor verify"
          onClick={() => services.saveFile(POLICY_FILE_NAME, policyJson(completed.policyFile(services.now())), "application/json")}
        >
          Export policy
        </button>{" "}
        <span class="cd-note">for cors-doctor verify: what each server must allow, to commit and check in CI</span>
      </p>
      {ordered.map((server) => (
        <ServerCard key={server.origin} server={server} entries={entries} services={services} store={store} />
      ))}
    </div>
  );
}

/** One line for the details of an entry: the fix is its server's, and what else it covers. */
export function ServerFixNote({ server, onOpen }: { server: ServerReport | undefined; onOpen: () => void }) {
  if (!server) return null;
  const total = server.policy.requests.blocked + server.policy.requests.allowed;
  return (
    <p class="cd-note" data-testid="server-fix-note">
      This fix is the policy of the whole server {server.origin}: it covers {server.policy.covers.length} of the {total} request
      {total === 1 ? "" : "s"} seen to it ({server.policy.requests.blocked} blocked, {server.policy.requests.allowed} allowed).{" "}
      <button type="button" class="cd-button" onClick={onOpen} data-testid="open-server-view">
        Server view
      </button>
    </p>
  );
}
