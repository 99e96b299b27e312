// How the panel records, in its own words: the mode (a labelled menu), when recording started and
// what a reload shows, and *Record always* asked for (with why) or given back. Asking for access
// must happen inside the user's gesture, so the request is made first thing in the handler.
import { useSignal, type Signal } from "@preact/signals";
import type { UiServices } from "../services";
import type { Store } from "../store";

/** Why *Record always* asks for more, said where it is asked. */
export const RECORD_ALWAYS_WHY =
  "Record always uses webRequest, which needs access to every site: it records every tab, also before DevTools is opened, and costs page-load time. While DevTools is open needs no access at all.";

/** Asks for *Record always* (in the gesture), then switches to it; `note` gets why not, if not. */
function askRecordAlways(store: Store, services: UiServices, note: Signal<string | null>): void {
  const access = services.recordAlways;
  if (!access) {
    note.value = "Record always cannot be granted from this page.";
    return;
  }
  note.value = null;
  // Before any await: the browser shows its prompt only inside the user's gesture.
  access.request().then(
    (granted) => {
      if (granted) void store.setRecording("always");
      else note.value = "Record always was not granted: recording stays while DevTools is open.";
    },
    (error: unknown) => (note.value = `Record always could not be asked for: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/** The recording mode menu, with a visible label. */
export function RecordingModeControl({ store, services }: { store: Store; services: UiServices }) {
  const { settings } = store;
  const note = useSignal<string | null>(null);
  return (
    <>
      <label class="cd-label">
        Record{" "}
        <select
          class="cd-select"
          data-testid="recording-mode"
          title={RECORD_ALWAYS_WHY}
          value={settings.recording.value}
          onChange={(event) => {
            const select = event.currentTarget as HTMLSelectElement;
            if (select.value !== "always") return void store.setRecording("devtools");
            if (settings.recordAlwaysGranted.value) return void store.setRecording("always");
            select.value = settings.recording.value; // until the grant arrives
            askRecordAlways(store, services, note);
          }}
        >
          <option value="devtools">while DevTools is open</option>
          <option value="always">{settings.recordAlwaysGranted.value ? "always" : "always (asks for access)"}</option>
        </select>
      </label>
      {settings.recording.value === "always" && settings.recordAlwaysGranted.value ? (
        // Beside the mode it ends, not in a banner row of its own: a docked panel has little height.
        <button
          type="button"
          class="cd-button"
          data-testid="revoke-record-always"
          title="Recording always, also before DevTools is opened (webRequest, access to every site granted). Gives that access back."
          onClick={() => void services.recordAlways?.revoke()}
        >
          Revoke access
        </button>
      ) : null}
      {note.value ? (
        <span class="cd-note cd-record-note" role="status" data-testid="record-always-note">
          {note.value}
        </span>
      ) : null}
    </>
  );
}

function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** What is being recorded, since when, and what to do for the rest; the access *Record always* holds. */
export function RecordingNotice({ store, services }: { store: Store; services: UiServices }) {
  const { settings } = store;
  const note = useSignal<string | null>(null);
  if (settings.paused.value) return null;
  // Record always: the toolbar's Record menu says so and offers Revoke access beside it.
  if (settings.recording.value === "always") return null;
  const since = settings.observedTabs.value.find((tab) => tab.tabId === store.tabId)?.since;
  return (
    <div class="cd-banner" role="status" data-testid="recording-notice">
      {since === undefined ? "Recording from DevTools' network log since DevTools was opened on this tab" : `Recording from DevTools' network log since ${clock(since)}, when DevTools was opened on this tab`}
      : requests made before are not shown. Reload the page to see its earlier requests.{" "}
      <button type="button" class="cd-button" data-testid="ask-record-always" title={RECORD_ALWAYS_WHY} onClick={() => askRecordAlways(store, services, note)}>
        Record always…
      </button>
      {note.value ? <span data-testid="record-always-note"> {note.value}</span> : null}
    </div>
  );
}
