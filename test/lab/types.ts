// The lab's vocabulary: a case is one way of making a cross-origin request, the way the lab's
// server misbehaves for it, and what Chromium is expected to decide.
import type { CorsErrorCode } from "../../src/engine/types";

/** How the page starts the request. Each maps to one function in the page's client script. */
export type Initiator =
  | "fetch"
  | "xhr"
  | "font"
  | "script-module"
  | "img-crossorigin"
  | "img-no-cors"
  | "stylesheet-crossorigin";

/** Which of the lab's listeners the request goes to. */
export type Target = "page" | "apiA" | "apiB";

/** A page made to count as public: on a secure origin (localhost) or a non-secure one. */
export type LnaPage = "secure-public" | "insecure-public";

export type CaseKind = "broken" | "control" | "hostile" | "secret" | "lna";

export interface LabOrigins {
  /** Origin of the page, e.g. http://localhost:41000. */
  readonly pageOrigin: string;
  /** Same site as the page (same host, another port): cookies for `localhost` are sent to it. */
  readonly apiA: string;
  /** Another site (127.0.0.1). */
  readonly apiB: string;
}

export interface CaseRequest {
  readonly target: Target;
  /** Sent exactly as written (Chromium upper-cases only the standard methods). Default GET. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly credentials?: "omit" | "same-origin" | "include";
  readonly body?: string;
  /** fetch's cache mode; default "default". "no-store" also bypasses Chromium's preflight cache. */
  readonly cache?: "default" | "no-store" | "reload" | "no-cache";
  /** Extra path after `/case/<id>`, already percent-encoded where needed. */
  readonly pathSuffix?: string;
  /** Extra query parameters, appended after `case` and `n`. */
  readonly query?: Readonly<Record<string, string>>;
  /** Send the same URL this many times, one after the other (preflight-cache cases). */
  readonly repeat?: number;
  /** Before the request, fetch the API origin's cookie endpoint so that a cookie exists. */
  readonly setupCookie?: boolean;
  /** fetch's redirect mode; default "follow". */
  readonly redirect?: "follow" | "manual" | "error";
  /**
   * Load the same URL first, so that a cache may keep its answer: as an <img> or a no-cors fetch
   * (no Origin), or a CORS fetch from a frame on API A's origin (another origin of the page's site,
   * so the same cache partition).
   */
  readonly prime?: "img-no-cors" | "fetch-no-cors" | "frame-fetch";
}

export type HeaderLine = readonly [name: string, value: string];

/** One response of the lab's server. Header lines are written in order, duplicates kept. */
export interface ServedResponse {
  readonly status?: number;
  readonly headers?: readonly HeaderLine[];
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  /**
   * Answer with a redirect to another hop of the same case (`/case/<id>/<path>`, default `hop2`) on
   * the listener `to`, keeping the query; `userinfo` puts `user:pass@` into the Location.
   */
  readonly redirect?: { readonly to: Target; readonly status?: number; readonly userinfo?: string; readonly path?: string };
  /** Cache-Control sent with the answer; default "no-store" (no case is answered from a cache unless it says so). */
  readonly cacheControl?: string;
  /**
   * Written byte for byte on the socket (latin1), bypassing node's header validation: for
   * control characters and non-ASCII bytes that node refuses to send.
   */
  readonly raw?: boolean;
}

export interface ServeContext {
  readonly origins: LabOrigins;
  /** The request's Origin header, when sent ("null" after a cross-origin redirect). */
  readonly requestOrigin: string | undefined;
  /** The request's method (OPTIONS for a preflight). */
  readonly method: string;
}

export type Responder = (context: ServeContext) => ServedResponse;

export interface Misbehaviour {
  /** What is wrong with the server, in words. */
  readonly description: string;
  /** Answer to OPTIONS. Without it, OPTIONS gets a 404 without CORS headers. */
  readonly preflight?: Responder;
  /** Answer to the request itself (first hop). */
  readonly response: Responder;
  /** Answer on the redirect target (`/case/<id>/hop2…`). */
  readonly hop2?: Responder;
  /** Answer to OPTIONS on the redirect target (a preflight sent after the redirect). Default 404. */
  readonly hop2Preflight?: Responder;
  /** Answer on a second redirect target (`/case/<id>/hop3…`), for chains of two redirects. */
  readonly hop3?: Responder;
  readonly hop3Preflight?: Responder;
}

export type ParameterOf = string | ((origins: LabOrigins) => string);

export type Expected =
  | { readonly blocked: true; readonly code: CorsErrorCode; readonly failedParameter: ParameterOf; readonly failedNotCors?: never }
  | { readonly blocked: false; readonly failedNotCors?: string };

export interface LabCase {
  readonly id: string;
  readonly title: string;
  readonly kind: CaseKind;
  readonly initiator: Initiator;
  readonly request: CaseRequest;
  readonly server: Misbehaviour;
  readonly expected: Expected;
  /** Cases of one group are started together (parallel requests). */
  readonly group?: string;
  /** Local Network Access cases only: which page runs them (see test/lab/lna.ts). */
  readonly lnaPage?: LnaPage;
  /** Where Chromium's live verdict differs from the reading of its source, and other remarks. */
  readonly note?: string;
}

export type ResolvedExpected =
  | { readonly blocked: true; readonly code: CorsErrorCode; readonly failedParameter: string; readonly failedNotCors?: never }
  /** Not blocked by CORS; `failedNotCors`: the request still fails, with this network error and no CORS error. */
  | { readonly blocked: false; readonly failedNotCors?: string };

/** A case as the page and the tests see it: origins resolved, server behaviour left out. */
export interface ResolvedCase {
  readonly id: string;
  readonly title: string;
  readonly kind: CaseKind;
  readonly initiator: Initiator;
  readonly group?: string;
  readonly note?: string;
  readonly lnaPage?: LnaPage;
  readonly misbehaviour: string;
  /** Absolute URL without query; the page adds `?case=<id>&n=<nonce>` and `request.query`. */
  readonly url: string;
  /** The listener the URL points to; "page" URLs are re-based on the page's own origin. */
  readonly target: Target;
  /** Absolute URL of the cookie endpoint, when the case needs a cookie first. */
  readonly setupUrl?: string;
  /** Absolute URL of the frame that primes the cache (`request.prime` "frame-fetch"). */
  readonly primeFrameUrl?: string;
  readonly request: Omit<CaseRequest, "target" | "pathSuffix" | "setupCookie">;
  readonly expected: ResolvedExpected;
}
