// The one message protocol between extension contexts. Requests go through runtime.sendMessage;
// live updates to a panel go over a long-lived port. Every receiving edge validates with the
// guards below before trusting a message.
import { sanitizeLayout, type PanelLayout } from "./layout";
import type { ObservedExchange } from "../engine/types";
import type { DiagnosedEntry, DiagnosedReport } from "./report";

export const PORT_NAME = "cors-doctor-live";
/** The port each DevTools window's devtools page holds open to the worker: what DevTools' network log showed. */
export const DEVTOOLS_PORT_NAME = "cors-doctor-devtools";

/**
 * When requests are recorded (unless paused): "always", through webRequest, even before DevTools is
 * opened (a failure is there when DevTools is opened later; needs webRequest and host access,
 * granted at run time), or "devtools", through DevTools' own network log while DevTools is open on
 * the tab (no permission; the default without the grant).
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
  /** Whether the webRequest listeners are registered right now (recording mode, pause, the grant). */
  readonly listening?: boolean;
  /** Whether *Record always* (webRequest and access to every site) is granted. */
  readonly recordAlwaysGranted?: boolean;
  /** The tabs DevTools' network log is observed on now, and since when. */
  readonly observedTabs?: readonly ObservedTab[];
  /** The panel's remembered layout. */
  readonly layout?: PanelLayout;
}

/** A tab a DevTools window is open on: its devtools page records what DevTools shows since `since` (epoch ms). */
export interface ObservedTab {
  readonly tabId: number;
  readonly since: number;
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

/** One request as DevTools' network log showed it, read by the HAR reader in the devtools page. */
export interface DevtoolsEntry {
  /** Stable for the devtools page's life: its instance and the actual request's entry. */
  readonly id: string;
  readonly startedAt: number;
  /** Secrets already redacted by the reader. */
  readonly exchange: ObservedExchange;
}

/** Bounds on one message of a devtools page (it comes from an extension page, the entries from a web page). */
export const DEVTOOLS_LIMITS = { maxEntriesPerMessage: 200, maxIdLength: 64 } as const;

/** Port messages from a devtools page to the worker. */
export type DevtoolsToWorker =
  | { readonly type: "observing"; readonly tabId: number; readonly since: number }
  | { readonly type: "observed"; readonly tabId: number; readonly entries: readonly DevtoolsEntry[] }
  | { readonly type: "navigated"; readonly tabId: number };

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

function isDevtoolsEntry(x: unknown): x is DevtoolsEntry {
  if (!isRecord(x) || !isRecord(x.exchange)) return false;
  const { url, method, requestHeaders, redirects, response } = x.exchange;
  return (
    typeof x.id === "string" &&
    x.id.length > 0 &&
    x.id.length <= DEVTOOLS_LIMITS.maxIdLength &&
    typeof x.startedAt === "number" &&
    Number.isFinite(x.startedAt) &&
    typeof url === "string" &&
    typeof method === "string" &&
    Array.isArray(requestHeaders) &&
    Array.isArray(redirects) &&
    (response === undefined || isRecord(response))
  );
}

export function isDevtoolsToWorker(x: unknown): x is DevtoolsToWorker {
  if (!isRecord(x) || !isTabId(x.tabId)) return false;
  switch (x.type) {
    case "observing":
      return typeof x.since === "number" && Number.isFinite(x.since);
    case "observed":
      return Array.isArray(x.entries) && x.entries.length <= DEVTOOLS_LIMITS.maxEntriesPerMessage && x.entries.every(isDevtoolsEntry);
    case "navigated":
      return true;
    default:
      return false;
  }
}

export function isRecordingMode(x: unknown): x is RecordingMode {
  return typeof x === "string" && (RECORDING_MODES as readonly string[]).includes(x);
}

/** The state as stored or received, its optional parts repaired (a bad layout takes the defaults). */
export function normalizeState(x: Partial<Record<keyof ExtensionState, unknown>>): ExtensionState {
  return {
    paused: x.paused === true,
    preserveLog: x.preserveLog === true,
    // Absent: the worker decides (*Record always* when granted, else while DevTools is open).
    ...(isRecordingMode(x.recording) ? { recording: x.recording } : {}),
    ...(typeof x.listening === "boolean" ? { listening: x.listening } : {}),
    ...(typeof x.recordAlwaysGranted === "boolean" ? { recordAlwaysGranted: x.recordAlwaysGranted } : {}),
    ...(Array.isArray(x.observedTabs) ? { observedTabs: x.observedTabs.filter(isObservedTab) } : {}),
    layout: sanitizeLayout(x.layout),
  };
}

function isObservedTab(x: unknown): x is ObservedTab {
  return isRecord(x) && isTabId(x.tabId) && typeof x.since === "number";
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
