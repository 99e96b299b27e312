// A stream of webRequest events with the shapes Chromium 156 sends (see src/background/capture.ts
// for the facts), in a mix like a developer's tab: mostly same-origin and allowed, some blocked,
// preflights, redirects, and now and then a navigation.
import type { CompletedDetails, ErrorDetails, HeadersReceivedDetails, SendHeadersDetails, RawHeader } from "../src/background/webrequest-types";

export type BenchEvent =
  | { readonly kind: "send"; readonly details: SendHeadersDetails }
  | { readonly kind: "headers"; readonly details: HeadersReceivedDetails }
  | { readonly kind: "completed"; readonly details: CompletedDetails }
  | { readonly kind: "error"; readonly details: ErrorDetails };

export interface MixOptions {
  /** Tabs the requests are spread over. */
  readonly tabs: number;
  /** One navigation of a tab in this many requests (0: never, so the store fills to its caps). */
  readonly navigateEvery: number;
  /** Stops after this many requests (navigations count as requests). */
  readonly maxRequests?: number;
  /**
   * The redirect mix (REDIRECT_MIX): same-origin requests that redirect within the page's origin
   * (never kept), or to another origin (kept from that hop, allowed or refused), and a cross-origin
   * redirect that taints the origin. Off: the default mix, whose stream is unchanged.
   */
  readonly redirects?: boolean;
}

const PAGE = "https://app.example.test";
const API = "https://api.example.test";
const CDN = "https://cdn.example.net";

const browserRequestHeaders = (extra: Record<string, string>): RawHeader[] => [
  { name: "sec-ch-ua", value: '"Chromium";v="156", "Not)A;Brand";v="24"' },
  { name: "sec-ch-ua-mobile", value: "?0" },
  { name: "User-Agent", value: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" },
  { name: "sec-ch-ua-platform", value: '"Linux"' },
  { name: "Accept", value: "application/json, text/plain, */*" },
  { name: "Sec-Fetch-Site", value: "same-site" },
  { name: "Sec-Fetch-Dest", value: "empty" },
  { name: "Referer", value: `${PAGE}/dashboard` },
  { name: "Accept-Encoding", value: "gzip, deflate, br, zstd" },
  { name: "Accept-Language", value: "en-GB,en;q=0.9" },
  ...Object.entries(extra).map(([name, value]) => ({ name, value })),
];

const serverResponseHeaders = (extra: Record<string, string>): RawHeader[] => [
  { name: "date", value: "Wed, 25 Nov 2026 22:00:00 GMT" },
  { name: "content-type", value: "application/json; charset=utf-8" },
  { name: "content-length", value: "1532" },
  { name: "cache-control", value: "no-cache" },
  { name: "etag", value: 'W/"5fc-Yx0m2g7ZnG3"' },
  { name: "vary", value: "Origin, Accept-Encoding" },
  { name: "x-request-id", value: "9f1c2e6a-8d0b-4c7a-b1f0-2a9e3c4d5e6f" },
  ...Object.entries(extra).map(([name, value]) => ({ name, value })),
];

type Kind =
  | "same-origin"
  | "cross-allowed"
  | "cross-no-cors"
  | "preflight-allowed"
  | "blocked"
  | "preflight-blocked"
  | "redirect"
  | "same-origin-redirect"
  | "same-to-cross"
  | "same-to-cross-refused"
  | "cross-redirect-tainted";

/** Out of 100 requests. */
const MIX: readonly (readonly [Kind, number])[] = [
  ["same-origin", 55],
  ["cross-no-cors", 10],
  ["cross-allowed", 20],
  ["preflight-allowed", 6],
  ["blocked", 4],
  ["preflight-blocked", 2],
  ["redirect", 3],
];
/** Out of 100 requests: the default mix with 10 of its same-origin and 2 of its allowed requests redirected. */
const REDIRECT_MIX: readonly (readonly [Kind, number])[] = [
  ["same-origin", 45],
  ["same-origin-redirect", 5],
  ["same-to-cross", 3],
  ["same-to-cross-refused", 2],
  ["cross-no-cors", 10],
  ["cross-allowed", 18],
  ["preflight-allowed", 6],
  ["blocked", 4],
  ["preflight-blocked", 2],
  ["redirect", 3],
  ["cross-redirect-tainted", 2],
];
const kinds = (mix: readonly (readonly [Kind, number])[]): Kind[] => mix.flatMap(([kind, weight]) => Array<Kind>(weight).fill(kind));
const KINDS = kinds(MIX);
const REDIRECT_KINDS = kinds(REDIRECT_MIX);

/** Deterministic, so every run replays the same stream. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields events until `count` have been produced (the last request may be cut short). */
export function* eventStream(count: number, options: MixOptions, seed = 7): Generator<BenchEvent> {
  const next = random(seed);
  let produced = 0;
  let clock = 1_700_000_000_000;
  let id = 1;
  let request = 0;
  const emit = function* (events: BenchEvent[]): Generator<BenchEvent> {
    for (const event of events) {
      if (produced >= count) return;
      produced++;
      yield event;
    }
  };
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  while (produced < count && request < maxRequests) {
    request++;
    const tabId = 1 + Math.floor(next() * options.tabs);
    const base = (url: string, method: string, type = "xmlhttprequest") => ({
      requestId: String(id),
      url,
      method,
      type,
      tabId,
      frameId: 0,
      timeStamp: (clock += 1 + next() * 3),
      initiator: PAGE,
      documentUrl: `${PAGE}/dashboard`,
    });
    if (options.navigateEvery > 0 && request % options.navigateEvery === 0) {
      const url = `${PAGE}/dashboard?visit=${request}`;
      yield* emit([
        { kind: "send", details: { ...base(url, "GET", "main_frame"), initiator: undefined, requestHeaders: browserRequestHeaders({}) } },
        { kind: "headers", details: { ...base(url, "GET", "main_frame"), initiator: undefined, statusCode: 200, responseHeaders: serverResponseHeaders({}) } },
        { kind: "completed", details: { ...base(url, "GET", "main_frame"), initiator: undefined, statusCode: 200 } },
      ]);
      id++;
      continue;
    }
    const drawn = options.redirects ? REDIRECT_KINDS : KINDS;
    const kind = drawn[Math.floor(next() * drawn.length)]!;
    const n = Math.floor(next() * 5000);
    const cors = { Origin: PAGE, "Sec-Fetch-Mode": "cors" };
    const sameOrigin = { "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin" };
    const acao = { "access-control-allow-origin": PAGE, "access-control-allow-credentials": "true" };
    switch (kind) {
      case "same-origin": {
        const url = `${PAGE}/api/items/${n}`;
        yield* emit([
          { kind: "send", details: { ...base(url, "GET"), requestHeaders: browserRequestHeaders({ "Sec-Fetch-Mode": "cors" }) } },
          { kind: "headers", details: { ...base(url, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders({}) } },
          { kind: "completed", details: { ...base(url, "GET"), statusCode: 200, ip: "10.0.0.2" } },
        ]);
        break;
      }
      case "cross-no-cors": {
        const url = `${CDN}/img/${n}.png`;
        yield* emit([
          { kind: "send", details: { ...base(url, "GET", "image"), requestHeaders: browserRequestHeaders({ "Sec-Fetch-Mode": "no-cors" }) } },
          { kind: "headers", details: { ...base(url, "GET", "image"), statusCode: 200, responseHeaders: serverResponseHeaders({}) } },
          { kind: "completed", details: { ...base(url, "GET", "image"), statusCode: 200, ip: "10.0.0.3" } },
        ]);
        break;
      }
      case "cross-allowed":
      case "blocked": {
        const url = `${API}/v1/items/${n}?fields=name,price`;
        yield* emit([
          { kind: "send", details: { ...base(url, "GET"), requestHeaders: browserRequestHeaders(cors) } },
          { kind: "headers", details: { ...base(url, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders(kind === "blocked" ? {} : acao) } },
          kind === "blocked"
            ? { kind: "error", details: { ...base(url, "GET"), error: "net::ERR_FAILED" } }
            : { kind: "completed", details: { ...base(url, "GET"), statusCode: 200, ip: "10.0.0.4" } },
        ]);
        break;
      }
      case "preflight-allowed":
      case "preflight-blocked": {
        const url = `${API}/v1/items/${n}`;
        const preflightId = String(id);
        const actualId = String(++id);
        const preflightHeaders = browserRequestHeaders({
          Origin: PAGE,
          "Sec-Fetch-Mode": "cors",
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "authorization,content-type",
        });
        const pre = { ...base(url, "OPTIONS"), requestId: preflightId };
        const actual = { ...base(url, "PUT"), requestId: actualId };
        const allowed = kind === "preflight-allowed";
        const preflightResponse = allowed
          ? { ...acao, "access-control-allow-methods": "GET, PUT, POST, DELETE", "access-control-allow-headers": "authorization, content-type", "access-control-max-age": "600" }
          : { ...acao };
        yield* emit([
          { kind: "send", details: { ...pre, requestHeaders: preflightHeaders } },
          { kind: "headers", details: { ...pre, statusCode: 204, responseHeaders: serverResponseHeaders(preflightResponse) } },
          { kind: "completed", details: { ...pre, statusCode: 204 } },
          ...(allowed
            ? ([
                { kind: "send", details: { ...actual, requestHeaders: browserRequestHeaders({ ...cors, Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x", "Content-Type": "application/json" }) } },
                { kind: "headers", details: { ...actual, statusCode: 200, responseHeaders: serverResponseHeaders(acao) } },
                { kind: "completed", details: { ...actual, statusCode: 200 } },
              ] satisfies BenchEvent[])
            : ([{ kind: "error", details: { ...actual, error: "net::ERR_FAILED" } }] satisfies BenchEvent[])),
        ]);
        break;
      }
      case "same-origin-redirect": {
        // Never leaves the page's origin: dropped at every event, the 3xx from its relative Location alone.
        const first = `${PAGE}/api/old/${n}`;
        const second = `${PAGE}/api/items/${n}`;
        yield* emit([
          { kind: "send", details: { ...base(first, "GET"), requestHeaders: browserRequestHeaders(sameOrigin) } },
          { kind: "headers", details: { ...base(first, "GET"), statusCode: 301, responseHeaders: serverResponseHeaders({ location: `/api/items/${n}` }) } },
          { kind: "send", details: { ...base(second, "GET"), requestHeaders: browserRequestHeaders(sameOrigin) } },
          { kind: "headers", details: { ...base(second, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders({}) } },
          { kind: "completed", details: { ...base(second, "GET"), statusCode: 200 } },
        ]);
        break;
      }
      case "same-to-cross":
      case "same-to-cross-refused": {
        // fetch('/api/…') answered with a redirect to the API host (allowed) or to a login page (no CORS headers).
        const refused = kind === "same-to-cross-refused";
        const first = `${PAGE}/api/me/${n}`;
        const second = refused ? `${CDN}/login?next=%2Fapi%2Fme` : `${API}/v1/me/${n}`;
        yield* emit([
          { kind: "send", details: { ...base(first, "GET"), requestHeaders: browserRequestHeaders(sameOrigin) } },
          { kind: "headers", details: { ...base(first, "GET"), statusCode: 302, responseHeaders: serverResponseHeaders({ location: second }) } },
          { kind: "send", details: { ...base(second, "GET"), requestHeaders: browserRequestHeaders(cors) } },
          { kind: "headers", details: { ...base(second, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders(refused ? {} : acao) } },
          refused
            ? { kind: "error", details: { ...base(second, "GET"), error: "net::ERR_FAILED" } }
            : { kind: "completed", details: { ...base(second, "GET"), statusCode: 200 } },
        ]);
        break;
      }
      case "cross-redirect-tainted": {
        // API → CDN: the browser sends Origin: null from the second hop; the CDN answers *.
        const first = `${API}/v1/files/${n}`;
        const second = `${CDN}/files/${n}`;
        yield* emit([
          { kind: "send", details: { ...base(first, "GET"), requestHeaders: browserRequestHeaders(cors) } },
          { kind: "headers", details: { ...base(first, "GET"), statusCode: 302, responseHeaders: serverResponseHeaders({ "access-control-allow-origin": PAGE, location: second }) } },
          { kind: "send", details: { ...base(second, "GET"), requestHeaders: browserRequestHeaders({ Origin: "null", "Sec-Fetch-Mode": "cors" }) } },
          { kind: "headers", details: { ...base(second, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders({ "access-control-allow-origin": "*" }) } },
          { kind: "completed", details: { ...base(second, "GET"), statusCode: 200 } },
        ]);
        break;
      }
      case "redirect": {
        const first = `${API}/v1/legacy/${n}`;
        const second = `${API}/v2/items/${n}`;
        yield* emit([
          { kind: "send", details: { ...base(first, "GET"), requestHeaders: browserRequestHeaders(cors) } },
          { kind: "headers", details: { ...base(first, "GET"), statusCode: 301, responseHeaders: serverResponseHeaders({ ...acao, location: second }) } },
          { kind: "send", details: { ...base(second, "GET"), requestHeaders: browserRequestHeaders(cors) } },
          { kind: "headers", details: { ...base(second, "GET"), statusCode: 200, responseHeaders: serverResponseHeaders(acao) } },
          { kind: "completed", details: { ...base(second, "GET"), statusCode: 200 } },
        ]);
        break;
      }
    }
    id++;
  }
}
