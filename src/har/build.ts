// One joined request of a HAR (its hops and preflights) → the ObservedExchange the engine judges,
// built the way the extension's capture builds one from webRequest events
// (src/background/exchanges.ts), so that diagnose() gives the browser's verdict:
// - Chrome writes a refusal as `_error: "net::ERR_FAILED"` on the entry (webRequest's
//   onErrorOccurred); a request stopped by its preflight has status 0, no response headers, and
//   only provisional request headers without Origin (it never left: requestHeadersSent false; its
//   Origin is the preflight's);
// - Firefox writes no error at all: a refused response keeps its status and headers (the
//   exchange completes, as in Firefox's webRequest, and the engine judges the headers), a request
//   stopped by its preflight has status 0 (Firefox's NS_ERROR_DOM_BAD_URI), and a redirect it
//   refused is the last hop, sometimes followed by a status-0 entry for the unsent target
//   (webRequest: NS_ERROR_UNEXPECTED at the 3xx);
// - other writers (Playwright, proxies, Safari) record no CORS outcome: an answered request is
//   refused when Chromium's checks refuse it under every credentials mode (predictsRefusal, the one
//   judge), and the diagnosis says it was judged from headers alone.
import { earlierResponseOf } from "../engine/cache-evidence";
import { predictsRefusal } from "../engine/diagnose";
import { getHeader, hasHeader } from "../engine/headers";
import type { EarlierResponse, HeaderField, InferredFact, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "../engine/types";
import { redactUrl } from "../report/redact";
import { originOfUrl, type EntryView } from "./entries";
import type { Chain } from "./join";
import type { CredentialsChoice, HarExchange, HarFlavor } from "./types";

export interface BuildContext {
  readonly flavor: HarFlavor;
  readonly credentials: CredentialsChoice;
  /** log.pages: id → the page's URL, as written, where its title is one. */
  readonly pages: ReadonlyMap<string, string>;
  /** Chrome's files: the answered GETs (status 200) per URL as written, in file order (storedAnswers). */
  readonly answers?: ReadonlyMap<string, readonly EntryView[]>;
}

/** Why a joined request is not one the engine can judge as a cross-origin request. */
export type Skipped = "same-origin" | "not-cors" | "navigation" | "unfinished" | "headers-missing";

export type Built = { readonly exchange: HarExchange } | { readonly skipped: Skipped };

/** What the hops say about where the request ended. */
interface Ending {
  readonly hops: readonly EntryView[];
  readonly preflights: readonly (EntryView | undefined)[];
  /** The last hop is a 3xx nothing followed and the writer recorded no error on (Firefox and others). */
  readonly unfollowedRedirect: boolean;
  /** More redirects than the Fetch standard follows (20): a network error, not CORS. */
  readonly tooManyRedirects: boolean;
}

/** Fetch: HTTP-redirect fetch, step 5: the 21st redirect is a network error. */
const MAX_REDIRECTS = 20;

export function buildExchange(chain: Chain, context: BuildContext): Built {
  const ending = endingOf(chain, context.flavor);
  const first = ending.hops[0]!;
  const last = ending.hops.at(-1)!;
  const resourceType = resourceTypeOf(ending.hops, context.flavor);
  if (resourceType === "main_frame" || resourceType === "sub_frame") return { skipped: "navigation" };
  const page = pageOriginOf(ending, context.pages);
  const earlier = earlierAnswerOf(ending, context);
  if (!earlier && !looksCors(ending)) return { skipped: failedUnrecorded(ending, context.flavor, page?.origin) ? "headers-missing" : "not-cors" };
  if (page && !leavesOrigin(ending, page.origin)) return { skipped: "same-origin" };
  const facts: InferredFact[] = page ? [page.fact] : [];
  const sent = last.status !== 0 || last.responseHeaders.length > 0;
  const outcome = outcomeOf(ending, sent, context.flavor);
  if (outcome === undefined) return { skipped: "unfinished" };
  const requestHeaders = headersSent(last, ending.preflights.at(-1), sent, facts);
  const pageUrl = first.pageref === undefined ? undefined : context.pages.get(first.pageref);
  const base: ObservedExchange = {
    ...(context.flavor === "firefox" ? { browser: "firefox" as const } : {}),
    url: first.url,
    method: first.method,
    resourceType,
    ...(page ? { initiator: page.origin } : {}),
    ...(pageUrl !== undefined ? { documentUrl: redactUrl(pageUrl) } : {}),
    requestHeaders,
    requestHeadersSent: sent,
    ...(ending.preflights[0] ? { preflight: preflightOf(ending.preflights[0]) } : {}),
    redirects: ending.hops.slice(0, -1).map((hop, i) => redirectOf(hop, ending.preflights[i + 1])),
    ...(sent ? { response: responseOf(last) } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    completed: outcome.error === undefined && sent,
    redactedHeaders: redactedOf(ending),
    ...(earlier ? { earlier, startedAt: first.startedAt } : {}),
    ...(context.credentials !== "auto" ? { credentialsWitness: { mode: context.credentials, via: "stated" as const } } : {}),
  };
  const exchange = base.completed && (context.flavor === "other" || ending.unfollowedRedirect) ? judgedFromHeaders(base, facts, ending.unfollowedRedirect, context.flavor) : base;
  if (context.flavor === "chromium" && isRedirect(last) && last.error === "net::ERR_FAILED" && !predictsRefusal(exchange)) facts.push(REDIRECT_MODE_FACT);
  if (ending.hops.some((hop) => hop.viaServiceWorker)) facts.push(SERVICE_WORKER_FACT);
  return {
    exchange: {
      id: `h${first.index}`,
      startedAt: first.startedAt,
      exchange: facts.length > 0 ? { ...exchange, observerFacts: facts } : exchange,
      entries: [...chain.hops, ...chain.preflights.filter((entry) => entry !== undefined)].map((entry) => entry.index).sort((a, b) => a - b),
    },
  };
}

/** The answered GETs (status 200) of a Chrome file per URL as written, in file order: where a refused cache hit finds its stored answer. */
export function storedAnswers(entries: readonly EntryView[]): Map<string, EntryView[]> {
  const answers = new Map<string, EntryView[]>();
  for (const entry of entries) {
    if (entry.method !== "GET" || entry.status !== 200 || entry.resourceType === "preflight") continue;
    const list = answers.get(entry.rawUrl);
    if (list) list.push(entry);
    else answers.set(entry.rawUrl, [entry]);
  }
  return answers;
}

/**
 * Chrome writes a fetch refused on an answer reused from its HTTP cache as a GET with status 0, no
 * response headers, `_error: net::ERR_FAILED`, no preflight and no redirect. The latest earlier
 * answer to the same URL, when a cache could hand it to another origin (earlierResponseOf, the
 * engine's rule), is the evidence the engine judges it by; undefined for anything else.
 */
function earlierAnswerOf(ending: Ending, context: BuildContext): EarlierResponse | undefined {
  const { hops, preflights } = ending;
  const only = hops[0]!;
  if (context.flavor !== "chromium" || !context.answers || hops.length !== 1 || preflights[0] !== undefined) return undefined;
  if (only.method !== "GET" || only.status !== 0 || only.responseHeaders.length > 0 || only.error !== "net::ERR_FAILED") return undefined;
  if (only.resourceType !== "fetch" && only.resourceType !== "xhr") return undefined;
  const before = (context.answers.get(only.rawUrl) ?? []).filter((entry) => entry.index < only.index && entry.startedAt <= only.startedAt).at(-1);
  if (!before) return undefined;
  const answer = earlierResponseOf({
    seenAt: before.startedAt,
    status: before.status,
    resourceType: CHROME_TYPES[before.resourceType ?? ""] ?? "other",
    requestHeaders: before.requestHeaders,
    responseHeaders: before.responseHeaders,
  });
  return answer ?? undefined;
}

const REDIRECT_MODE_FACT: InferredFact = {
  fact: "redirect-mode",
  value: "follow (assumed)",
  evidence:
    "Chrome's HAR records a failure at this redirect although its headers pass the checks without credentials. Either the page sent credentials, or its fetch used redirect: 'error', which fails at any redirect and which Chrome's HAR records the same way (no CORS error then).",
};

const SERVICE_WORKER_FACT: InferredFact = {
  fact: "service-worker",
  value: "fetched via a service worker",
  evidence: "Chrome's HAR marks the response as fetched via a service worker (_fetchedViaServiceWorker): the worker's own request to the server is the one CORS judged.",
};

/**
 * Firefox and others: a status-0 hop after a 3xx, with no preflight of its own, was never sent (the
 * browser refused the redirect), and a 3xx that nothing followed was refused or read by the page
 * itself (redirect: 'manual' or 'error'). Chrome records a refusal itself (`_error`).
 */
function endingOf(chain: Chain, flavor: HarFlavor): Ending {
  const { hops, preflights } = chain;
  const redirects = (list: readonly EntryView[]): boolean => list.length > MAX_REDIRECTS && isRedirect(list.at(-1)!);
  if (flavor === "chromium") return { hops, preflights, unfollowedRedirect: false, tooManyRedirects: false };
  const last = hops.at(-1)!;
  // Playwright records an error on a target it did send (net::ERR_FAILED): that hop stays.
  const unsentTarget = hops.length > 1 && last.status === 0 && last.responseHeaders.length === 0 && preflights.at(-1) === undefined && last.error === undefined;
  const kept = unsentTarget ? hops.slice(0, -1) : hops;
  const end = kept.at(-1)!;
  return {
    hops: kept,
    preflights: preflights.slice(0, kept.length),
    unfollowedRedirect: isRedirect(end) && end.error === undefined && !redirects(kept),
    tooManyRedirects: redirects(kept),
  };
}

function isRedirect(entry: EntryView): boolean {
  return entry.status >= 300 && entry.status < 400 && entry.rawRedirect !== "";
}

/** The error the browser's webRequest would have reported, or undefined when it ended without one; undefined outcome: never finished. */
function outcomeOf(ending: Ending, sent: boolean, flavor: HarFlavor): { error?: string } | undefined {
  const last = ending.hops.at(-1)!;
  if (last.error !== undefined) return { error: last.error };
  if (ending.tooManyRedirects) return { error: flavor === "firefox" ? "NS_ERROR_REDIRECT_LOOP" : "net::ERR_TOO_MANY_REDIRECTS" };
  if (sent) return {};
  // Never sent, and no error recorded: stopped by its preflight (Firefox, others), or still pending.
  return flavor !== "chromium" && ending.preflights.at(-1) !== undefined ? { error: refusalOf(flavor) } : undefined;
}

function refusalOf(flavor: HarFlavor): string {
  return flavor === "firefox" ? "NS_ERROR_DOM_BAD_URI" : "net::ERR_FAILED";
}

/**
 * An answer the file records no CORS outcome for (another writer's, or a redirect nothing followed):
 * refused when Chromium's checks refuse it whatever the credentials (predictsRefusal, the one judge).
 */
function judgedFromHeaders(exchange: ObservedExchange, facts: InferredFact[], atRedirect: boolean, flavor: HarFlavor): ObservedExchange {
  const refused = predictsRefusal(exchange);
  if (atRedirect) {
    facts.push({
      fact: "verdict-source",
      value: "redirect headers",
      evidence: refused
        ? "The file shows this redirect but no request to where it pointed, and its headers fail the browser's checks whatever the credentials mode: the browser refused to follow it."
        : "The file shows this redirect but no request to where it pointed, and its headers pass the browser's checks: the page read the redirect itself (fetch's redirect: 'manual' or 'error'), which is no CORS failure.",
    });
    // Firefox reports a redirect it refused with an error at the 3xx (docs/firefox.md).
    return refused ? { ...exchange, error: flavor === "firefox" ? "NS_ERROR_UNEXPECTED" : "net::ERR_FAILED", completed: false } : exchange;
  }
  facts.push({
    fact: "verdict-source",
    value: "response headers",
    evidence: refused
      ? "The file records no CORS outcome; the response's headers fail Chromium's checks whatever the credentials mode, so the browser refused it."
      : "The file records no CORS outcome; the response's headers pass Chromium's checks in at least one credentials mode, so it is taken as let through.",
  });
  return refused ? { ...exchange, error: "net::ERR_FAILED", completed: false } : exchange;
}

/** Headers of the last hop; a request its preflight stopped gets the preflight's Origin (Chrome keeps none). */
function headersSent(last: EntryView, preflight: EntryView | undefined, sent: boolean, facts: InferredFact[]): HeaderField[] {
  if (sent || !preflight || hasHeader(last.requestHeaders, "Origin")) return last.requestHeaders;
  const origin = getHeader(preflight.requestHeaders, "Origin");
  if (origin === null) return last.requestHeaders;
  facts.push({
    fact: "origin-sent",
    value: origin,
    evidence: "The request never left the browser (its preflight stopped it), and the file keeps only the headers the page set; the Origin is its preflight's.",
  });
  return [...last.requestHeaders, { name: "Origin", value: origin }];
}

/** A CORS request shows an Origin, a preflight, or Sec-Fetch-Mode: cors; another Sec-Fetch-Mode says it was not one. */
function looksCors(ending: Ending): boolean {
  const mode = ending.hops.map((hop) => getHeader(hop.requestHeaders, "Sec-Fetch-Mode")).find((value) => value !== null);
  if (mode !== undefined && mode !== null) return mode.trim().toLowerCase() === "cors";
  return ending.preflights.some((preflight) => preflight !== undefined) || ending.hops.some((hop) => hasHeader(hop.requestHeaders, "Origin"));
}

/**
 * Another writer's failed request to another origin whose headers it did not keep (Playwright keeps
 * only a few provisional ones): a CORS failure may hide there, but nothing in the file can tell.
 */
function failedUnrecorded(ending: Ending, flavor: HarFlavor, pageOrigin: string | undefined): boolean {
  const last = ending.hops.at(-1)!;
  return flavor === "other" && last.error !== undefined && last.responseHeaders.length === 0 && pageOrigin !== undefined && leavesOrigin(ending, pageOrigin);
}

/** Whether any URL the request went to (or was refused at) is of another origin than the page's. */
function leavesOrigin(ending: Ending, origin: string): boolean {
  const urls = ending.hops.map((hop) => hop.rawUrl);
  if (ending.unfollowedRedirect || ending.hops.at(-1)!.error !== undefined) urls.push(ending.hops.at(-1)!.rawRedirect);
  return urls.some((url) => url !== "" && originOfUrl(url) !== origin);
}

/** The page's origin: the Origin sent (never "null"), else the Referer's, else the page's URL, with where it came from. */
function pageOriginOf(ending: Ending, pages: ReadonlyMap<string, string>): { origin: string; fact: InferredFact } | undefined {
  const lists = [ending.preflights[0]?.requestHeaders ?? [], ...ending.hops.map((hop) => hop.requestHeaders)];
  const sent = lists.map((headers) => getHeader(headers, "Origin")).find((value) => value !== null && value !== "null" && !value.includes(","));
  if (sent !== undefined && sent !== null) {
    return { origin: sent, fact: { fact: "initiator", value: sent, evidence: "The requesting page's origin is the Origin header the browser sent (a HAR does not name the page that made a request)." } };
  }
  const first = ending.hops[0]!;
  if (first.refererOrigin !== undefined) {
    return {
      origin: first.refererOrigin,
      fact: { fact: "initiator", value: first.refererOrigin, evidence: "No Origin header was recorded; the requesting page's origin is taken from the Referer header." },
    };
  }
  const pageUrl = first.pageref === undefined ? undefined : pages.get(first.pageref);
  const pageOrigin = pageUrl === undefined ? undefined : originOfUrl(pageUrl);
  if (pageOrigin === undefined) return undefined;
  return {
    origin: pageOrigin,
    fact: { fact: "initiator", value: pageOrigin, evidence: "No Origin or Referer header was recorded; the requesting page's origin is taken from the URL of the page the file recorded (log.pages), which may be a frame's parent." },
  };
}

const CHROME_TYPES: Readonly<Record<string, string>> = {
  fetch: "xmlhttprequest",
  xhr: "xmlhttprequest",
  eventsource: "xmlhttprequest",
  document: "main_frame",
  script: "script",
  stylesheet: "stylesheet",
  image: "image",
  font: "font",
  media: "media",
  ping: "ping",
  websocket: "websocket",
  "csp-violation-report": "csp_report",
};

const FETCH_DESTINATIONS: Readonly<Record<string, string>> = {
  empty: "xmlhttprequest",
  script: "script",
  style: "stylesheet",
  image: "image",
  font: "font",
  audio: "media",
  video: "media",
  track: "media",
  document: "main_frame",
  iframe: "sub_frame",
  frame: "sub_frame",
  report: "csp_report",
};

/** webRequest's resource type: Chrome's `_resourceType`, else the Sec-Fetch-Dest the browser sent. */
function resourceTypeOf(hops: readonly EntryView[], flavor: HarFlavor): string {
  const chrome = hops[0]!.resourceType;
  if (flavor === "chromium" && chrome !== undefined) return CHROME_TYPES[chrome] ?? "other";
  const destination = hops.map((hop) => getHeader(hop.requestHeaders, "Sec-Fetch-Dest")).find((value) => value !== null);
  if (destination !== undefined && destination !== null) return FETCH_DESTINATIONS[destination.trim().toLowerCase()] ?? "other";
  return chrome !== undefined ? (CHROME_TYPES[chrome] ?? "other") : "other";
}

function responseOf(entry: EntryView): ObservedResponse {
  return {
    url: entry.url,
    status: entry.status,
    ...(entry.statusText !== "" ? { statusLine: `${entry.status} ${entry.statusText}` } : {}),
    headers: entry.responseHeaders,
    ...(entry.fromCache ? { fromCache: true } : {}),
    ...(entry.ip !== undefined ? { ip: entry.ip } : {}),
  };
}

function preflightOf(entry: EntryView): ObservedPreflight {
  const answered = entry.status !== 0 || entry.responseHeaders.length > 0;
  return {
    url: entry.url,
    requestHeaders: entry.requestHeaders,
    ...(answered ? { response: responseOf(entry) } : {}),
    ...(entry.error !== undefined ? { error: entry.error } : {}),
  };
}

function redirectOf(hop: EntryView, preflightAfter: EntryView | undefined): ObservedRedirect {
  return {
    ...responseOf(hop),
    location: getHeader(hop.responseHeaders, "Location") ?? redactUrl(hop.rawRedirect),
    requestHeaders: hop.requestHeaders,
    ...(preflightAfter ? { preflightAfter: preflightOf(preflightAfter) } : {}),
  };
}

function redactedOf(ending: Ending): string[] {
  const names = new Set<string>();
  for (const entry of [...ending.hops, ...ending.preflights]) for (const name of entry?.redacted ?? []) names.add(name);
  return [...names];
}
