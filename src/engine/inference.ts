// Facts webRequest does not show, inferred from what it does: the requesting origin, the Origin
// sent, the request mode, the credentials mode's evidence, and what a preflight asked for. Each
// inference that shapes the verdict is recorded on the case, with its evidence.
import { isRefusalError } from "./firefox-rules";
import { getHeader, hasHeader, splitList } from "./headers";
import { hasCredentialsInUrl, originOf, resolveLocation } from "./origin";
import { normalizeMethod } from "./safelist";
import type { Advisory, CredentialsWitness, HeaderList, InferredFact, ObservedExchange, ObservedPreflight } from "./types";

/** One request being judged: what was observed, and what the judging found out so far. */
export interface Case {
  readonly exchange: ObservedExchange;
  readonly inferred: InferredFact[];
  readonly advisories: Advisory[];
}

/** A new case: nothing inferred yet but what the observer inferred itself. */
export function newCase(exchange: ObservedExchange): Case {
  return { exchange, inferred: exchange.observerFacts ? [...exchange.observerFacts] : [], advisories: [] };
}

export type Mode = "cors" | "no-cors" | "navigate" | "same-origin-request" | "unknown";

/** Origin of the requesting context: initiator, else a non-null Origin header, else the document's origin. */
export function initiatorOrigin(c: Case): string | null {
  const { exchange } = c;
  if (exchange.initiator && exchange.initiator !== "") return exchange.initiator;
  const header = getHeader(exchange.requestHeaders, "Origin") ?? getHeader(exchange.preflight?.requestHeaders ?? [], "Origin");
  if (header !== null && header !== "null" && !header.includes(",")) return header;
  return exchange.documentUrl ? originOf(exchange.documentUrl) : null;
}

/** The Origin the browser sent on the first hop (what ACAO must equal). */
export function originSent(c: Case): string | null {
  const { exchange } = c;
  // After a redirect the last hop's Origin may be "null": only the first hop's says who asked.
  const firstHopHeaders = exchange.redirects.length > 0 ? (exchange.redirects[0]?.requestHeaders ?? []) : exchange.requestHeaders;
  return getHeader(exchange.preflight?.requestHeaders ?? [], "Origin") ?? getHeader(firstHopHeaders, "Origin") ?? initiatorOrigin(c);
}

/** Every URL the request visited, first to last. */
function hopUrls(c: Case): string[] {
  const { exchange } = c;
  const urls = [exchange.url, ...exchange.redirects.map((hop) => resolveLocation(hop.location, hop.url || exchange.url))];
  const last = exchange.response?.url;
  if (last && last !== urls[urls.length - 1] && !isRefusedRedirect(exchange)) urls.push(last);
  return urls.filter((url) => url !== "");
}

function secFetchModeSent(c: Case): string | null {
  const { exchange } = c;
  const lists: HeaderList[] = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])];
  for (const headers of lists) {
    const value = getHeader(headers, "Sec-Fetch-Mode");
    if (value !== null) return value.trim().toLowerCase();
  }
  return null;
}

/** Notes how the request mode was inferred. */
function recordMode(c: Case, value: string, evidence: string): void {
  c.inferred.push({ fact: "request-mode", value, evidence });
}

export function inferMode(c: Case): Mode {
  const { exchange } = c;
  if (exchange.resourceType === "main_frame" || exchange.resourceType === "sub_frame" || exchange.resourceType === "outermost_frame") {
    return "navigate";
  }
  if (exchange.resourceType === "websocket" || exchange.resourceType === "csp_report") {
    recordMode(c, "no-cors", `A ${exchange.resourceType} request is never subject to CORS checks.`);
    return "no-cors";
  }
  const initiator = initiatorOrigin(c);
  // A redirect the browser refused to follow still pointed the request somewhere else.
  const refusedTo = refusedLocation(exchange);
  const urls = [...hopUrls(c), ...(refusedTo ? [refusedTo] : [])];
  if (initiator !== null && urls.length > 0 && urls.every((url) => originOf(url) === initiator)) return "same-origin-request";

  const secFetchMode = secFetchModeSent(c);
  if (secFetchMode !== null) {
    if (secFetchMode === "cors") return "cors";
    if (secFetchMode === "navigate" || secFetchMode === "nested-navigate") return "navigate";
    if (secFetchMode === "no-cors") return "no-cors";
    if (secFetchMode === "same-origin") return "no-cors";
    return "no-cors";
  }
  if (exchange.preflight) {
    recordMode(c, "cors", "A preflight (OPTIONS) was sent; browsers preflight only CORS-mode requests.");
    return "cors";
  }
  const originHeader = hasHeader(exchange.requestHeaders, "Origin");
  const method = normalizeMethod(exchange.method);
  const noSecFetch = "Sec-Fetch-Mode was not sent (Chromium sends it only to https and localhost URLs)";
  if (originHeader) {
    if (method === "GET" || method === "HEAD") {
      recordMode(c, "cors", `${noSecFetch}; the ${method} request carried an Origin header, which browsers add to GET/HEAD only in CORS mode.`);
      return "cors";
    }
    if (exchange.resourceType === "ping") {
      recordMode(c, "no-cors", `${noSecFetch}; a ${method} ping/beacon with Origin is sent in no-cors mode.`);
      return "no-cors";
    }
    recordMode(c, "cors", `${noSecFetch}; the ${method} request carried an Origin header and is a ${exchange.resourceType} request (no-cors ${method} also sends Origin, so this is the likely mode, not a certainty).`);
    return "cors";
  }
  if (exchange.redirects.some((hop) => hop.preflightAfter)) {
    recordMode(c, "cors", "A preflight (OPTIONS) was sent after a redirect; browsers preflight only CORS-mode requests.");
    return "cors";
  }
  if (isRefusalError(exchange) && refusedTo && hasCredentialsInUrl(refusedTo)) {
    recordMode(c, "cors", "The request failed at a redirect to a URL with user:password@: only a CORS-mode request fails there (a no-cors load follows it).");
    return "cors";
  }
  if (exchange.requestHeaders.length === 0) {
    if (exchange.resourceType === "font") {
      recordMode(c, "cors", "Fonts are always fetched in CORS mode; no request headers were observed.");
      return "cors";
    }
    return "unknown";
  }
  recordMode(c, "no-cors", `${noSecFetch}; the request carried no Origin header, so it was not a CORS request.`);
  return "no-cors";
}

/**
 * Cookie (even redacted) proves credentials "include"; so do Sec-Fetch-Storage-Access and an
 * Authorization header the page did not set.
 */
export function credentialsProof(c: Case): string | null {
  const { exchange } = c;
  const lists: HeaderList[] = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])];
  if (lists.some((headers) => hasHeader(headers, "Cookie"))) {
    return "The request carried a Cookie header (its value is hidden); browsers send cookies cross-origin only with credentials 'include'.";
  }
  const witness = exchange.credentialsWitness;
  if (witness?.mode === "include") return witnessEvidence(witness);
  // Chromium 133+ sends Sec-Fetch-Storage-Access on every cross-site request with credentials
  // 'include' and on no other (observed in Chromium 156), also when no cookie exists yet.
  const storageAccess = lists.map((headers) => getHeader(headers, "Sec-Fetch-Storage-Access")).find((value) => value !== null);
  if (storageAccess !== undefined && storageAccess !== null) {
    return `The request carried Sec-Fetch-Storage-Access: ${storageAccess.slice(0, 20)}; Chromium sends it only on cross-site requests with credentials 'include'.`;
  }
  // Without an observed preflight the Authorization header may be the page's own (the preflight
  // can come from Chromium's preflight cache), so it proves nothing then.
  const requested = requestedHeaderNames(c);
  if (exchange.preflight && lists.some((headers) => hasHeader(headers, "Authorization")) && !requested.includes("authorization")) {
    return "The request carried an Authorization header that the page did not set (it was not in Access-Control-Request-Headers), so the browser added HTTP authentication: credentials 'include'.";
  }
  return null;
}

const WITNESS_SOURCE =
  "(reported by CORS Doctor's script in the page, which sees the page's own calls; a page can forge this, misleading only its own diagnosis)";

function witnessEvidence(witness: CredentialsWitness): string {
  if (witness.via === "stated") {
    return `The credentials mode '${witness.mode}' was stated by whoever read this recording: it was not observed (no Cookie, Sec-Fetch-Storage-Access or Authorization added by the browser shows it).`;
  }
  if (witness.via === "probe") return `cors-doctor probe sent the request as a page would with credentials: '${witness.mode}'.`;
  if (witness.via === "xhr") {
    return `The page sent its XHR with withCredentials = ${witness.mode === "include" ? "true" : "false"} ${WITNESS_SOURCE}.`;
  }
  return `The page called fetch with credentials: '${witness.mode}' ${WITNESS_SOURCE}.`;
}

/**
 * The page's own call said it sent no credentials (fetch's 'omit' or 'same-origin' to another
 * origin, an XHR without withCredentials), and nothing observed says otherwise: the evidence.
 */
export function credentialsWitnessedWithout(c: Case): string | null {
  const witness = c.exchange.credentialsWitness;
  if (!witness || witness.mode === "include" || credentialsProof(c) !== null) return null;
  return witnessEvidence(witness);
}

/** The credentials modes a replay must consider: proven, witnessed, or both. */
export function credentialsCandidates(c: Case): boolean[] {
  if (credentialsProof(c)) return [true];
  return credentialsWitnessedWithout(c) ? [false] : [false, true];
}

/** The initiator when webRequest did not give it, and the Authorization header's hidden value. */
export function recordHiddenHeaders(c: Case): void {
  const { exchange } = c;
  if (!exchange.initiator) {
    const initiator = initiatorOrigin(c);
    if (initiator !== null) {
      c.inferred.push({ fact: "initiator", value: initiator, evidence: "webRequest gave no initiator; taken from the Origin header or the document URL." });
    }
  }
  const sent = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])].some((headers) => hasHeader(headers, "Authorization"));
  const requested = requestedHeaderNames(c).includes("authorization");
  if (!sent && !requested) return;
  c.inferred.push({
    fact: "authorization",
    value: "present (value hidden)",
    evidence: requested
      ? "The page set an Authorization header: it is listed in Access-Control-Request-Headers, so the server must allow it in Access-Control-Allow-Headers."
      : exchange.preflight
        ? "The request carried an Authorization header the page did not set (not in Access-Control-Request-Headers): the browser added HTTP authentication."
        : "The request carried an Authorization header; without an observed preflight it cannot be told whether the page or HTTP authentication added it.",
  });
}

export function requestedHeaderNames(c: Case): string[] {
  return requestedOf(c.exchange.preflight);
}

/** What a preflight asked for in Access-Control-Request-Headers: lower-cased, sorted, once each. */
export function requestedOf(preflight: ObservedPreflight | undefined): string[] {
  if (!preflight) return [];
  const value = getHeader(preflight.requestHeaders, "Access-Control-Request-Headers");
  return value === null ? [] : [...new Set(splitList(value).map((name) => name.toLowerCase()))].sort();
}

/** The page's headers as the first preflight after a redirect asked for them (a same-origin start has no earlier one). */
export function requestedAfterRedirect(c: Case): string[] {
  return requestedOf(c.exchange.redirects.find((hop) => hop.preflightAfter)?.preflightAfter);
}

/** Where a refused redirect pointed (resolved), or "" when the request did not end on one. */
export function refusedLocation(exchange: ObservedExchange): string {
  if (!isRefusedRedirect(exchange) || !exchange.response) return "";
  return resolveLocation(getHeader(exchange.response.headers, "Location") ?? "", exchange.response.url || exchange.url);
}

export function requestedMethod(c: Case): string {
  const preflight = c.exchange.preflight;
  const fromPreflight = preflight ? getHeader(preflight.requestHeaders, "Access-Control-Request-Method") : null;
  return fromPreflight !== null && fromPreflight.trim() !== "" ? fromPreflight.trim() : normalizeMethod(c.exchange.method);
}

/** A 3xx final response with a Location, and an error: the browser refused to follow it. */
export function isRefusedRedirect(exchange: ObservedExchange): boolean {
  const response = exchange.response;
  return (
    response !== undefined &&
    exchange.error !== undefined &&
    response.status >= 300 &&
    response.status < 400 &&
    getHeader(response.headers, "Location") !== null
  );
}
