// The capture's records of one logical request (in flight, a preflight waiting for its actual
// request, finished) and the ObservedExchange built from them for the engine. Plain data, so that
// in-flight records can be persisted as they are.
import type { HeaderField, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "../engine/types";
import { canonicalOriginOf, isExtensionOrigin } from "./origin";
import { redactUrl } from "../report/redact";
import type { HeadersReceivedDetails, RequestDetails } from "./webrequest-types";

/** One finished logical request, ready for the engine. */
export interface CapturedRequest {
  readonly id: string;
  readonly tabId: number;
  readonly startedAt: number;
  /** The frame that made it (webRequest frameId), when known: the credentials witness matches on it. */
  readonly frameId?: number;
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
  frameId?: number;
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
  /** Firefox: the id of the preflight that came after this request's headers and was paired with it. */
  preflightId?: string;
  /** Tracked from its first redirect: the first hop was same-origin, and its request headers were not kept. */
  firstHopUnseen?: boolean;
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
  /** Firefox: the actual request it was paired with, which sent its headers first. */
  pairedWith?: string;
}

export interface CaptureState {
  readonly inFlight: readonly InFlightRequest[];
  readonly preflights: readonly PendingPreflight[];
}

/** How a request ended (`completed: false` and no error: not yet). */
export interface Outcome {
  readonly completed: boolean;
  readonly error?: string;
  readonly partial?: string;
}

/** What was observed of a request, ended with `outcome` (or not yet ended: `completed: false`, no error). */
export function exchangeOf(request: InFlightRequest, outcome: Outcome): ObservedExchange {
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
    startedAt: request.startedAt,
    ...(outcome.partial ? { partial: outcome.partial } : {}),
  };
}

/**
 * The actual request of a preflight, as known from the preflight alone (its method and header
 * names are in Access-Control-Request-*): refused, when `partial` says why it is reported so.
 */
export function exchangeOfPreflight(pending: PendingPreflight, partial: string | undefined): ObservedExchange {
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
export function newRequest(details: RequestDetails, initiator: string, fields: Partial<InFlightRequest> = {}): InFlightRequest {
  return {
    id: details.requestId,
    tabId: details.tabId,
    ...(details.frameId !== undefined ? { frameId: details.frameId } : {}),
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

export function initiatorOf(details: RequestDetails): string | undefined {
  const initiator = details.initiator ?? (details.originUrl ? (canonicalOriginOf(details.originUrl) ?? undefined) : undefined);
  if (initiator === undefined || isExtensionOrigin(initiator)) return undefined;
  return initiator;
}

export function attachPreflight(request: InFlightRequest, pending: PendingPreflight): void {
  request.preflight = pending.preflight;
  mergeNames(request.redacted, pending.redacted);
}

export function mergeNames(into: string[], names: readonly string[]): void {
  for (const name of names) if (!into.includes(name)) into.push(name);
}

export function locationOf(response: ObservedResponse): string {
  return response.headers.find((h) => h.name.toLowerCase() === "location")?.value ?? "";
}

export function responseOf(details: HeadersReceivedDetails, headers: HeaderField[]): ObservedResponse {
  return {
    url: redactUrl(details.url),
    status: details.statusCode,
    statusLine: details.statusLine,
    headers,
    fromCache: details.fromCache,
    ip: details.ip,
  };
}
