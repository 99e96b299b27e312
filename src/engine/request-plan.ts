// What Chromium sends for a page's fetch or XHR: the preflight exactly when the request is not
// simple, the request's own headers (Origin, Sec-Fetch-*, Accept, the user agent), and at each
// redirect the next hop (tainted origin → Origin: null, a new preflight after a cross-origin
// redirect, the method a 303 turns into GET). Pure: a model of Chromium 156 built on the engine's
// safelist (safelist.ts) and redirect model (redirects.ts); `cors-doctor probe` sends what it says.
import { isPotentiallyTrustworthy, originOf, parseUrl } from "./origin";
import { modelRedirects, type RedirectHopInput, type RedirectMode, type RedirectStep } from "./redirects";
import { isForbiddenRequestHeader, isSafelistedMethod, normalizeMethod, unsafeHeaderReasons } from "./safelist";
import type { CredentialsMode, HeaderField, HeaderList, PreflightReason } from "./types";

/** Chromium 156's user agent on Linux, as it sends it (no page can change it). */
export const CHROMIUM_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** What fetch adds as Content-Type for a string body the page gave no type (Fetch: extract a body). */
export const STRING_BODY_CONTENT_TYPE = "text/plain;charset=UTF-8";

/** A page's fetch or XHR, as the page writes it. */
export interface PageRequest {
  readonly url: string;
  /** The page's origin: what Chromium sends in Origin. */
  readonly pageOrigin: string;
  /** As the page wrote it; Chromium upper-cases only the six standard methods. Default GET. */
  readonly method?: string;
  /** The headers the page sets (fetch's `headers`, XHR's setRequestHeader). */
  readonly headers?: HeaderList;
  /** fetch's credentials mode (XHR: withCredentials true is "include"). Default "same-origin". */
  readonly credentials?: CredentialsMode;
  /** A string body, when the request has one. */
  readonly body?: string;
  readonly redirect?: RedirectMode;
  readonly userAgent?: string;
}

/** One request Chromium sends: a preflight or a hop of the request itself. */
export interface PlannedSend {
  readonly url: string;
  readonly method: string;
  /** Header lines in the order Chromium writes them (Host and Connection left to the HTTP client). */
  readonly headers: HeaderList;
  /** Cookies and HTTP authentication may go with it (credentials mode and URL allow them). */
  readonly credentials: boolean;
  readonly body: boolean;
}

/** One hop of the request: the preflight first, when Chromium sends one, then the request. */
export interface PlannedHop {
  readonly preflight: PlannedSend | null;
  readonly request: PlannedSend;
  /** The Origin the hop sends ("null" once tainted), or null when it sends none (same-origin GET). */
  readonly origin: string | null;
  /** The CORS check applies to this hop's answers. */
  readonly checked: boolean;
}

export interface RequestPlan {
  readonly url: string;
  readonly pageOrigin: string;
  /** Normalized as Chromium does. */
  readonly method: string;
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  /** The page's headers Chromium sends (a default Content-Type added for a string body). */
  readonly pageHeaders: HeaderList;
  /** Forbidden names the page tried to set: browsers drop them, so the plan does too. */
  readonly dropped: readonly string[];
  /** Lower-cased, sorted, without duplicates: what Access-Control-Request-Headers names. */
  readonly unsafeHeaders: readonly string[];
  readonly preflightReasons: readonly PreflightReason[];
  readonly userAgent: string;
  readonly first: PlannedHop;
}

/** Where the request goes after a redirect, or why it stops there. */
export interface NextHop {
  readonly step: RedirectStep;
  /** Absent when following stopped (redirect mode, the 20-hop limit, credentials in the Location). */
  readonly hop?: PlannedHop;
}

export type SiteRelation = "same-origin" | "same-site" | "cross-site";

/**
 * The registrable domain, approximated without the public-suffix list: an IP address or a one-label
 * host is its own site; otherwise the last two labels ("api.example.com" → "example.com",
 * "app.localhost" → "app.localhost", as Chromium treats localhost as a suffix).
 */
function siteOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  const host = parsed.hostname.toLowerCase();
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[");
  const labels = host.split(".");
  const domain = isIp || labels.length <= 2 ? host : labels.slice(-2).join(".");
  return `${parsed.protocol}//${domain}`;
}

/** Fetch Metadata: Sec-Fetch-Site of a request whose URL list is `urls`, made by `pageOrigin`. */
export function siteRelation(pageOrigin: string, urls: readonly string[]): SiteRelation {
  let relation: SiteRelation = "same-origin";
  for (const url of urls) {
    if (originOf(url) === pageOrigin) continue;
    if (siteOf(url) !== siteOf(pageOrigin)) return "cross-site";
    relation = "same-site";
  }
  return relation;
}

/** Fetch: append a request Origin header; serialized, "null" once tainted. */
function originHeader(checked: boolean, method: string, origin: string): string | null {
  if (checked) return origin;
  return method === "GET" || method === "HEAD" ? null : origin;
}

function sendsCredentials(mode: CredentialsMode, url: string, pageOrigin: string, tainted: boolean): boolean {
  if (mode === "include") return true;
  return mode === "same-origin" && !tainted && originOf(url) === pageOrigin;
}

interface HopInput {
  readonly plan: Omit<RequestPlan, "first">;
  readonly url: string;
  readonly method: string;
  /** Every URL of the request so far, this one last (Sec-Fetch-Site looks at them all). */
  readonly urls: readonly string[];
  readonly origin: string;
  readonly checked: boolean;
  readonly tainted: boolean;
  readonly preflight: boolean;
  readonly pageHeaders: HeaderList;
  /** What Access-Control-Request-Headers names on this hop's preflight. */
  readonly unsafeHeaders: readonly string[];
  readonly body: boolean;
}

/** Sec-Fetch-Site/Mode/Dest: Chromium sends them to potentially trustworthy URLs only. */
function fetchMetadata(input: HopInput, withStorageAccess: boolean): HeaderField[] {
  const target = originOf(input.url);
  if (target === null || !isPotentiallyTrustworthy(target)) return [];
  const site = siteRelation(input.plan.pageOrigin, input.urls);
  return [
    { name: "Sec-Fetch-Site", value: site },
    { name: "Sec-Fetch-Mode", value: "cors" },
    { name: "Sec-Fetch-Dest", value: "empty" },
    // Observed in Chromium 156: on every cross-site request with credentials 'include', never on a preflight.
    ...(withStorageAccess && site === "cross-site" ? [{ name: "Sec-Fetch-Storage-Access", value: "none" }] : []),
  ];
}

function planHop(input: HopInput): PlannedHop {
  const { plan, url, method } = input;
  const origin = originHeader(input.checked, method, input.origin);
  const referer = { name: "Referer", value: `${plan.pageOrigin}/` };
  const userAgent = { name: "User-Agent", value: plan.userAgent };
  const preflight: PlannedSend | null = input.preflight
    ? {
        url,
        method: "OPTIONS",
        headers: [
          { name: "Accept", value: "*/*" },
          { name: "Access-Control-Request-Method", value: method },
          ...(input.unsafeHeaders.length > 0 ? [{ name: "Access-Control-Request-Headers", value: input.unsafeHeaders.join(",") }] : []),
          { name: "Origin", value: input.origin },
          userAgent,
          ...fetchMetadata(input, false),
          referer,
        ],
        credentials: false,
        body: false,
      }
    : null;
  const hasAccept = input.pageHeaders.some((header) => header.name.toLowerCase() === "accept");
  const credentials = sendsCredentials(plan.credentials, url, plan.pageOrigin, input.tainted);
  const request: PlannedSend = {
    url,
    method,
    headers: [
      ...input.pageHeaders,
      userAgent,
      ...(hasAccept ? [] : [{ name: "Accept", value: "*/*" }]),
      ...(origin !== null ? [{ name: "Origin", value: origin }] : []),
      ...fetchMetadata(input, plan.credentials === "include"),
      referer,
    ],
    credentials,
    body: input.body,
  };
  return { preflight, request, origin, checked: input.checked };
}

/** The page's headers as Chromium sends them: forbidden names dropped, a string body's default type added. */
function pageHeadersOf(request: PageRequest): { headers: HeaderField[]; dropped: string[] } {
  const headers: HeaderField[] = [];
  const dropped: string[] = [];
  for (const header of request.headers ?? []) {
    if (isForbiddenRequestHeader(header.name)) dropped.push(header.name.toLowerCase());
    else headers.push({ name: header.name, value: header.value });
  }
  if (request.body !== undefined && !headers.some((header) => header.name.toLowerCase() === "content-type")) {
    headers.push({ name: "Content-Type", value: STRING_BODY_CONTENT_TYPE });
  }
  return { headers, dropped };
}

/** What Chromium sends first for `request`: its preflight (when not simple) and the request. */
export function planRequest(request: PageRequest): RequestPlan {
  const method = normalizeMethod(request.method ?? "GET");
  const { headers, dropped } = pageHeadersOf(request);
  const reasons = unsafeHeaderReasons(headers);
  const unsafeHeaders = [...new Set(reasons.map((reason) => reason.subject))].sort();
  const methodReason: PreflightReason[] = isSafelistedMethod(method)
    ? []
    : [{ kind: "method", subject: method, detail: `${method} is not a CORS-safelisted method (GET, HEAD, POST).` }];
  const base: Omit<RequestPlan, "first"> = {
    url: request.url,
    pageOrigin: request.pageOrigin,
    method,
    credentials: request.credentials ?? "same-origin",
    redirect: request.redirect ?? "follow",
    pageHeaders: headers,
    dropped,
    unsafeHeaders,
    preflightReasons: [...methodReason, ...reasons],
    userAgent: request.userAgent ?? CHROMIUM_USER_AGENT,
  };
  const checked = originOf(request.url) !== request.pageOrigin;
  const first = planHop({
    plan: base,
    url: request.url,
    method,
    urls: [request.url],
    origin: request.pageOrigin,
    checked,
    tainted: false,
    preflight: checked && (methodReason.length > 0 || unsafeHeaders.length > 0),
    pageHeaders: headers,
    unsafeHeaders,
    body: request.body !== undefined,
  });
  return { ...base, first };
}

/** Request-body headers a redirect that drops the body removes (Fetch: HTTP-redirect fetch, step 11). */
const BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location", "content-type"]);

/**
 * The next hop after the last of `redirects` (every 3xx followed so far, this one last), as the
 * engine's redirect model says Chromium follows it; no hop when following stops there.
 */
export function planRedirect(plan: RequestPlan, redirects: readonly RedirectHopInput[]): NextHop {
  const model = modelRedirects({
    pageOrigin: plan.pageOrigin,
    firstUrl: plan.url,
    method: plan.method,
    unsafeHeaders: plan.unsafeHeaders,
    redirects,
    mode: plan.redirect,
  });
  const step = model.steps.at(-1);
  if (!step) throw new Error("planRedirect needs at least one redirect");
  if (step.stop) return { step };
  const bodyDropped = model.steps.some((each) => each.bodyDropped);
  const pageHeaders = bodyDropped ? plan.pageHeaders.filter((header) => !BODY_HEADERS.has(header.name.toLowerCase())) : plan.pageHeaders;
  const hop = planHop({
    plan,
    url: step.to,
    method: step.methodAfter,
    urls: [plan.url, ...model.steps.map((each) => each.to)],
    origin: step.originAfter,
    checked: step.checkedAfter,
    tainted: step.originAfter === "null",
    preflight: step.preflightAfter,
    pageHeaders,
    unsafeHeaders: bodyDropped ? plan.unsafeHeaders.filter((name) => !BODY_HEADERS.has(name)) : plan.unsafeHeaders,
    body: !bodyDropped && plan.first.request.body,
  });
  return { step, hop };
}
