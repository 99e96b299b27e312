// Collects facts from webRequest events into one record per logical cross-origin request: the
// actual request, its preflight and its redirects. It decides nothing about CORS (the engine does);
// it only keeps what the browser showed, redacted on arrival.
//
// Facts observed in Chromium 156 that shape this module:
// - A preflight is a request of its own (method OPTIONS, its own requestId) that shares the actual
//   request's tab, frame, document and URL; it is only visible with `extraHeaders`.
// - When the preflight fails, it still completes (even a 404 or a 302) and the actual request ends
//   in onErrorOccurred without ever sending headers.
// - A response the CORS check rejects gives onHeadersReceived, then onErrorOccurred
//   (net::ERR_FAILED), never onCompleted.
// - A followed redirect shows as onHeadersReceived (3xx) then a new onSendHeaders on the same
//   requestId with the new URL; a refused one as onHeadersReceived (3xx) then onErrorOccurred.
//
// A request is judged refused as soon as the headers that decide it arrive (the engine replays
// Chromium's checks on them), and that judgement is persisted at once: when Chromium stops the
// worker, the events it was about to deliver are lost with it, and the one most often lost is the
// last (onErrorOccurred). A worker that restarts finds the judged requests that never ended and
// reports them (finishOrphans).
//
// Hot path: every handler does constant work for requests it does not keep (one Map lookup, or a
// string comparison of origins); no storage access, no URL parsing in the common case.
import { predictsRefusal } from "../engine/diagnose";
import type { HeaderField, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "../engine/types";
import { isCrossOrigin, isExtensionOrigin, originOf } from "./origin";
import { redactHeaders, redactUrl } from "./redact";

/** The subset of webRequest event details this module reads (Chrome and Firefox agree on it). */
export interface RequestDetails {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly type: string;
  readonly tabId: number;
  readonly timeStamp: number;
  readonly initiator?: string;
  /** Firefox's closest equivalent of `initiator`. */
  readonly originUrl?: string;
  readonly documentUrl?: string;
  readonly frameId?: number;
}
export interface RawHeader {
  readonly name: string;
  readonly value?: string;
  readonly binaryValue?: ArrayLike<number>;
}
export interface SendHeadersDetails extends RequestDetails {
  readonly requestHeaders?: readonly RawHeader[];
}
export interface HeadersReceivedDetails extends RequestDetails {
  readonly statusCode: number;
  readonly statusLine?: string;
  readonly responseHeaders?: readonly RawHeader[];
  readonly ip?: string;
  readonly fromCache?: boolean;
}
export interface CompletedDetails extends RequestDetails {
  readonly statusCode: number;
  readonly ip?: string;
  readonly fromCache?: boolean;
}
export interface ErrorDetails extends RequestDetails {
  readonly error: string;
}

/** One finished logical request, ready for the engine. */
export interface CapturedRequest {
  readonly id: string;
  readonly tabId: number;
  readonly startedAt: number;
  readonly exchange: ObservedExchange;
  /** True when the request was judged refused before it ended, and that judgement was persisted. */
  readonly judgedRefused?: boolean;
  /** A worker stop hid all but its last event ("end-only"), or all but its refused preflight. */
  readonly observed?: "end-only" | "preflight-only";
}

/** A request still in flight (mutable while events arrive; plain data so it can be persisted). */
export interface InFlightRequest {
  id: string;
  tabId: number;
  startedAt: number;
  initiator: string;
  documentUrl?: string;
  firstUrl: string;
  method: string;
  type: string;
  requestHeaders: HeaderField[];
  sent: boolean;
  preflight?: ObservedPreflight;
  redirects: ObservedRedirect[];
  lastResponse?: ObservedResponse;
  redacted: string[];
  /** The headers observed so far fail Chromium's checks: the request is refused, whatever comes next. */
  refused?: boolean;
}

/** A preflight waiting for its actual request. */
export interface PendingPreflight {
  requestId: string;
  key: string;
  at: number;
  /** The actual request's method, from Access-Control-Request-Method. */
  method: string;
  tabId: number;
  initiator: string;
  type: string;
  documentUrl?: string;
  /** Lower-cased names from Access-Control-Request-Headers, for pairing parallel requests. */
  requestedHeaders: string[];
  preflight: ObservedPreflight;
  redacted: string[];
  /** True once the preflight itself completed or failed; it waits for its actual request. */
  ended: boolean;
  /** Its answer fails Chromium's preflight checks: the actual request will be refused. */
  refused?: boolean;
}

export interface CaptureState {
  readonly inFlight: readonly InFlightRequest[];
  readonly preflights: readonly PendingPreflight[];
}

export interface CaptureEvents {
  /** A logical request ended (completed or failed). */
  finished(request: CapturedRequest): void;
  /** A top-level navigation started in a tab. */
  navigated(tabId: number): void;
  /** A top-level navigation ended (loaded or failed): the browser has reset the tab's own badge by then. */
  navigationEnded(tabId: number): void;
  /**
   * In-flight state of this request or preflight id changed (or it ended); persist it soon, or
   * `urgent`ly (at the end of this event) when it now decides a refusal.
   */
  dirty(id: string, urgent?: boolean): void;
}

/** Preflights older than this are no longer paired (Chromium's own preflight timeout is shorter). */
const PREFLIGHT_PAIRING_WINDOW_MS = 60_000;
/** How long a request reported from its last event alone waits for a preflight delivered late. */
const END_ONLY_MEMORY_MS = 10_000;
const LATE_PREFLIGHT =
  "The browser stopped the extension's background worker while this request was in flight, and delivered its preflight only after its end; the verdict comes from the preflight's answer.";
/** Bounds memory when requests never end (a tab killed mid-flight). */
const MAX_IN_FLIGHT = 2_000;
const MAX_PENDING_PREFLIGHTS = 1_000;
/** Values of non-CORS headers are cut beyond this; CORS headers are kept whole up to the next. */
const MAX_VALUE_LENGTH = 8_192;
const MAX_CORS_VALUE_LENGTH = 131_072;

// Request headers that never matter to CORS and only cost memory (or leak browsing context).
const DROPPED_REQUEST_HEADERS = new Set([
  "user-agent",
  "accept-encoding",
  "referer",
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
  "connection",
  "host",
  "upgrade-insecure-requests",
  "priority",
]);
// Resource types a page can load in CORS mode (navigations and beacons cannot be refused by CORS).
const CORS_CAPABLE_TYPES = new Set(["xmlhttprequest", "script", "stylesheet", "font", "image", "media", "other"]);
const DROPPED_RESPONSE_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "expires", "last-modified", "etag"]);

export class Capture {
  private readonly inFlight = new Map<string, InFlightRequest>();
  private readonly preflightsById = new Map<string, PendingPreflight>();
  private readonly preflightsByKey = new Map<string, PendingPreflight[]>();
  /** Pairing key → times of requests reported from their last event alone (finishUnseen), lately. */
  private readonly endOnly = new Map<string, number[]>();

  constructor(private readonly events: CaptureEvents) {}

  onSendHeaders(details: SendHeadersDetails): void {
    const existing = this.inFlight.get(details.requestId);
    if (existing) {
      this.nextHop(existing, details);
      return;
    }
    if (details.type === "main_frame") {
      this.events.navigated(details.tabId);
      return;
    }
    const initiator = initiatorOf(details);
    if (initiator === undefined || !isCrossOrigin(initiator, details.url)) return;
    const headers = details.requestHeaders ?? [];
    let hasOrigin = false;
    let fetchMode: string | undefined;
    let requestMethod: string | undefined;
    let requestHeaderNames: string | undefined;
    for (const header of headers) {
      const lower = header.name.toLowerCase();
      if (lower === "origin") hasOrigin = true;
      else if (lower === "sec-fetch-mode") fetchMode = header.value;
      else if (lower === "access-control-request-method") requestMethod = header.value;
      else if (lower === "access-control-request-headers") requestHeaderNames = header.value;
    }
    if (details.method === "OPTIONS" && requestMethod !== undefined) {
      this.addPreflight(details, initiator, headers, requestMethod, requestHeaderNames ?? "");
      return;
    }
    // Without Origin, or in another mode than cors (a plain <img>, a no-cors POST, a WebSocket), CORS
    // does not apply. Sec-Fetch-Mode is only sent to trustworthy URLs; the engine infers the rest.
    if (!hasOrigin || (fetchMode !== undefined && fetchMode !== "cors")) return;
    const { headers: kept, redacted } = keepRequestHeaders(headers);
    const request = newRequest(details, initiator, { requestHeaders: kept, redacted });
    const pending = this.takePreflight(details.tabId, details.url, details.method, kept);
    if (pending) attachPreflight(request, pending);
    // Persisted at once: a worker restarted before the response can then still diagnose it fully.
    this.track(request);
  }

  onHeadersReceived(details: HeadersReceivedDetails): void {
    const preflight = this.preflightsById.get(details.requestId);
    if (preflight) {
      const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
      preflight.preflight = { ...preflight.preflight, response: responseOf(details, headers) };
      mergeNames(preflight.redacted, redacted);
      preflight.refused = predictsRefusal(exchangeOfPreflight(preflight, undefined));
      this.events.dirty(preflight.requestId, preflight.refused);
      // After a stop, the browser can deliver a preflight's events after its actual request's end.
      if (preflight.refused && this.takeEndOnly(preflight.key, details.timeStamp)) this.finishPreflightOnly(preflight, LATE_PREFLIGHT);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (request) {
      const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
      request.lastResponse = responseOf(details, headers);
      mergeNames(request.redacted, redacted);
      // A 304 is checked against the cached response's headers, which this event does not show.
      const wasRefused = request.refused === true;
      request.refused = details.statusCode !== 304 && predictsRefusal(exchangeOf(request, { completed: false }));
      this.events.dirty(request.id, request.refused || wasRefused);
      return;
    }
    // A same-origin request may redirect to another origin; from then on it is a CORS request.
    if (details.statusCode >= 300 && details.statusCode < 400) this.maybeTrackRedirectFromSameOrigin(details);
  }

  onCompleted(details: CompletedDetails): void {
    const preflight = this.preflightsById.get(details.requestId);
    if (preflight && !preflight.ended) {
      preflight.ended = true;
      const response = preflight.preflight.response;
      if (response && details.ip) preflight.preflight = { ...preflight.preflight, response: { ...response, ip: details.ip } };
      this.events.dirty(preflight.requestId);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (!request) {
      if (details.type === "main_frame") this.events.navigationEnded(details.tabId);
      return;
    }
    if (request.lastResponse && details.ip) request.lastResponse = { ...request.lastResponse, ip: details.ip };
    this.finish(request, { completed: true });
  }

  onErrorOccurred(details: ErrorDetails): void {
    const preflight = this.preflightsById.get(details.requestId);
    if (preflight && !preflight.ended) {
      preflight.ended = true;
      preflight.preflight = { ...preflight.preflight, error: details.error };
      this.events.dirty(preflight.requestId);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (request) {
      this.finish(request, { completed: false, error: details.error });
      return;
    }
    if (details.type === "main_frame") this.events.navigationEnded(details.tabId);
    if (details.type === "main_frame" || details.type === "sub_frame") return;
    // The actual request of a failed preflight never sends headers: this is the first we hear of it.
    const initiator = initiatorOf(details);
    if (initiator === undefined || !isCrossOrigin(initiator, details.url)) return;
    const pending = this.takePreflight(details.tabId, details.url, details.method, undefined);
    if (!pending) {
      if (details.error === "net::ERR_FAILED" && CORS_CAPABLE_TYPES.has(details.type) && originOf(details.url) !== undefined) {
        this.finishUnseen(details, initiator);
      }
      return;
    }
    const unsent = newRequest(details, initiator, { startedAt: Math.min(details.timeStamp, pending.at), sent: false });
    attachPreflight(unsent, pending);
    this.finish(unsent, { completed: false, error: details.error }, pending.refused === true);
  }

  /**
   * Reports the requests judged refused whose last event never came: `ids` are the in-flight
   * requests and preflights a previous worker left, restored at wake-up. Call once the events that
   * were waiting for this worker have been applied; a request among them that ended meanwhile is
   * no longer pending and is skipped.
   */
  finishOrphans(ids: Iterable<string>): void {
    const note =
      "The browser stopped the extension's background worker before it delivered this request's last event; the verdict comes from the response headers observed, which fail the browser's CORS checks.";
    for (const id of ids) {
      const request = this.inFlight.get(id);
      if (request?.refused) {
        this.finish(request, { completed: false, error: "net::ERR_FAILED", partial: note });
        continue;
      }
      const preflight = this.preflightsById.get(id);
      if (preflight?.refused) this.finishPreflightOnly(preflight, note);
    }
  }

  /** Reports the actual request of a refused preflight from the preflight alone. */
  private finishPreflightOnly(preflight: PendingPreflight, note: string): void {
    this.removePreflight(preflight);
    const exchange = exchangeOfPreflight(preflight, note);
    this.events.finished({ id: preflight.requestId, tabId: preflight.tabId, startedAt: preflight.at, exchange, judgedRefused: true, observed: "preflight-only" });
  }

  private takeEndOnly(key: string, now: number): boolean {
    const times = this.endOnly.get(key);
    const index = times ? times.findIndex((at) => Math.abs(now - at) <= END_ONLY_MEMORY_MS) : -1;
    if (!times || index < 0) return false;
    times.splice(index, 1);
    if (times.length === 0) this.endOnly.delete(key);
    return true;
  }

  /**
   * A refused cross-origin request whose earlier events never reached this worker: the previous one
   * was stopped mid-request. Reported with what is known rather than lost.
   */
  private finishUnseen(details: ErrorDetails, initiator: string): void {
    const exchange: ObservedExchange = {
      url: redactUrl(details.url),
      method: details.method,
      resourceType: details.type,
      initiator,
      requestHeaders: [],
      requestHeadersSent: false,
      redirects: [],
      error: details.error,
      completed: false,
      partial: "The extension's background worker was restarted by the browser while this request was in flight, so its headers and any preflight were not observed.",
    };
    this.events.finished({ id: details.requestId, tabId: details.tabId, startedAt: details.timeStamp, exchange, observed: "end-only" });
    const key = pairingKey(details.tabId, details.url, details.method);
    const times = this.endOnly.get(key) ?? [];
    times.push(details.timeStamp);
    this.endOnly.set(key, times);
    if (this.endOnly.size > MAX_PENDING_PREFLIGHTS) this.endOnly.delete(this.endOnly.keys().next().value!);
  }

  /** A snapshot of in-flight state, for persistence across worker restarts. */
  state(): CaptureState {
    return { inFlight: [...this.inFlight.values()], preflights: [...this.preflightsById.values()] };
  }

  /** The in-flight request or waiting preflight with this id, if it is still pending. */
  lookup(id: string): InFlightRequest | PendingPreflight | undefined {
    return this.inFlight.get(id) ?? this.preflightsById.get(id);
  }

  /** Restores in-flight state saved before the worker stopped (merging with anything newer). */
  restore(state: CaptureState, now: number, finishedIds: ReadonlySet<string> = new Set()): void {
    // In-flight keys of finished requests are removed lazily; an entry with the same id means it ended.
    for (const request of state.inFlight) {
      if (!this.inFlight.has(request.id) && !finishedIds.has(request.id)) this.inFlight.set(request.id, request);
    }
    for (const preflight of state.preflights) {
      if (this.preflightsById.has(preflight.requestId) || finishedIds.has(preflight.requestId) || now - preflight.at > PREFLIGHT_PAIRING_WINDOW_MS) continue;
      this.preflightsById.set(preflight.requestId, preflight);
      this.queuePreflight(preflight);
    }
  }

  /** Drops preflights nobody claimed and requests that never ended; call from a timer, not per event. */
  sweep(now: number): void {
    for (const [key, times] of this.endOnly) if (times.every((at) => now - at > END_ONLY_MEMORY_MS)) this.endOnly.delete(key);
    for (const [key, list] of this.preflightsByKey) {
      const fresh = list.filter((p) => now - p.at <= PREFLIGHT_PAIRING_WINDOW_MS);
      if (fresh.length === 0) this.preflightsByKey.delete(key);
      else if (fresh.length !== list.length) this.preflightsByKey.set(key, fresh);
    }
    for (const [id, p] of this.preflightsById) {
      if (now - p.at <= PREFLIGHT_PAIRING_WINDOW_MS) continue;
      this.preflightsById.delete(id);
      this.events.dirty(id);
    }
  }

  /** Forgets in-flight requests of a closed tab. */
  forgetTab(tabId: number): void {
    const prefix = `${tabId}|`;
    for (const [id, request] of this.inFlight) {
      if (request.tabId !== tabId) continue;
      this.inFlight.delete(id);
      this.events.dirty(id);
    }
    for (const key of this.preflightsByKey.keys()) if (key.startsWith(prefix)) this.preflightsByKey.delete(key);
    for (const [id, p] of this.preflightsById) {
      if (!p.key.startsWith(prefix)) continue;
      this.preflightsById.delete(id);
      this.events.dirty(id);
    }
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private nextHop(request: InFlightRequest, details: SendHeadersDetails): void {
    const previous = request.lastResponse;
    if (previous && previous.status >= 300 && previous.status < 400) {
      // Each hop keeps the headers it was sent with: the Origin of a later hop may be "null".
      request.redirects.push({ ...previous, location: locationOf(previous) || redactUrl(details.url), requestHeaders: request.requestHeaders });
      request.lastResponse = undefined;
    }
    // The browser followed the redirect, so it was not refused (the judgement erred): say so at once.
    const wasRefused = request.refused === true;
    request.refused = false;
    const { headers, redacted } = keepRequestHeaders(details.requestHeaders ?? []);
    request.requestHeaders = headers;
    mergeNames(request.redacted, redacted);
    // A redirect to a new origin triggers a new preflight, which arrived just before this hop.
    const pending = this.takePreflight(details.tabId, details.url, details.method, headers);
    if (pending) attachPreflight(request, pending);
    this.events.dirty(request.id, wasRefused);
  }

  private maybeTrackRedirectFromSameOrigin(details: HeadersReceivedDetails): void {
    const initiator = initiatorOf(details);
    if (initiator === undefined || details.type === "main_frame" || details.type === "sub_frame") return;
    const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
    const location = headers.find((h) => h.name.toLowerCase() === "location")?.value;
    if (!location) return;
    let target: string;
    try {
      target = new URL(location, details.url).href;
    } catch {
      return;
    }
    // A cross-origin first hop without Origin was a no-cors load: still not CORS after the redirect.
    if (!isCrossOrigin(initiator, target) || isCrossOrigin(initiator, details.url)) return;
    this.track(newRequest(details, initiator, { lastResponse: responseOf(details, headers), redacted }));
  }

  private addPreflight(details: SendHeadersDetails, initiator: string, headers: readonly RawHeader[], requestMethod: string, requestHeaderNames: string): void {
    const { headers: kept, redacted } = keepRequestHeaders(headers);
    const pending: PendingPreflight = {
      requestId: details.requestId,
      key: pairingKey(details.tabId, details.url, requestMethod),
      at: details.timeStamp,
      method: requestMethod,
      tabId: details.tabId,
      initiator,
      type: details.type,
      ...(details.documentUrl !== undefined ? { documentUrl: redactUrl(details.documentUrl) } : {}),
      requestedHeaders: requestHeaderNames === "" ? [] : requestHeaderNames.toLowerCase().split(",").map((h) => h.trim()),
      preflight: { url: redactUrl(details.url), requestHeaders: kept },
      redacted,
      ended: false,
    };
    if (this.preflightsById.size >= MAX_PENDING_PREFLIGHTS) this.sweep(details.timeStamp);
    this.preflightsById.set(details.requestId, pending);
    this.queuePreflight(pending);
    this.events.dirty(pending.requestId);
  }

  private queuePreflight(pending: PendingPreflight): void {
    const list = this.preflightsByKey.get(pending.key);
    if (list) list.push(pending);
    else this.preflightsByKey.set(pending.key, [pending]);
  }

  /** The oldest waiting preflight for this request; with headers known, one that asked for them. */
  private takePreflight(tabId: number, url: string, method: string, headers: readonly HeaderField[] | undefined): PendingPreflight | undefined {
    const key = pairingKey(tabId, url, method);
    const list = this.preflightsByKey.get(key);
    if (!list || list.length === 0) return undefined;
    let index = 0;
    if (headers && list.length > 1) {
      const names = new Set(headers.map((h) => h.name.toLowerCase()));
      const match = list.findIndex((p) => p.requestedHeaders.every((h) => names.has(h)));
      if (match >= 0) index = match;
    }
    const pending = list[index];
    if (pending) this.removePreflight(pending);
    return pending;
  }

  private removePreflight(pending: PendingPreflight): void {
    const list = this.preflightsByKey.get(pending.key);
    const index = list ? list.indexOf(pending) : -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list && list.length === 0) this.preflightsByKey.delete(pending.key);
    this.preflightsById.delete(pending.requestId);
    this.events.dirty(pending.requestId);
  }

  private track(request: InFlightRequest): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      const oldest = this.inFlight.keys().next().value;
      if (oldest !== undefined) {
        this.inFlight.delete(oldest);
        this.events.dirty(oldest);
      }
    }
    this.inFlight.set(request.id, request);
    this.events.dirty(request.id);
  }

  private finish(request: InFlightRequest, outcome: Outcome, preflightRefused = false): void {
    this.inFlight.delete(request.id);
    const exchange = exchangeOf(request, outcome);
    const judgedRefused = preflightRefused || request.refused === true;
    this.events.finished({ id: request.id, tabId: request.tabId, startedAt: request.startedAt, exchange, judgedRefused });
    this.events.dirty(request.id);
  }
}

interface Outcome {
  readonly completed: boolean;
  readonly error?: string;
  readonly partial?: string;
}

/** What was observed of a request, ended with `outcome` (or not yet ended: `completed: false`, no error). */
function exchangeOf(request: InFlightRequest, outcome: Outcome): ObservedExchange {
  return {
    url: request.firstUrl,
    method: request.method,
    resourceType: request.type,
    initiator: request.initiator,
    documentUrl: request.documentUrl,
    requestHeaders: request.requestHeaders,
    requestHeadersSent: request.sent,
    preflight: request.preflight,
    redirects: request.redirects,
    response: request.lastResponse,
    error: outcome.error,
    completed: outcome.completed,
    redactedHeaders: request.redacted,
    ...(outcome.partial ? { partial: outcome.partial } : {}),
  };
}

/**
 * The actual request of a preflight, as known from the preflight alone (its method and header
 * names are in Access-Control-Request-*): refused, when `partial` says why it is reported so.
 */
function exchangeOfPreflight(pending: PendingPreflight, partial: string | undefined): ObservedExchange {
  return {
    url: pending.preflight.url,
    method: pending.method,
    resourceType: pending.type,
    initiator: pending.initiator,
    documentUrl: pending.documentUrl,
    requestHeaders: [],
    requestHeadersSent: false,
    preflight: pending.preflight,
    redirects: [],
    completed: false,
    redactedHeaders: pending.redacted,
    ...(partial ? { error: "net::ERR_FAILED", partial } : {}),
  };
}

/** A new in-flight record for the request these details describe; `fields` override the defaults. */
function newRequest(details: RequestDetails, initiator: string, fields: Partial<InFlightRequest> = {}): InFlightRequest {
  return {
    id: details.requestId,
    tabId: details.tabId,
    startedAt: details.timeStamp,
    initiator,
    // Redacted on arrival: in-flight records are persisted as they are.
    documentUrl: details.documentUrl === undefined ? undefined : redactUrl(details.documentUrl),
    firstUrl: redactUrl(details.url),
    method: details.method,
    type: details.type,
    requestHeaders: [],
    sent: true,
    redirects: [],
    redacted: [],
    ...fields,
  };
}

function initiatorOf(details: RequestDetails): string | undefined {
  const initiator = details.initiator ?? (details.originUrl ? originOf(details.originUrl) : undefined);
  if (initiator === undefined || isExtensionOrigin(initiator)) return undefined;
  return initiator;
}

function pairingKey(tabId: number, url: string, method: string): string {
  return `${tabId}|${method}|${url}`;
}

function attachPreflight(request: InFlightRequest, pending: PendingPreflight): void {
  request.preflight = pending.preflight;
  mergeNames(request.redacted, pending.redacted);
}

function mergeNames(into: string[], names: readonly string[]): void {
  for (const name of names) if (!into.includes(name)) into.push(name);
}

function locationOf(response: ObservedResponse): string {
  return response.headers.find((h) => h.name.toLowerCase() === "location")?.value ?? "";
}

function responseOf(details: HeadersReceivedDetails, headers: HeaderField[]): ObservedResponse {
  return {
    url: redactUrl(details.url),
    status: details.statusCode,
    statusLine: details.statusLine,
    headers,
    fromCache: details.fromCache,
    ip: details.ip,
  };
}

function keepRequestHeaders(headers: readonly RawHeader[]): { headers: HeaderField[]; redacted: string[] } {
  const relevant = headers.filter((h) => !DROPPED_REQUEST_HEADERS.has(h.name.toLowerCase()));
  const result = redactHeaders(relevant);
  return { headers: result.headers.map(capValue), redacted: result.redacted };
}

function keepResponseHeaders(headers: readonly RawHeader[]): { headers: HeaderField[]; redacted: string[] } {
  const relevant = headers.filter((h) => !DROPPED_RESPONSE_HEADERS.has(h.name.toLowerCase()));
  const result = redactHeaders(relevant);
  const capped = result.headers.map((h) => (h.name.toLowerCase() === "location" ? { name: h.name, value: redactUrl(h.value) } : capValue(h)));
  return { headers: capped, redacted: result.redacted };
}

function capValue(header: HeaderField): HeaderField {
  const limit = header.name.toLowerCase().startsWith("access-control-") ? MAX_CORS_VALUE_LENGTH : MAX_VALUE_LENGTH;
  if (header.value.length <= limit) return header;
  return { name: header.name, value: `${header.value.slice(0, limit)}… [${header.value.length - limit} more characters not kept]` };
}
