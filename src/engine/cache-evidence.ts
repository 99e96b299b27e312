// Whether a response came out of a cache instead of from the server asked now, decided from what
// is observable: CDN and proxy hit headers, `Age`, a `Date` much older than the request (only
// when the same server's fresh responses show its clock is right), and the observer's memory of
// an earlier response to the same URL (ObservedExchange.earlier). Chromium's HTTP cache key holds
// neither the request mode nor the Origin (CORS-FACTS §6), so a response stored for a no-cors
// load or for another origin of the same site is handed to the next CORS request unless the
// server sent `Vary: Origin`; webRequest shows that stored response as if the server had sent it
// (same `Date`, `fromCache: false`), without its hop-by-hop headers.
import { getHeader, splitList } from "./headers";
import type { Case } from "./inference";
import type { Diagnosis, EarlierResponse, HeaderField, HeaderList, InferredFact, ObservedExchange } from "./types";

/** Which cache served it: the browser's own, a shared one on the way (CDN, proxy), or one of them. */
export type CacheLayer = "browser" | "shared" | "either";

export interface CacheFinding {
  readonly layer: CacheLayer;
  /** The observations that decided it, one sentence each. */
  readonly evidence: readonly string[];
  /** The same, in a few words each, for the explanation. */
  readonly clues: readonly string[];
  /** The earlier response it is, when the observer saw it. */
  readonly earlier?: EarlierResponse;
}

/** A Date this much older than the server's clock says is a stored response, not a slow one. */
const STALE_DATE_MS = 60_000;
/** Two sightings this far apart cannot carry the same Date (whole seconds) if both came fresh. */
const SAME_DATE_GAP_MS = 2_000;

const HIT = /^\s*(hit|stale|revalidated|updating)\b/i;
/** CDN and proxy headers that name a cache hit, and how each says it. */
const HIT_HEADERS: readonly (readonly [name: string, test: (value: string) => boolean])[] = [
  // CloudFront "Hit from cloudfront", Fastly "HIT" or "MISS, HIT" (one per node in X-Served-By), Varnish, Squid "HIT from …".
  ["X-Cache", (value) => /\bhit\b/i.test(value)],
  ["CF-Cache-Status", (value) => HIT.test(value)],
  // nginx's $upstream_cache_status, as most setups name it.
  ["X-Cache-Status", (value) => HIT.test(value)],
];

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding"];

/** True when the headers carry a hop-by-hop field, which a cache drops when it stores a response. */
export function hasHopByHop(headers: HeaderList): boolean {
  return headers.some((header) => HOP_BY_HOP.includes(header.name.toLowerCase()));
}

/** True when Vary names Origin (or is *): a cache keeps one answer per Origin. */
export function variesOnOrigin(headers: HeaderList): boolean {
  const vary = headers.filter((header) => header.name.toLowerCase() === "vary").flatMap((header) => splitList(header.value));
  return vary.some((name) => name === "*" || name.toLowerCase() === "origin");
}

/**
 * Whether a cache may store the response and answer later requests with it: anything but
 * `no-store`, with a lifetime (max-age, s-maxage, Expires), a validator a cache revalidates with
 * (ETag, Last-Modified: the stored headers come back with a 304), or `public`.
 */
export function storable(headers: HeaderList): boolean {
  const cacheControl = (getHeader(headers, "Cache-Control") ?? "").toLowerCase();
  if (/(^|[\s,])no-store\b/.test(cacheControl)) return false;
  if (/(^|[\s,])(s-maxage|max-age)\s*=\s*"?[1-9]/.test(cacheControl) || /(^|[\s,])(public|immutable|no-cache)\b/.test(cacheControl)) return true;
  return getHeader(headers, "Expires") !== null || getHeader(headers, "ETag") !== null || getHeader(headers, "Last-Modified") !== null;
}

/** The header that makes it storable, for an advisory. */
export function cachingOf(headers: HeaderList): string {
  const cacheControl = getHeader(headers, "Cache-Control");
  return cacheControl !== null ? `Cache-Control: ${cacheControl.slice(0, 60)}` : "a validator or Expires";
}

function hitHeaders(headers: HeaderList): string[] {
  const found: string[] = [];
  for (const [name, test] of HIT_HEADERS) {
    const value = getHeader(headers, name);
    if (value !== null && test(value)) found.push(`${name}: ${value.slice(0, 80)}`);
  }
  const servedBy = getHeader(headers, "X-Served-By");
  if (found.length > 0 && servedBy !== null) found.push(`X-Served-By: ${servedBy.slice(0, 80)} (Fastly's cache nodes)`);
  return found;
}

function ageSeconds(headers: HeaderList): number | null {
  const value = getHeader(headers, "Age");
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  const age = Number(value);
  return age > 0 ? age : null;
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function describeEarlier(earlier: EarlierResponse): string {
  const who = earlier.requestOrigin === null ? "a no-cors load without Origin (an <img>, <script> or no-cors fetch)" : `a request from ${earlier.requestOrigin}`;
  return `${who}, seen at ${clock(earlier.seenAt)}`;
}

/** The earlier response is the one handed back now: same Date, same ACAO, and no fresh answer could explain it. */
function sameStoredResponse(exchange: ObservedExchange, headers: HeaderList, date: string | null): string | null {
  const earlier = exchange.earlier;
  if (!earlier || date === null || earlier.date !== date) return null;
  if (exchange.startedAt !== undefined && earlier.seenAt > exchange.startedAt) return null;
  if ((getHeader(headers, "Access-Control-Allow-Origin") ?? null) !== earlier.allowOrigin) return null;
  const dropped = earlier.hopByHop && !hasHopByHop(headers);
  const gap = exchange.startedAt === undefined ? 0 : exchange.startedAt - earlier.seenAt;
  if (!dropped && gap < SAME_DATE_GAP_MS) return null;
  const why = dropped
    ? "without the hop-by-hop headers (Connection, Transfer-Encoding) it came with, which a cache drops"
    : `${Math.round(gap / 1000)} s later, when a fresh answer would carry a later Date`;
  return `Same Date (${date}) and Access-Control-Allow-Origin as the answer to ${describeEarlier(earlier)}, ${why}.`;
}

function staleDate(exchange: ObservedExchange, date: string | null): { readonly text: string; readonly decides: boolean } | null {
  if (date === null || exchange.startedAt === undefined) return null;
  const sent = Date.parse(date);
  if (Number.isNaN(sent)) return null;
  const skew = exchange.serverDateSkew;
  const age = exchange.startedAt + (skew ?? 0) - sent;
  if (age < STALE_DATE_MS) return null;
  const minutes = age >= 120_000 ? `${Math.round(age / 60_000)} min` : `${Math.round(age / 1000)} s`;
  return skew === undefined
    ? { text: `Its Date (${date}) is ${minutes} older than the request (the server's clock is unchecked).`, decides: false }
    : { text: `Its Date (${date}) is ${minutes} older than the request; the same server's fresh answers carry its current time.`, decides: true };
}

/** The cache evidence on the exchange's final response, or null when nothing says it was stored. */
export function cacheFinding(exchange: ObservedExchange): CacheFinding | null {
  const response = exchange.response;
  if (!response || exchange.redirects.length > 0 || response.status === 304) return null;
  const headers = response.headers;
  const date = getHeader(headers, "Date");
  const hits = hitHeaders(headers);
  const age = ageSeconds(headers);
  const memory = sameStoredResponse(exchange, headers, date);
  const stale = staleDate(exchange, date);
  const shared = hits.length > 0 || age !== null;
  if (!shared && memory === null && !stale?.decides) return null;
  const evidence: string[] = [];
  if (hits.length > 0) evidence.push(`A CDN or proxy says it answered from its cache: ${hits.join("; ")}.`);
  if (age !== null) evidence.push(`Age: ${age} (s in a shared cache).`);
  if (memory !== null) evidence.push(memory);
  if (stale) evidence.push(stale.text);
  const browser = memory !== null && exchange.earlier?.hopByHop === true && !hasHopByHop(headers);
  const layer: CacheLayer = shared ? "shared" : browser ? "browser" : "either";
  const clues = [...hits.slice(0, 2), ...(age !== null ? [`Age: ${age}`] : []), ...(memory !== null ? [`the Date of an earlier answer${browser ? ", without its hop-by-hop headers" : ""}`] : []), ...(stale ? ["an old Date"] : [])];
  return { layer, evidence, clues, ...(memory !== null && exchange.earlier ? { earlier: exchange.earlier } : {}) };
}

/** Failures a stored response made for another request explains: its ACAO is absent or names another origin. */
const CACHE_EXPLAINS = new Set(["MissingAllowOriginHeader", "AllowOriginMismatch"]);

const WHO_MUST_KEY: Readonly<Record<CacheLayer, string>> = {
  browser: "",
  shared: " The CDN or proxy must key its cache on the Origin too (CloudFront: cache policy; Cloudflare: cache rule; nginx: $http_origin in proxy_cache_key).",
  either: " A CDN or proxy that caches it must key on the Origin too.",
};

/**
 * A refusal that a stored response explains, said first: which cache, its evidence, why the
 * stored answer does not fit this origin, and that the server must send Vary: Origin. Chromium's
 * code stays as it is; the finding is an inferred fact with its evidence.
 */
export function explainCache(c: Case, diagnosis: Diagnosis, origin: string): Diagnosis {
  if (diagnosis.verdict !== "blocked" || diagnosis.stage !== "response" || !CACHE_EXPLAINS.has(diagnosis.code ?? "")) return diagnosis;
  const finding = cacheFinding(c.exchange) ?? storedAnswerFinding(c);
  if (!finding || (finding.earlier && !madeForAnother(finding.earlier, origin))) return diagnosis;
  const headers = c.exchange.response?.headers ?? [];
  const allowOrigin = getHeader(headers, "Access-Control-Allow-Origin");
  // First among the facts the engine inferred (after the observer's own, which come first).
  c.inferred.splice(c.exchange.observerFacts?.length ?? 0, 0, { fact: "served-from-cache", value: LAYER_NAME[finding.layer], evidence: finding.evidence.join(" ") });
  const madeFor = finding.earlier ? ` It was stored for ${describeEarlier(finding.earlier)}.` : "";
  const carried = allowOrigin === null ? "carries no Access-Control-Allow-Origin" : `carries Access-Control-Allow-Origin: ${allowOrigin}, made for another origin`;
  const vary = variesOnOrigin(headers) ? "" : " and no Vary: Origin";
  const lead = `Served from ${LAYER_NAME[finding.layer]} (${finding.clues.join("; ")}), not by the server for this request.${madeFor} The stored response ${carried}${vary}, so it cannot be reused for ${origin}; asked now, the server might allow it (hence "works with Disable cache").`;
  const fix = `Send Vary: Origin on every response whose CORS headers depend on the Origin, also on answers without Origin and on errors.${WHO_MUST_KEY[finding.layer]}`;
  c.advisories.push({ id: "served-from-cache", message: fix });
  return {
    ...diagnosis,
    title: `${diagnosis.title} (served from cache)`,
    explanation: `${lead} ${diagnosis.explanation}`,
    inferred: c.inferred,
    advisories: c.advisories,
    genericFix: `${fix} ${diagnosis.genericFix ?? ""}`.trim(),
  };
}

/** A request judged as the earlier answer to its URL (asStoredAnswer): that answer, from the browser's HTTP cache. */
function storedAnswerFinding(c: Case): CacheFinding | null {
  const earlier = c.exchange.earlier;
  if (!earlier || !c.inferred.some((fact) => fact.fact === "stored-answer")) return null;
  return {
    layer: "browser",
    evidence: [`The earlier answer to the same URL, to ${describeEarlier(earlier)}, could be stored and handed to any origin (${storedBecause(earlier)}, no Vary: Origin), and this request was refused without being sent.`],
    clues: ["the earlier answer to this URL; the request itself was never sent"],
    earlier,
  };
}

function storedBecause(earlier: EarlierResponse): string {
  return earlier.cacheControl !== "" ? `Cache-Control: ${earlier.cacheControl.slice(0, 60)}` : "a validator or Expires";
}

/**
 * The stored answer explains the refusal only when another requester stored it and the server
 * shaped it for that one (no ACAO without an Origin, or that Origin echoed); an answer stored for
 * this very origin, or a fixed wrong ACAO, is the server's doing, cache or not.
 */
function madeForAnother(earlier: EarlierResponse, origin: string): boolean {
  if (earlier.requestOrigin === origin) return false;
  return earlier.allowOrigin === null || earlier.allowOrigin === earlier.requestOrigin;
}

const LAYER_NAME: Readonly<Record<CacheLayer, string>> = {
  browser: "the browser's HTTP cache",
  shared: "a shared cache (a CDN or proxy) in front of the server",
  either: "a cache (the browser's, or a CDN or proxy in front of the server)",
};

export function layerName(layer: CacheLayer): string {
  return LAYER_NAME[layer];
}

/** One earlier answer as a reader of a whole file (a HAR) sees it. */
export interface SeenAnswer {
  /** When its headers arrived (ms since 1970). */
  readonly seenAt: number;
  readonly status: number;
  readonly resourceType: string;
  readonly requestHeaders: HeaderList;
  readonly responseHeaders: HeaderList;
}

/**
 * The evidence an earlier answer to the same URL gives (ObservedExchange.earlier), or null when a
 * cache could not hand it to another origin (not a storable GET 200, or it varies on Origin): the
 * rule the extension's memory applies, for readers that know earlier entries (the HAR reader).
 */
export function earlierResponseOf(answer: SeenAnswer): EarlierResponse | null {
  const headers = answer.responseHeaders;
  if (answer.status !== 200 || variesOnOrigin(headers) || !storable(headers)) return null;
  return {
    seenAt: answer.seenAt,
    status: answer.status,
    requestOrigin: getHeader(answer.requestHeaders, "Origin"),
    allowOrigin: getHeader(headers, "Access-Control-Allow-Origin"),
    date: getHeader(headers, "Date"),
    cacheControl: (getHeader(headers, "Cache-Control") ?? "").slice(0, 200),
    hopByHop: hasHopByHop(headers),
    resourceType: answer.resourceType,
  };
}

/** One answer's `Date − arrival` (+1 s for Date's whole seconds); ObservedExchange.serverDateSkew is the largest over a server's answers. */
export function dateSkewOf(answer: Pick<SeenAnswer, "seenAt" | "responseHeaders">): number | null {
  const sent = Date.parse(getHeader(answer.responseHeaders, "Date") ?? "");
  return Number.isNaN(sent) ? null : sent + 1_000 - answer.seenAt;
}

/**
 * A CORS GET refused on a response reused from the HTTP cache, as Chrome's HAR (and DevTools' live
 * log) writes it: status 0, no response, only provisional request headers, net::ERR_FAILED, no
 * preflight, no redirect. With the earlier answer to the same URL (storable, no Vary: Origin, made
 * for another requester: ObservedExchange.earlier, which webRequest observers attach only to an
 * exchange that has a response) that answer is what the browser judged: the request is judged as
 * that stored response, with the Origin the page sends, and the inference recorded with its evidence.
 * Undefined for anything else.
 */
export function asStoredAnswer(exchange: ObservedExchange): { exchange: ObservedExchange; fact: InferredFact } | undefined {
  const { earlier, initiator } = exchange;
  if (!earlier || exchange.response || exchange.requestHeadersSent || exchange.error !== "net::ERR_FAILED") return undefined;
  if (exchange.preflight || exchange.redirects.length > 0 || exchange.method.toUpperCase() !== "GET" || exchange.resourceType !== "xmlhttprequest") return undefined;
  if (initiator === undefined || initiator === "" || earlier.status !== 200 || !madeForAnother(earlier, initiator)) return undefined;
  if (exchange.startedAt === undefined || earlier.seenAt > exchange.startedAt) return undefined;
  if (exchange.requestHeaders.some((header) => ["origin", "sec-fetch-mode"].includes(header.name.toLowerCase()))) return undefined;
  const headers: HeaderField[] = [
    ...(earlier.allowOrigin !== null ? [{ name: "Access-Control-Allow-Origin", value: earlier.allowOrigin }] : []),
    ...(earlier.cacheControl !== "" ? [{ name: "Cache-Control", value: earlier.cacheControl }] : []),
    ...(earlier.date !== null ? [{ name: "Date", value: earlier.date }] : []),
  ];
  const acao = earlier.allowOrigin === null ? "no Access-Control-Allow-Origin" : `Access-Control-Allow-Origin: ${earlier.allowOrigin}`;
  return {
    exchange: {
      ...exchange,
      requestHeaders: [...exchange.requestHeaders, { name: "Origin", value: initiator }],
      requestHeadersSent: true,
      response: { url: exchange.url, status: earlier.status, headers },
    },
    fact: {
      fact: "stored-answer",
      value: "the earlier answer to this URL, from the HTTP cache",
      evidence: `The request failed with net::ERR_FAILED without being sent (status 0, no preflight, no response headers recorded), which is how Chrome records a CORS GET refused on an answer reused from its HTTP cache. The earlier answer to the same URL (${storedBecause(earlier)}, no Vary: Origin) carried ${acao}: it is judged as the answer, with the Origin ${initiator} this page sends.`,
    },
  };
}
