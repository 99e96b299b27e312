// The one in-memory stand-in for the worker, used by every panel and popup test. It behaves like
// a small worker: it keeps entries per tab and extension state, answers requests, and pushes a
// snapshot on subscribe and live messages afterwards.
import type { WorkerConnection } from "../../src/shared/channel";
import type { ExtensionState, Request, ResponseFor, WorkerToPanel } from "../../src/shared/messages";
import { REPORT_FORMAT, REPORT_VERSION, type ReportEntry } from "../../src/shared/report";

interface Subscription {
  readonly tabId: number;
  readonly onMessage: (message: WorkerToPanel) => void;
}

export interface FakeConnectionOptions {
  readonly tabId?: number;
  readonly entries?: readonly ReportEntry[];
  readonly state?: Partial<ExtensionState>;
  /** When set, every request rejects with this message (a stopped or missing worker). */
  readonly failRequests?: string;
}

export class FakeConnection implements WorkerConnection {
  readonly requests: Request[] = [];
  readonly subscriptions: Subscription[] = [];
  state: ExtensionState;
  failRequests: string | undefined;
  private readonly entriesByTab = new Map<number, ReportEntry[]>();

  constructor(options: FakeConnectionOptions = {}) {
    this.state = { paused: false, preserveLog: false, ...options.state };
    this.failRequests = options.failRequests;
    this.entriesByTab.set(options.tabId ?? 1, [...(options.entries ?? [])]);
  }

  entries(tabId: number): ReportEntry[] {
    return this.entriesByTab.get(tabId) ?? [];
  }

  async request<R extends Request>(request: R): Promise<ResponseFor<R>> {
    this.requests.push(request);
    if (this.failRequests !== undefined) throw new Error(this.failRequests);
    return this.answer(request) as ResponseFor<R>;
  }

  private answer(request: Request): ResponseFor<Request> {
    switch (request.type) {
      case "get-report": {
        const entries = request.tabId === undefined ? [...this.entriesByTab.values()].flat() : this.entries(request.tabId);
        return { format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: new Date(0).toISOString(), entries };
      }
      case "clear": {
        const tabs = request.tabId === undefined ? [...this.entriesByTab.keys()] : [request.tabId];
        for (const tabId of tabs) {
          this.entriesByTab.set(tabId, []);
          this.emit({ type: "cleared", tabId });
        }
        return { ok: true };
      }
      case "get-state":
        return this.state;
      case "set-paused":
        this.state = { ...this.state, paused: request.paused };
        this.emit({ type: "state", state: this.state });
        return this.state;
      case "set-preserve-log":
        this.state = { ...this.state, preserveLog: request.preserveLog };
        this.emit({ type: "state", state: this.state });
        return this.state;
      case "set-recording":
        this.state = { ...this.state, recording: request.recording };
        this.emit({ type: "state", state: this.state });
        return this.state;
      case "set-layout":
        this.state = { ...this.state, layout: request.layout };
        this.emit({ type: "state", state: this.state });
        return this.state;
    }
  }

  subscribe(tabId: number, onMessage: (message: WorkerToPanel) => void): () => void {
    const subscription = { tabId, onMessage };
    this.subscriptions.push(subscription);
    onMessage({ type: "snapshot", tabId, entries: this.entries(tabId), state: this.state });
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
    };
  }

  /** Records entries for a tab and pushes them live, as the worker does after a diagnosis. */
  add(tabId: number, entries: readonly ReportEntry[]): void {
    this.entriesByTab.set(tabId, [...this.entries(tabId), ...entries]);
    this.emit({ type: "entries", tabId, entries });
  }

  /** Pushes a message to subscribers; `raw` lets tests send malformed messages too. */
  emit(message: WorkerToPanel): void {
    for (const subscription of [...this.subscriptions]) {
      if (!("tabId" in message) || message.tabId === subscription.tabId) subscription.onMessage(message);
    }
  }

  emitRaw(message: unknown): void {
    // Deliberately unvalidated: the receiving edge must reject malformed messages itself.
    for (const subscription of [...this.subscriptions]) subscription.onMessage(message as WorkerToPanel);
  }
}

/** Stand-in for the clipboard, file saving and *Record always*'s access, recording what the UI asked for. */
export class FakeServices {
  readonly copied: string[] = [];
  /** The user's answer to the access prompt. */
  grant = true;
  asked = 0;
  revoked = 0;
  readonly recordAlways = {
    request: async (): Promise<boolean> => {
      this.asked++;
      return this.grant;
    },
    revoke: async (): Promise<boolean> => {
      this.revoked++;
      return true;
    },
  };
  readonly saved: { fileName: string; text: string; mimeType: string }[] = [];
  failCopy = false;
  readonly now = (): Date => new Date("2026-11-25T15:00:00.000Z");
  readonly copyText = async (text: string): Promise<void> => {
    if (this.failCopy) throw new Error("denied");
    this.copied.push(text);
  };
  readonly saveFile = (fileName: string, text: string, mimeType: string): void => {
    this.saved.push({ fileName, text, mimeType });
  };
}
