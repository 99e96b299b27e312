// Small readable builders for ObservedExchange fixtures, shaped like what the capture layer hands
// the engine (webRequest with extraHeaders in Chromium 156).
import type { HeaderField, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "../../src/engine";

export const PAGE = "http://localhost:5173";
export const API = "http://api.test:8080";
export const DATA_URL = `${API}/data`;

export type HeaderSpec = Readonly<Record<string, string | readonly string[]>>;

/** Header lists from a record; an array value becomes duplicated header lines. */
export function headers(spec: HeaderSpec = {}): HeaderField[] {
  return Object.entries(spec).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : value).map((line) => ({ name, value: line })),
  );
}

export function respond(status: number, spec: HeaderSpec = {}, url = DATA_URL): ObservedResponse {
  return { url, status, headers: headers(spec) };
}

export function redirect(status: number, location: string, spec: HeaderSpec = {}, url = DATA_URL): ObservedRedirect {
  return { url, status, location, headers: headers({ Location: location, ...spec }) };
}

export interface PreflightAnswer {
  readonly status: number;
  readonly headers: HeaderSpec;
}

export function answered(status: number, spec: HeaderSpec = {}): PreflightAnswer {
  return { status, headers: spec };
}

/** Headers a page sets that are not safelisted, as Chromium lists them in ACRH. */
function requestedHeaderNames(pageHeaders: HeaderSpec): string[] {
  const safe = (name: string, value: string): boolean => {
    if (["accept", "accept-language", "content-language"].includes(name)) return value.length <= 128;
    if (name === "content-type") {
      return ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].includes(value.split(";")[0]!.trim().toLowerCase());
    }
    return false;
  };
  return Object.entries(pageHeaders)
    .filter(([name, value]) => !safe(name.toLowerCase(), typeof value === "string" ? value : value.join(", ")))
    .map(([name]) => name.toLowerCase())
    .sort();
}

export interface ExchangeSpec {
  readonly url?: string;
  readonly method?: string;
  readonly resourceType?: string;
  /** The page's origin (initiator). */
  readonly origin?: string;
  /** Origin header value, when it differs from the page's origin (e.g. "null" after a redirect). */
  readonly originHeader?: string | null;
  /** Headers the page set (they appear on the actual request and in ACRH). */
  readonly pageHeaders?: HeaderSpec;
  /** Other headers on the actual request (browser-added). */
  readonly extraRequestHeaders?: HeaderSpec;
  /** Sends a (redacted) Cookie header: credentials 'include' proven. */
  readonly cookie?: boolean;
  readonly preflight?: PreflightAnswer;
  readonly preflightError?: string;
  readonly redirects?: readonly ObservedRedirect[];
  readonly response?: ObservedResponse;
  /** Shorthand: the browser failed the request with net::ERR_FAILED. */
  readonly blocked?: boolean;
  readonly error?: string;
  readonly ip?: string;
}

export function exchange(spec: ExchangeSpec = {}): ObservedExchange {
  const url = spec.url ?? DATA_URL;
  const method = spec.method ?? "GET";
  const origin = spec.origin ?? PAGE;
  const pageHeaders = spec.pageHeaders ?? {};
  const originHeader = spec.originHeader === undefined ? origin : spec.originHeader;
  const error = spec.error ?? (spec.blocked ? "net::ERR_FAILED" : undefined);
  const requestedNames = requestedHeaderNames(pageHeaders);

  let preflight: ObservedPreflight | undefined;
  if (spec.preflight || spec.preflightError) {
    preflight = {
      url,
      requestHeaders: headers({
        "Access-Control-Request-Method": method,
        ...(requestedNames.length ? { "Access-Control-Request-Headers": requestedNames.join(",") } : {}),
        ...(originHeader !== null ? { Origin: originHeader } : {}),
        "Sec-Fetch-Mode": "cors",
      }),
      ...(spec.preflight ? { response: respond(spec.preflight.status, spec.preflight.headers, url) } : {}),
      ...(spec.preflightError ? { error: spec.preflightError } : {}),
    };
  }

  const neverSent = (spec.blocked && preflight !== undefined && spec.response === undefined) || spec.preflightError !== undefined;
  const requestHeaders = neverSent
    ? []
    : headers({
        ...pageHeaders,
        ...(originHeader !== null ? { Origin: originHeader } : {}),
        ...(spec.cookie ? { Cookie: "[redacted]" } : {}),
        ...(spec.extraRequestHeaders ?? {}),
      });
  return {
    url,
    method,
    resourceType: spec.resourceType ?? "xmlhttprequest",
    initiator: origin,
    documentUrl: `${origin}/`,
    requestHeaders,
    requestHeadersSent: !neverSent,
    ...(preflight ? { preflight } : {}),
    redirects: spec.redirects ?? [],
    ...(spec.response ? { response: spec.response } : {}),
    ...(error ? { error } : {}),
    completed: error === undefined,
    ...(spec.cookie ? { redactedHeaders: ["cookie"] } : {}),
    ...(spec.ip ? { ip: spec.ip } : {}),
  };
}

/** Preflight headers that allow everything the request needs. */
export function allowAll(method: string, names: readonly string[], credentials: boolean, origin = PAGE): HeaderSpec {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": method,
    ...(names.length ? { "Access-Control-Allow-Headers": names.join(", ") } : {}),
    ...(credentials ? { "Access-Control-Allow-Credentials": "true" } : {}),
  };
}
