// What the list area says when there is nothing to list, and what to do about it.
import type { Store } from "../store";

export type EmptyKind = "loading" | "nothing-recorded" | "nothing-blocked" | "no-match" | null;

export function emptyKind(store: Store): EmptyKind {
  if (store.visible.value.length > 0) return null;
  if (!store.entries.loaded.value) return "loading";
  const all = store.entries.all.value;
  if (all.length === 0) return "nothing-recorded";
  const filtered =
    store.filter.text.value.trim() !== "" || store.filter.code.value !== "" || store.filter.type.value !== "";
  if (!filtered && store.blockedCount.value === 0 && !store.filter.showAllowed.value) return "nothing-blocked";
  return "no-match";
}

export function EmptyState({ store }: { store: Store }) {
  const kind = emptyKind(store);
  if (kind === null) return null;
  const paused = store.settings.paused.value;
  return (
    <div class="cd-empty" data-testid="empty-state" data-kind={kind} role="status">
      {kind === "loading" ? <p>Connecting to CORS Doctor…</p> : null}
      {kind === "nothing-recorded" ? (
        <>
          <h2>Nothing recorded yet</h2>
          <p>
            CORS Doctor sees a request only while the extension is running, so requests made before it was installed or
            enabled are missing. Reload the page to record them from the start.
          </p>
          {paused ? <p>Recording is paused: press Resume first.</p> : null}
        </>
      ) : null}
      {kind === "nothing-blocked" ? (
        <>
          <h2>Nothing blocked on this page</h2>
          <p>
            {store.entries.all.value.length} cross-origin request{store.entries.all.value.length === 1 ? "" : "s"} passed
            the browser's CORS checks.
          </p>
          <button
            type="button"
            class="cd-button"
            onClick={() => {
              store.filter.showAllowed.value = true;
            }}
          >
            Show allowed requests
          </button>
        </>
      ) : null}
      {kind === "no-match" ? (
        <>
          <h2>No request matches</h2>
          <button
            type="button"
            class="cd-button"
            onClick={() => {
              store.filter.text.value = "";
              store.filter.code.value = "";
              store.filter.type.value = "";
              store.filter.showAllowed.value = true;
            }}
          >
            Clear filters
          </button>
        </>
      ) : null}
    </div>
  );
}
