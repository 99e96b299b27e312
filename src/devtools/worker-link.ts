// The devtools page's link to the worker: one port, held open while the DevTools window is open (a
// stopped worker drops it; a new one is opened at once, which wakes the next worker). What DevTools
// showed goes over it in messages of at most DEVTOOLS_LIMITS.maxEntriesPerMessage entries; while
// the port is down, entries wait (bounded) and go when it is back, after the "observing" message.
import { DEVTOOLS_LIMITS, DEVTOOLS_PORT_NAME, type DevtoolsEntry, type DevtoolsToWorker } from "../shared/messages";

/** Entries kept while no worker listens; beyond, the oldest go. */
const MAX_QUEUED = 2_000;
/** Reconnecting again right away would spin while the extension is being reloaded. */
export const RECONNECT_MS = 100;

export interface LinkPort {
  postMessage(message: DevtoolsToWorker): void;
  readonly onDisconnect: { addListener(listener: () => void): void };
}

export interface LinkDeps {
  connect(name: string): LinkPort;
  schedule(callback: () => void, delayMs: number): void;
  readonly tabId: number;
  /** When this DevTools window started observing (epoch ms). */
  readonly since: number;
}

export class WorkerLink {
  private port: LinkPort | null = null;
  private queue: DevtoolsEntry[] = [];

  constructor(private readonly deps: LinkDeps) {}

  open(): void {
    let port: LinkPort;
    try {
      port = this.deps.connect(DEVTOOLS_PORT_NAME);
    } catch {
      return; // The extension was reloaded or removed: this page is about to go.
    }
    this.port = port;
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      this.deps.schedule(() => this.open(), RECONNECT_MS);
    });
    this.post({ type: "observing", tabId: this.deps.tabId, since: this.deps.since });
    const waiting = this.queue;
    this.queue = [];
    this.send(waiting);
  }

  send(entries: readonly DevtoolsEntry[]): void {
    for (let start = 0; start < entries.length; start += DEVTOOLS_LIMITS.maxEntriesPerMessage) {
      const chunk = entries.slice(start, start + DEVTOOLS_LIMITS.maxEntriesPerMessage);
      if (!this.post({ type: "observed", tabId: this.deps.tabId, entries: chunk })) {
        this.queue = [...this.queue, ...entries.slice(start)].slice(-MAX_QUEUED);
        return;
      }
    }
  }

  navigated(): void {
    this.post({ type: "navigated", tabId: this.deps.tabId });
  }

  private post(message: DevtoolsToWorker): boolean {
    if (!this.port) return false;
    try {
      this.port.postMessage(message);
      return true;
    } catch {
      this.port = null; // dropped without its disconnect event yet
      return false;
    }
  }
}
