// Cache cases: a response a cache stored for one request and handed to the next, because the
// server sent Access-Control-Allow-Origin only for the Origin it was asked with and no
// `Vary: Origin`. Chromium's HTTP cache key holds neither the request mode nor the Origin, only
// the top-level site (CORS-FACTS §6), so a no-cors load of the URL, or a CORS fetch from another
// origin of the same site, fills it; controls send `Vary: Origin`. Each case loads its URL twice
// (the priming load and the case's request), so the server sees one GET when the cache answered.
import type { HeaderLine, LabCase, ServeContext, ServedResponse } from "./types";

const ACAO = "Access-Control-Allow-Origin";
const STORED_FOR_TEN_MINUTES = "max-age=600";
const GIF_1X1 = Uint8Array.from(Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"));

/** Like many servers: ACAO only when the request carries an Origin (echoing it), cacheable, `vary` or not. */
const echoWhenAsked =
  (vary: boolean, body: "text" | "image" = "text") =>
  (context: ServeContext): ServedResponse => {
    const headers: HeaderLine[] = [
      ...(context.requestOrigin !== undefined ? ([[ACAO, context.requestOrigin]] as const) : []),
      ...(vary ? ([["Vary", "Origin"]] as const) : []),
    ];
    return body === "image"
      ? { status: 200, headers, body: GIF_1X1, contentType: "image/gif", cacheControl: STORED_FOR_TEN_MINUTES }
      : { status: 200, headers, body: "ok", cacheControl: STORED_FOR_TEN_MINUTES };
  };

export const CACHE_CASES: readonly LabCase[] = [
  {
    id: "cache-img-then-fetch",
    title: "An <img> stored the answer without ACAO; fetch() of the same URL gets it from the cache",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", prime: "img-no-cors" },
    server: { description: "ACAO only when Origin is sent, Cache-Control: max-age=600, no Vary: Origin", response: echoWhenAsked(false, "image") },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
    note: "The server is asked once: the fetch gets the image's stored answer (webRequest shows its headers and Date, without the hop-by-hop ones, then net::ERR_FAILED, fromCache false).",
  },
  {
    id: "cache-no-cors-fetch-then-fetch",
    title: "A no-cors fetch stored the answer without ACAO; a CORS fetch gets it from the cache",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", prime: "fetch-no-cors" },
    server: { description: "ACAO only when Origin is sent, Cache-Control: max-age=600, no Vary: Origin", response: echoWhenAsked(false) },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "cache-other-origin-of-site",
    title: "Another origin of the site stored its allowed answer; the page's fetch gets that origin's ACAO",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", prime: "frame-fetch" },
    server: { description: "echoes the Origin in ACAO, Cache-Control: max-age=600, no Vary: Origin", response: echoWhenAsked(false) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: (origins) => origins.apiA },
    note: "The frame on API A's origin (localhost, another port: the same site) and the page share the cache partition of their top-level site.",
  },
  {
    id: "cache-cdn-hit-no-acao",
    title: "A CDN answers from its cache (Age, X-Cache: Hit) a copy stored without ACAO",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA" },
    server: {
      description: "Age: 86, X-Cache: Hit from cloudfront, no ACAO (the copy a request without Origin left in the CDN)",
      response: () => ({ status: 200, headers: [["Age", "86"], ["X-Cache", "Hit from cloudfront"], ["Via", "1.1 lab.cloudfront.net (CloudFront)"]], body: "ok", cacheControl: STORED_FOR_TEN_MINUTES }),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "control-cache-img-vary-origin",
    title: "An <img> loaded the URL first, but the server sends Vary: Origin: fetch() is answered fresh",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiA", prime: "img-no-cors" },
    server: { description: "ACAO only when Origin is sent, cacheable, Vary: Origin", response: echoWhenAsked(true, "image") },
    expected: { blocked: false },
  },
  {
    id: "control-cache-other-origin-vary-origin",
    title: "Another origin of the site fetched the URL first, but with Vary: Origin: the page's fetch is answered fresh",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiB", prime: "frame-fetch" },
    server: { description: "echoes the Origin in ACAO, cacheable, Vary: Origin", response: echoWhenAsked(true) },
    expected: { blocked: false },
  },
  {
    id: "control-cdn-hit-vary-origin",
    title: "A CDN hit that was stored per Origin (ACAO for this origin, Vary: Origin)",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiA" },
    server: {
      description: "Age: 86, X-Cache: Hit from cloudfront, ACAO: <origin>, Vary: Origin",
      response: (context) => ({
        status: 200,
        headers: [[ACAO, context.requestOrigin ?? context.origins.pageOrigin], ["Vary", "Origin"], ["Age", "86"], ["X-Cache", "Hit from cloudfront"]],
        body: "ok",
        cacheControl: STORED_FOR_TEN_MINUTES,
      }),
    },
    expected: { blocked: false },
  },
];
