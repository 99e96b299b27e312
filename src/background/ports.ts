// Open panels and popups, by the tab each is subscribed to: a snapshot when one subscribes, then
// the new entries of its tab in bursts, a tab's clearing, and state changes.
import { isPanelToWorker, type ExtensionState, type WorkerToPanel } from "../shared/messages";
import { toReportEntry } from "./report";
import type { StoredEntry } from "./store";

/** The part of a runtime.Port this module uses. */
export interface PanelPort {
  postMessage(message: WorkerToPanel): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
}

export class Panels {
  private readonly ports = new Map<number, Set<PanelPort>>();
  private readonly newEntries = new Map<number, StoredEntry[]>();

  /** Subscribes `port` to the tab it asks for, once `ready`, and sends it `snapshot` of that tab. */
  connect(port: PanelPort, ready: Promise<void>, snapshot: (tabId: number) => WorkerToPanel): void {
    let subscribedTab: number | undefined;
    port.onMessage((message) => {
      if (!isPanelToWorker(message)) return;
      void ready.then(() => {
        if (subscribedTab !== undefined) this.ports.get(subscribedTab)?.delete(port);
        subscribedTab = message.tabId;
        let set = this.ports.get(message.tabId);
        if (!set) this.ports.set(message.tabId, (set = new Set()));
        set.add(port);
        safePost(port, snapshot(message.tabId));
      });
    });
    port.onDisconnect(() => {
      if (subscribedTab !== undefined) this.ports.get(subscribedTab)?.delete(port);
    });
  }

  /** Whether a panel was ever subscribed to this tab in this worker. */
  has(tabId: number): boolean {
    return this.ports.has(tabId);
  }

  /** A recorded entry, for the panels of its tab at the next send. */
  queue(entry: StoredEntry): void {
    if (this.ports.get(entry.tabId)?.size) {
      const list = this.newEntries.get(entry.tabId);
      if (list) list.push(entry);
      else this.newEntries.set(entry.tabId, [entry]);
    }
  }

  /** Sends the queued entries to the panels of their tab. */
  send(): void {
    for (const [tabId, entries] of this.newEntries) {
      const ports = this.ports.get(tabId);
      if (!ports || ports.size === 0) continue;
      const message: WorkerToPanel = { type: "entries", tabId, entries: entries.map(toReportEntry) };
      for (const port of ports) safePost(port, message);
    }
    this.newEntries.clear();
  }

  /** The tab's entries were cleared: its queued entries go. */
  dropQueued(tabId: number): void {
    this.newEntries.delete(tabId);
  }

  /** The tab's entries were cleared: its panels are told. */
  cleared(tabId: number): void {
    for (const port of this.ports.get(tabId) ?? []) safePost(port, { type: "cleared", tabId });
  }

  stateChanged(state: ExtensionState): void {
    for (const set of this.ports.values()) for (const port of set) safePost(port, { type: "state", state });
  }
}

function safePost(port: PanelPort, message: WorkerToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel went away between two events; its onDisconnect cleans up.
  }
}
