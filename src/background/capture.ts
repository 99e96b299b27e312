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
// - A same-origin request redirected to another origin is checked with CORS from that hop on; a
//   preflight the browser sends to the new URL comes between the 3xx and the next onSendHeaders,
//   and when it fails the request ends (onErrorOccurred) on the new URL with no onSendHeaders.
//
// In Firefox (docs/firefox.md) the actual request's onSendHeaders comes before its preflight's, even
// when the preflight then fails and the request never reaches the network; a refused response still
// ends in onCompleted; CORS refusals fail with NS_ERROR_DOM_BAD_URI. The capture pairs in Firefox's
// order when told it runs there, and marks every exchange with the browser for the engine.
//
// A request is judged refused as soon as the headers that decide it arrive (the engine replays
// Chromium's checks on them), and that judgement is persisted at once: when Chromium stops the
// worker, the events it was about to deliver are lost with it, and the one most often lost is the
// last (onErrorOccurred). A worker that restarts finds the judged requests that never ended and
// reports them (recovery.ts). Pairing (which events make one request) is in pairing.ts, which
// headers are kept in kept-headers.ts, the records and the exchanges built from them in exchanges.ts.
//
// Hot path: every handler does constant work for requests it does not keep (one Map lookup, or a
// string comparison of origins); no storage access, no URL parsing in the common case.
import { predictsRefusal } from "../engine/diagnose";
import type { BrowserFlavor } from "../engine/types";
import {
  attachPreflight,
  exchangeOf,
  exchangeOfPreflight,
  initiatorOf,
  mergeNames,
  newRequest,
  responseOf,
  type CapturedRequest,
  type CaptureState,
  type InFlightRequest,
  type Outcome,
  type PendingPreflight,
} from "./exchanges";
import { keepRequestHeaders, keepResponseHeaders } from "./kept-headers";
import { isCrossOrigin } from "./origin";
import { endedAfterRedirect, MAX_PENDING_PREFLIGHTS, pairingKey, PreflightPairing, recordRedirectHop, RequestsAwaitingPreflight } from "./pairing";
import { CaptureRecovery } from "./recovery";
import { ResponseMemory } from "./response-memory";
import { redactUrl } from "../report/redact";
import type { CompletedDetails, ErrorDetails, HeadersReceivedDetails, RawHeader, SendHeadersDetails } from "./webrequest-types";

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

/**
 * A copy of `record` with `fields` set. Object.assign, not `{ ...record, field }`: a spread that adds
 * a key the record lacks is V8's slow copy, microseconds per call on the hot path.
 */
function withField<T extends object>(record: T, fields: Partial<T>): T {
  return Object.assign({}, record, fields);
}

/**
 * A Location that is a path on the same origin ("/next", not "//host" nor "/\\host"), decided
 * without parsing: most redirects of a same-origin request. The URL parser drops tabs and newlines
 * anywhere and reads "\\" as "/", so the second character must be none of those.
 */
function staysOnOrigin(location: string): boolean {
  if (location.charCodeAt(0) !== 0x2f) return false;
  const second = location.charCodeAt(1);
  return second !== 0x2f && second !== 0x5c && second !== 0x09 && second !== 0x0a && second !== 0x0d;
}

/** Bounds memory when requests never end (a tab killed mid-flight). */
const MAX_IN_FLIGHT = 2_000;

export class Capture {
  private readonly inFlight = new Map<string, InFlightRequest>();
  private readonly pairing = new PreflightPairing((id) => this.events.dirty(id));
  /** Firefox only: requests whose preflight may still come. */
  private readonly awaiting = new RequestsAwaitingPreflight();
  /** Worker-stop recovery: restoring a previous worker's records, reporting what it could not. */
  readonly recovery = new CaptureRecovery({
    inFlight: this.inFlight,
    pairing: this.pairing,
    finish: (request, outcome) => this.finish(request, outcome),
    finished: (request) => this.emit(request),
    restored: (request) => this.awaitAgain(request),
  });
  private readonly firefox: boolean;
  /** Recent cacheable responses that do not vary on Origin: evidence of a response reused from a cache. */
  private readonly memory = new ResponseMemory();

  constructor(
    private readonly events: CaptureEvents,
    private readonly browser: BrowserFlavor = "chromium",
  ) {
    this.firefox = browser === "firefox";
  }

  /** Hands a finished request on, its exchange marked with the browser that observed it. */
  private emit(request: CapturedRequest): void {
    this.events.finished(this.firefox ? { ...request, exchange: withField(request.exchange, { browser: this.browser }) } : request);
  }

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
    const pending = this.pairing.take(details.tabId, details.url, details.method, kept);
    if (pending) attachPreflight(request, pending);
    else if (this.firefox) this.awaiting.add(pairingKey(details.tabId, details.url, details.method), request.id);
    // Persisted at once: a worker restarted before the response can then still diagnose it fully.
    this.track(request);
  }

  onHeadersReceived(details: HeadersReceivedDetails): void {
    const preflight = this.pairing.get(details.requestId);
    if (preflight) {
      const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
      preflight.preflight = withField(preflight.preflight, { response: responseOf(details, headers) });
      mergeNames(preflight.redacted, redacted);
      preflight.refused = predictsRefusal(exchangeOfPreflight(preflight, undefined));
      this.events.dirty(preflight.requestId, preflight.refused);
      if (this.syncPaired(preflight)) return;
      // After a stop, the browser can deliver a preflight's events after its actual request's end.
      if (preflight.refused) this.recovery.refusedPreflight(preflight, details.timeStamp);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (request) {
      // Firefox: an answer shows the request did reach the network after its preflight.
      if (request.preflightId !== undefined) {
        request.sent = true;
        this.releasePreflight(request);
      }
      if (this.firefox) this.awaiting.remove(request.id);
      const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
      request.lastResponse = responseOf(details, headers);
      mergeNames(request.redacted, redacted);
      this.memory.observe(details, request.requestHeaders.find((h) => h.name.toLowerCase() === "origin")?.value ?? null);
      // A 304 is checked against the cached response's headers, which this event does not show.
      const wasRefused = request.refused === true;
      request.refused = details.statusCode !== 304 && predictsRefusal(exchangeOf(request, { completed: false }));
      this.events.dirty(request.id, request.refused || wasRefused);
      return;
    }
    // A same-origin request may redirect to another origin; from then on it is a CORS request.
    if (details.statusCode >= 300 && details.statusCode < 400) this.maybeTrackRedirectFromSameOrigin(details);
    else if (details.statusCode === 200 && details.method === "GET") this.rememberNoCors(details);
  }

  /** A cross-origin load without CORS (an <img>, a no-cors fetch): a cache may hand its answer to a later CORS request. */
  private rememberNoCors(details: HeadersReceivedDetails): void {
    if (details.type === "main_frame" || details.type === "sub_frame") return;
    // Most responses are the page's own: told by a string comparison, before any other work.
    const own = details.initiator;
    if (own !== undefined && details.url.startsWith(own) && details.url.charCodeAt(own.length) === 0x2f) return;
    const initiator = initiatorOf(details);
    if (initiator !== undefined && isCrossOrigin(initiator, details.url)) this.memory.observe(details, null);
  }

  onCompleted(details: CompletedDetails): void {
    const preflight = this.pairing.get(details.requestId);
    if (preflight && !preflight.ended) {
      preflight.ended = true;
      const response = preflight.preflight.response;
      if (response && details.ip) preflight.preflight = withField(preflight.preflight, { response: { ...response, ip: details.ip } });
      this.events.dirty(preflight.requestId);
      this.syncPaired(preflight);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (!request) {
      if (details.type === "main_frame") this.events.navigationEnded(details.tabId);
      return;
    }
    // A spread that only overwrites (responseOf always writes `ip`) is V8's fast copy.
    if (request.lastResponse && details.ip) request.lastResponse = { ...request.lastResponse, ip: details.ip };
    this.finish(request, { completed: true });
  }

  onErrorOccurred(details: ErrorDetails): void {
    const preflight = this.pairing.get(details.requestId);
    if (preflight && !preflight.ended) {
      preflight.ended = true;
      preflight.preflight = withField(preflight.preflight, { error: details.error });
      this.events.dirty(preflight.requestId);
      this.syncPaired(preflight);
      return;
    }
    const request = this.inFlight.get(details.requestId);
    if (request) {
      // The browser followed a redirect, then failed before sending the next hop: its preflight failed.
      // Firefox ends a refused redirect on its Location (docs/firefox.md): only Chromium's order means this.
      if (!this.firefox && endedAfterRedirect(request, details.url)) {
        recordRedirectHop(request, details.url, this.pairing.take(details.tabId, details.url, details.method, undefined));
        request.sent = false;
      }
      this.finish(request, { completed: false, error: details.error });
      return;
    }
    if (details.type === "main_frame") this.events.navigationEnded(details.tabId);
    if (details.type === "main_frame" || details.type === "sub_frame") return;
    // The actual request of a failed preflight never sends headers: this is the first we hear of it.
    const initiator = initiatorOf(details);
    if (initiator === undefined || !isCrossOrigin(initiator, details.url)) return;
    const pending = this.pairing.take(details.tabId, details.url, details.method, undefined);
    if (!pending) {
      this.recovery.unseenEnd(details, initiator);
      return;
    }
    const unsent = newRequest(details, initiator, { startedAt: Math.min(details.timeStamp, pending.at), sent: false });
    attachPreflight(unsent, pending);
    this.finish(unsent, { completed: false, error: details.error }, pending.refused === true);
  }

  /** A snapshot of in-flight state, for persistence across worker restarts. */
  state(): CaptureState {
    return { inFlight: [...this.inFlight.values()], preflights: this.pairing.all() };
  }

  /** The in-flight request or waiting preflight with this id, if it is still pending. */
  lookup(id: string): InFlightRequest | PendingPreflight | undefined {
    return this.inFlight.get(id) ?? this.pairing.get(id);
  }

  /** Drops preflights nobody claimed and requests that never ended; call from a timer, not per event. */
  sweep(now: number): void {
    this.recovery.sweep(now);
    this.pairing.sweep(now);
  }

  /** Forgets in-flight requests of a closed tab. */
  forgetTab(tabId: number): void {
    for (const [id, request] of this.inFlight) {
      if (request.tabId !== tabId) continue;
      this.inFlight.delete(id);
      this.events.dirty(id);
    }
    this.pairing.forgetTab(tabId);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private nextHop(request: InFlightRequest, details: SendHeadersDetails): void {
    const { headers, redacted } = keepRequestHeaders(details.requestHeaders ?? []);
    // A redirect to a new origin triggers a new preflight, which arrived just before this hop (in
    // Firefox: comes after it); it belongs to the redirect hop.
    const pending = this.pairing.take(details.tabId, details.url, details.method, headers);
    const followed = recordRedirectHop(request, details.url, pending);
    if (pending && !followed) attachPreflight(request, pending);
    else if (!pending && this.firefox) this.awaiting.add(pairingKey(details.tabId, details.url, details.method), request.id);
    // The browser followed the redirect, so it was not refused (the judgement erred): say so at once.
    const wasRefused = request.refused === true;
    request.refused = false;
    request.requestHeaders = headers;
    mergeNames(request.redacted, redacted);
    this.events.dirty(request.id, wasRefused);
  }

  /**
   * A request is kept from the first hop that leaves the page's origin: a same-origin request is
   * not tracked until a 3xx points it elsewhere (decided from this event alone, no lookup), and one
   * that never leaves the page's origin never enters the store.
   */
  private maybeTrackRedirectFromSameOrigin(details: HeadersReceivedDetails): void {
    const initiator = initiatorOf(details);
    if (initiator === undefined || details.type === "main_frame" || details.type === "sub_frame") return;
    // A cross-origin first hop without Origin was a no-cors load: still not CORS after the redirect.
    if (isCrossOrigin(initiator, details.url)) return;
    const location = details.responseHeaders?.find((h) => h.name.toLowerCase() === "location")?.value;
    if (!location || staysOnOrigin(location)) return;
    let target: string;
    try {
      target = new URL(location, details.url).href;
    } catch {
      return;
    }
    if (!isCrossOrigin(initiator, target)) return;
    const { headers, redacted } = keepResponseHeaders(details.responseHeaders ?? []);
    this.track(newRequest(details, initiator, { lastResponse: responseOf(details, headers), redacted, firstHopUnseen: true }));
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
    if (this.pairing.size >= MAX_PENDING_PREFLIGHTS) this.sweep(details.timeStamp);
    if (this.firefox) this.pairLate(pending);
    this.pairing.add(pending);
    this.events.dirty(pending.requestId);
  }

  /**
   * Firefox's order: the actual request already sent its headers (the browser reported them before
   * its preflight's), so the preflight joins it now. The request has not reached the network yet:
   * it waits for the preflight's answer, and a refused preflight stops it.
   */
  private pairLate(pending: PendingPreflight): void {
    const usable = (id: string): boolean => {
      const request = this.inFlight.get(id);
      return request !== undefined && request.lastResponse === undefined;
    };
    const id = this.awaiting.take(pending.key, usable);
    const request = id === undefined ? undefined : this.inFlight.get(id);
    if (!request) return;
    pending.pairedWith = request.id;
    request.preflightId = pending.requestId;
    request.sent = false;
    attachPreflight(request, pending);
    this.events.dirty(request.id);
  }

  /** A paired preflight's news (its answer, its end) reaches its request; true when it was paired. */
  private syncPaired(preflight: PendingPreflight): boolean {
    if (preflight.pairedWith === undefined) return false;
    const request = this.inFlight.get(preflight.pairedWith);
    if (!request) return true;
    attachPreflight(request, preflight);
    const refused = preflight.refused === true;
    if (refused) request.refused = true;
    this.events.dirty(request.id, refused);
    return true;
  }

  /**
   * Firefox: a restored request that sent its headers and has neither a preflight nor an answer
   * yet waits for its preflight again (the wait itself is not persisted: it is rebuilt from the
   * request). Its URL is the redacted one, so a URL with a token in its query is not paired.
   */
  private awaitAgain(request: InFlightRequest): void {
    if (!this.firefox || request.preflight !== undefined || request.lastResponse !== undefined || request.redirects.length > 0) return;
    this.awaiting.add(pairingKey(request.tabId, request.firstUrl, request.method), request.id);
  }

  private releasePreflight(request: InFlightRequest): void {
    const pending = request.preflightId === undefined ? undefined : this.pairing.get(request.preflightId);
    if (pending) this.pairing.remove(pending);
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
    if (this.firefox) {
      this.awaiting.remove(request.id);
      this.releasePreflight(request);
    }
    const exchange = exchangeOf(request, outcome);
    // A refused answer may be a stored one: what was seen before of this URL and its server's clock.
    if (exchange.response && !outcome.completed) Object.assign(exchange, this.memory.evidenceFor(request.firstUrl, request.startedAt));
    const judgedRefused = preflightRefused || request.refused === true;
    const frame = request.frameId !== undefined ? { frameId: request.frameId } : {};
    this.emit({ id: request.id, tabId: request.tabId, ...frame, startedAt: request.startedAt, exchange, judgedRefused });
    this.events.dirty(request.id);
  }
}
