// The one message protocol between extension contexts. Requests go through runtime.sendMessage;
// live updates to a panel go over a long-lived port. Every receiving edge validates with the
// guards below before trusting a message.
import { sanitizeLayout, type PanelLayout } from "./layout";
import type { DiagnosedEntry, DiagnosedReport } from "./report";

export const PORT_NAME = "cors-doctor-live";
/** The port each DevTools window's devtools page holds open to the worker, for recording mode "devtools". */
export const DEVTOOLS_PORT_NAME = "cors-doctor-devtools";

/**
 * When requests are recorded (unless paused): always, even before DevTools is opened (the default:
 * a failure is there when DevTools is opened later), or only while a DevTools window is open.
 */
export type RecordingMode = "always" | "devtools";
export const RECORDING_MODES: readonly RecordingMode[] = ["always", "devtools"];

export interface TabSummary {
  readonly tabId: number;
  readonly total: number;
  readonly blocked: number;
}

export interface ExtensionState {
  readonly paused: boolean;
  readonly preserveLog: boolean;
  /** Absent from older workers and stored settings: "always". */
  readonly recording?: RecordingMode;
  /** Whether the webRequest listeners are registered right now (recording mode, pause, DevTools open). */
  readonly listening?: boolean;
  /** The panel's remembered layout. */
  readonly layout?: PanelLayout;
}

/** Requests a page (panel, popup, devtools page, tests) sends to the worker. */
export type Request =
  | { readonly type: "get-report"; readonly tabId?: number }
  | { readonly type: "clear"; readonly tabId?: number }
  | { readonly type: "get-state" }
  | { readonly type: "set-paused"; readonly paused: boolean }
  | { readonly type: "set-preserve-log"; readonly preserveLog: boolean }
  | { readonly type: "set-recording"; readonly recording: RecordingMode }
  | { readonly type: "set-layout"; readonly layout: PanelLayout };

/** The reply to each request type. */
export interface ResponseMap {
  "get-report": DiagnosedReport;
  clear: { readonly ok: true };
  "get-state": ExtensionState;
  "set-paused": ExtensionState;
  "set-preserve-log": ExtensionState;
  "set-recording": ExtensionState;
  "set-layout": ExtensionState;
}
export type ResponseFor<R extends Request> = ResponseMap[R["type"]];

/**
 * What the Firefox build's page script saw of one cross-origin fetch or XHR call: its URL
 * (absolute, no fragment), method and credentials mode. Page data: a page can forge it.
 */
export interface CredentialsHint {
  readonly url: string;
  readonly method: string;
  readonly credentials: "include" | "same-origin" | "omit";
  readonly via: "fetch" | "xhr";
}

/** Bounds on what a content script may relay per message (a page controls the contents). */
export const HINT_LIMITS = { maxUrlLength: 4_096, maxMethodLength: 32, maxHintsPerMessage: 50, maxHintsPerBurst: 100 } as const;
/** storage.local key: whether the webRequest listeners are registered (content scripts relay hints only then). */
export const RECORDING_KEY = "recording-now";
/** The DOM event the page script dispatches its hints with (its detail: a JSON array of hints, at most maxHintsPerBurst). */
export const HINT_EVENT = "cors-doctor-credentials-hint";

/** Messages a content script sends to the worker (the sender's tab and frame come from the browser). */
export type ContentToWorker = { readonly type: "credentials-hints"; readonly hints: readonly CredentialsHint[] };

/** Port messages from a panel to the worker. */
export type PanelToWorker = { readonly type: "subscribe"; readonly tabId: number };

/** Port messages from the worker to a subscribed panel. */
export type WorkerToPanel =
  | { readonly type: "snapshot"; readonly tabId: number; readonly entries: readonly DiagnosedEntry[]; readonly state: ExtensionState }
  | { readonly type: "entries"; readonly tabId: number; readonly entries: readonly DiagnosedEntry[] }
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
    case "set-recording":
      return isRecordingMode(x.recording);
    case "set-layout":
      return isRecord(x.layout);
    default:
      return false;
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HINT_MODES: readonly string[] = ["include", "same-origin", "omit"];

export function isCredentialsHint(x: unknown): x is CredentialsHint {
  if (!isRecord(x)) return false;
  const { url, method, credentials, via } = x;
  return (
    typeof url === "string" &&
    url.length <= HINT_LIMITS.maxUrlLength &&
    /^https?:\/\//i.test(url) &&
    typeof method === "string" &&
    method.length <= HINT_LIMITS.maxMethodLength &&
    TOKEN.test(method) &&
    typeof credentials === "string" &&
    HINT_MODES.includes(credentials) &&
    (via === "fetch" || via === "xhr")
  );
}

export function isContentToWorker(x: unknown): x is ContentToWorker {
  return (
    isRecord(x) &&
    x.type === "credentials-hints" &&
    Array.isArray(x.hints) &&
    x.hints.length > 0 &&
    x.hints.length <= HINT_LIMITS.maxHintsPerMessage &&
    x.hints.every(isCredentialsHint)
  );
}

export function isRecordingMode(x: unknown): x is RecordingMode {
  return typeof x === "string" && (RECORDING_MODES as readonly string[]).includes(x);
}

/** The state as stored or received, its optional parts repaired (a bad layout takes the defaults). */
export function normalizeState(x: Partial<Record<keyof ExtensionState, unknown>>): ExtensionState {
  return {
    paused: x.paused === true,
    preserveLog: x.preserveLog === true,
    recording: isRecordingMode(x.recording) ? x.recording : "always",
    ...(typeof x.listening === "boolean" ? { listening: x.listening } : {}),
    layout: sanitizeLayout(x.layout),
  };
}

export function isPanelToWorker(x: unknown): x is PanelToWorker {
  return isRecord(x) && x.type === "subscribe" && isTabId(x.tabId);
}

function isState(x: unknown): x is ExtensionState {
  return (
    isRecord(x) &&
    typeof x.paused === "boolean" &&
    typeof x.preserveLog === "boolean" &&
    (x.recording === undefined || isRecordingMode(x.recording)) &&
    (x.listening === undefined || typeof x.listening === "boolean") &&
    (x.layout === undefined || isRecord(x.layout))
  );
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
