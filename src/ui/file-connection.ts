// The connection of a HAR file's store: the same WorkerConnection the live store has, so the file
// gets the same list, grouping, details, server view, fixes and exports. Its entries come from the
// import, never from the worker; the settings (pause, recording mode, layout) are the extension's
// and go to the worker, so a layout changed while a file is shown is remembered.
import type { WorkerConnection } from "../shared/channel";
import type { ExtensionState, Request, ResponseFor, WorkerToPanel } from "../shared/messages";
import { REPORT_FORMAT, REPORT_VERSION, type DiagnosedEntry, type DiagnosedReport } from "../shared/report";

export interface FileConnection extends WorkerConnection {
  /** Entries from the import: kept, and sent to the store when it listens. */
  add(batch: readonly DiagnosedEntry[]): void;
  /** Every entry added so far (until a Clear). */
  readonly entries: () => readonly DiagnosedEntry[];
}

/** `settings` answers the extension's requests; `state` is the extension's state as last known. */
export function createFileConnection(settings: WorkerConnection, state: () => ExtensionState): FileConnection {
  let entries: DiagnosedEntry[] = [];
  const listeners = new Set<(message: WorkerToPanel) => void>();
  let listenTab = -1;

  function answer(request: Request): Promise<ResponseFor<Request>> | ResponseFor<Request> {
    switch (request.type) {
      case "clear":
        entries = [];
        return { ok: true };
      case "get-report": {
        const report: DiagnosedReport = { format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: new Date().toISOString(), entries };
        return report;
      }
      default:
        return settings.request(request);
    }
  }

  return {
    entries: () => entries,
    add(batch) {
      entries.push(...batch);
      for (const listener of listeners) listener({ type: "entries", tabId: listenTab, entries: batch });
    },
    async request<R extends Request>(request: R): Promise<ResponseFor<R>> {
      // answer() gives each request type its ResponseMap entry, as the worker does.
      return (await answer(request)) as ResponseFor<R>;
    },
    subscribe(tabId, onMessage) {
      listenTab = tabId;
      listeners.add(onMessage);
      onMessage({ type: "snapshot", tabId, entries: [...entries], state: state() });
      return () => listeners.delete(onMessage);
    },
  };
}
