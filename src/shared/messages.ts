// The one message protocol between extension contexts. Requests go through runtime.sendMessage;
// live updates to a panel go over a long-lived port. Every receiving edge validates with the
// guards below before trusting a message.
import type { Report, ReportEntry } from "./report";

export const PORT_NAME = "cors-doctor-live";

export interface TabSummary {
  readonly tabId: number;
  readonly total: number;
  readonly blocked: number;
}

export interface ExtensionState {
  readonly paused: boolean;
  readonly preserveLog: boolean;
}

/** Requests a page (panel, popup, devtools page, tests) sends to the worker. */
export type Request =
  | { readonly type: "get-report"; readonly tabId?: number }
  | { readonly type: "clear"; readonly tabId?: number }
  | { readonly type: "get-state" }
  | { readonly type: "set-paused"; readonly paused: boolean }
  | { readonly type: "set-preserve-log"; readonly preserveLog: boolean };

/** The reply to each request type. */
export interface ResponseMap {
  "get-report": Report;
  clear: { readonly ok: true };
  "get-state": ExtensionState;
  "set-paused": ExtensionState;
  "set-preserve-log": ExtensionState;
}
export type ResponseFor<R extends Request> = ResponseMap[R["type"]];

/** Port messages from a panel to the worker. */
export type PanelToWorker = { readonly type: "subscribe"; readonly tabId: number };

/** Port messages from the worker to a subscribed panel. */
export type WorkerToPanel =
  | { readonly type: "snapshot"; readonly tabId: number; readonly entries: readonly ReportEntry[]; readonly state: ExtensionState }
  | { readonly type: "entries"; readonly tabId: number; readonly entries: readonly ReportEntry[] }
  | { readonly type: "cleared"; readonly tabId: number }
  | { readonly type: "state"; readonly state: ExtensionState };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function isTabId(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= -1;
}

export function isRequest(x: unknown): x is Request {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case "get-report":
    case "clear":
      return x.tabId === undefined || isTabId(x.tabId);
    case "get-state":
      return true;
    case "set-paused":
      return typeof x.paused === "boolean";
    case "set-preserve-log":
      return typeof x.preserveLog === "boolean";
    default:
      return false;
  }
}

export function isPanelToWorker(x: unknown): x is PanelToWorker {
  return isRecord(x) && x.type === "subscribe" && isTabId(x.tabId);
}

function isState(x: unknown): x is ExtensionState {
  return isRecord(x) && typeof x.paused === "boolean" && typeof x.preserveLog === "boolean";
}

export function isWorkerToPanel(x: unknown): x is WorkerToPanel {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case "snapshot":
      return isTabId(x.tabId) && Array.isArray(x.entries) && isState(x.state);
    case "entries":
      return isTabId(x.tabId) && Array.isArray(x.entries);
    case "cleared":
      return isTabId(x.tabId);
    case "state":
      return isState(x.state);
    default:
      return false;
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}
