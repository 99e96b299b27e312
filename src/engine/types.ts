// The engine's contract: what a webRequest observer can see of one logical cross-origin request
// (ObservedExchange), and what the engine concludes from it (Diagnosis). Pure data, no browser types.
import type { CorsErrorCode } from "./codes";

/** One header line as observed: original name casing, value as delivered, duplicates kept in order. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}
export type HeaderList = readonly HeaderField[];

export interface ObservedResponse {
  readonly url: string;
  /** HTTP status; 0 when the browser did not report one. */
  readonly status: number;
  readonly statusLine?: string;
  readonly headers: HeaderList;
  readonly fromCache?: boolean;
  /** Remote IP address as reported by webRequest, when known (Local Network Access). */
  readonly ip?: string;
}

/** A 3xx hop of the actual request, followed or not. */
export interface ObservedRedirect extends ObservedResponse {
  /** The Location header (or webRequest's redirectUrl). */
  readonly location: string;
  /** Request headers sent on this hop, when observed. */
  readonly requestHeaders?: HeaderList;
  /**
   * The preflight the browser sent to `location` before following this redirect (the request was
   * not simple and the new URL is cross-origin), when one was observed.
   */
  readonly preflightAfter?: ObservedPreflight;
}

export interface ObservedPreflight {
  readonly url: string;
  /** Headers of the OPTIONS request: Origin, Access-Control-Request-Method/-Headers, … */
  readonly requestHeaders: HeaderList;
  /** Absent when no response headers arrived (network error). */
  readonly response?: ObservedResponse;
  /** Network error string of the preflight itself, e.g. "net::ERR_CONNECTION_REFUSED". */
  readonly error?: string;
}

/**
 * The browser whose events the observations come from: its event order, error strings and what it
 * hides differ (docs/firefox.md). Absent means Chromium.
 */
export type BrowserFlavor = "chromium" | "firefox";

/** Everything observed of one logical request: its preflight, redirects and final outcome. */
export interface ObservedExchange {
  /** Which browser observed it; absent means Chromium. */
  readonly browser?: BrowserFlavor;
  /** The URL the page asked for (first URL of the redirect chain). */
  readonly url: string;
  /** The method exactly as sent (Chromium does not upper-case unusual methods such as "patch"). */
  readonly method: string;
  /** webRequest resource type: "xmlhttprequest", "script", "stylesheet", "font", "image", "main_frame", … */
  readonly resourceType: string;
  /** Serialized origin of the requesting context (webRequest `initiator`); "null" for opaque origins. */
  readonly initiator?: string;
  /** URL of the document that made the request, when known. */
  readonly documentUrl?: string;
  /** Request headers of the actual request as sent on its last observed hop (Origin included). */
  readonly requestHeaders: HeaderList;
  /** False when the actual request never reached the network (e.g. the preflight failed). */
  readonly requestHeadersSent: boolean;
  readonly preflight?: ObservedPreflight;
  readonly redirects: readonly ObservedRedirect[];
  /** The last response whose headers arrived, if any (may itself be a 3xx that was not followed). */
  readonly response?: ObservedResponse;
  /** Network error string from onErrorOccurred, e.g. "net::ERR_FAILED". */
  readonly error?: string;
  /** True when onCompleted fired for the actual request. */
  readonly completed: boolean;
  /** Lower-cased names of headers whose values were redacted at capture. */
  readonly redactedHeaders?: readonly string[];
  /**
   * Remote IP from onErrorOccurred when no response arrived (a Local Network Access block happens
   * at connect time, before any headers), when known.
   */
  readonly ip?: string;
  /**
   * Set when the observer knows it missed part of the request (its worker was restarted while the
   * request was in flight): why the record is partial, in words.
   */
  readonly partial?: string;
  /**
   * The credentials mode the page itself reported calling fetch or XHR with (Firefox
   * build only: webRequest shows it only through a Cookie). Page data, not proof: a page can
   * forge it, misleading only its own diagnosis.
   */
  readonly credentialsWitness?: CredentialsWitness;
  /** When the request started, in ms since 1970 on the observer's clock (webRequest `timeStamp`, a HAR entry's `startedDateTime`). */
  readonly startedAt?: number;
  /**
   * What the observer saw before this request of a response to the same URL that a cache could
   * store and hand to any origin (cacheable, no `Vary: Origin`): the evidence that this request's
   * answer may be that stored response (src/engine/cache-evidence.ts).
   */
  readonly earlier?: EarlierResponse;
  /**
   * How far the `Date` of the same server's fresh responses ran ahead of the observer's clock
   * (ms, negative when behind): the largest `Date − arrival` seen, so that a `Date` much older than
   * that is not a drifting clock. Absent when no response of that server was seen.
   */
  readonly serverDateSkew?: number;
  /**
   * Facts the observer itself inferred where it could not observe them (a HAR reader: where the
   * page's origin came from, which Origin a request stopped by its preflight carried), with their
   * evidence; listed first among the diagnosis' inferred facts. They decide nothing.
   */
  readonly observerFacts?: readonly InferredFact[];
}

/**
 * An earlier response to the same URL, as the observer saw it arrive. Filled by the extension's
 * memory of recent cacheable responses (src/background/response-memory.ts) and, from a whole file,
 * by the HAR reader (the latest earlier entry for the URL).
 */
export interface EarlierResponse {
  /** When its headers arrived (ms since 1970, the observer's clock); before this request started. */
  readonly seenAt: number;
  readonly status: number;
  /** The Origin its request carried; null when none (a no-cors load such as an <img>, or a navigation). */
  readonly requestOrigin: string | null;
  /** Its Access-Control-Allow-Origin; null when absent. */
  readonly allowOrigin: string | null;
  /** Its Date header as sent; null when absent. */
  readonly date: string | null;
  /** Its Cache-Control value ("" when none): why a cache could keep it. */
  readonly cacheControl: string;
  /** It carried hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding), which a cache drops when it stores a response. */
  readonly hopByHop: boolean;
  /** webRequest resource type of the request that fetched it ("image", "xmlhttprequest", …). */
  readonly resourceType: string;
}

export type CredentialsMode = "include" | "same-origin" | "omit";

/** What the page's own call said about its credentials mode (see docs/firefox.md). */
export interface CredentialsWitness {
  readonly mode: CredentialsMode;
  /**
   * fetch: the Request's or init's `credentials`; xhr: `withCredentials` at send(); stated: not
   * observed at all, but stated by the person reading a recording that does not show it (the
   * command line's `--credentials`); probe: the request was sent by `cors-doctor probe` itself,
   * in the mode it was told (not page data).
   */
  readonly via: "fetch" | "xhr" | "stated" | "probe";
}

export type Verdict =
  /** Cross-origin, CORS mode, and the browser let the page read the response. */
  | "allowed"
  /** The browser blocked it under CORS (or Local Network Access) rules. */
  | "blocked"
  /** Same-origin, no-cors, navigation: CORS does not apply. */
  | "not-cors"
  /** Failed for a reason that is not CORS: DNS, refused connection, abort, … */
  | "unrelated-failure"
  /** The observations do not allow a verdict; `explanation` says why. */
  | "unknown";

export type CheckStage = "preflight" | "redirect" | "response";

/** One CORS header the browser checked: what it required next to what the server sent. */
export interface HeaderCheck {
  readonly stage: CheckStage;
  /** Header name in canonical casing, e.g. "Access-Control-Allow-Origin", or "Status". */
  readonly header: string;
  /** What the browser required, in words or as the exact value. */
  readonly expected: string;
  /** The value the server sent; null when absent. */
  readonly received: string | null;
  readonly ok: boolean;
  /** True on the one check that produced the error code. */
  readonly failing?: boolean;
  readonly note?: string;
}

/** Why the browser sent a preflight (Fetch standard: CORS-unsafe method or request header). */
export interface PreflightReason {
  readonly kind:
    | "method"
    | "header"
    | "content-type"
    | "header-value-too-long"
    | "safelisted-total-too-long"
    | "unknown";
  /** The method or lower-cased header name involved. */
  readonly subject: string;
  readonly detail: string;
}

/** A fact the browser hides from webRequest, inferred from what was observed. */
export interface InferredFact {
  readonly fact: "credentials-mode" | "request-mode" | "authorization" | "initiator" | string;
  readonly value: string;
  readonly evidence: string;
}

/** Where the Fetch standard and Chromium differ, or other non-failing observations. */
export interface Advisory {
  readonly id: string;
  readonly message: string;
}

/** What the server has to send for this request to pass: input of the fix library. */
export interface FixRequirements {
  /** The page's origin, exactly as the browser sends it in `Origin`. */
  readonly origin: string;
  /** Methods the server must allow (upper-cased unless the request used another case). */
  readonly methods: readonly string[];
  /** Lower-cased request header names the server must allow (non-safelisted ones only). */
  readonly requestHeaders: readonly string[];
  /** True when the request carries credentials (cookies, HTTP auth) or is inferred to. */
  readonly credentials: boolean;
  /** Response headers the page may want to read (non-safelisted ones the server already sends). */
  readonly exposeHeaders: readonly string[];
  /** True when a preflight is involved. */
  readonly preflight: boolean;
  /** Status the preflight answered with, when it was not 2xx (401/403/404/405/500 …). */
  readonly preflightStatus?: number;
  /** Request URL path, for path-scoped configuration (nginx location, rack-cors resource). */
  readonly path: string;
  /** The failing URL's origin, i.e. the server to fix. */
  readonly serverOrigin: string;
  /** Set when a redirect played a part in the failure: where the fix belongs. */
  readonly redirect?: RedirectRequirement;
}

/** What a redirect failure asks for, beside (or instead of) CORS headers on the failing server. */
export interface RedirectRequirement {
  readonly kind: "credentials-in-location" | "login" | "tainted-origin" | "preflight-after-redirect" | "left-page-origin" | "cross-origin-redirect";
  /** The URL that answered with the redirect that matters, and where it pointed. */
  readonly from: string;
  readonly to: string;
  readonly status: number;
  /** The page's origin (the browser may have sent `null` instead). */
  readonly pageOrigin: string;
  /** Origin the browser sent to the failing server: the page's, or "null". */
  readonly originSent: string;
  /** Where the fix belongs and what to do there, in words. */
  readonly advice: string;
}

/** Firefox's name for a failure (src/engine/firefox-reasons.ts). */
export interface FirefoxReasonNote {
  /** MDN's key, e.g. "CORSMissingAllowOrigin". */
  readonly key: string;
  /** The value Firefox names in its reason ("" when none). */
  readonly parameter: string;
  /** The console line Firefox prints, rebuilt. */
  readonly consoleMessage: string;
  /** MDN's page for the reason. */
  readonly url: string;
}

export interface Diagnosis {
  readonly verdict: Verdict;
  /** The browser whose rules the verdict follows (the exchange's). */
  readonly browser?: BrowserFlavor;
  /** Firefox's reason for the failure, when verdict is "blocked" and Firefox names it. */
  readonly firefoxReason?: FirefoxReasonNote;
  /** Chromium's CorsError name, only when verdict is "blocked". */
  readonly code?: CorsErrorCode;
  /** Exactly the string Chromium reports with the code ("" when Chromium reports none). */
  readonly failedParameter?: string;
  /** Which exchange failed. */
  readonly stage?: CheckStage;
  /** Short title, e.g. "Preflight answered 404". */
  readonly title: string;
  /** Plain-language explanation naming the actual values. */
  readonly explanation: string;
  /** The message Chromium prints to the console for this failure, reconstructed. */
  readonly consoleMessage?: string;
  readonly preflightReasons: readonly PreflightReason[];
  readonly checks: readonly HeaderCheck[];
  readonly inferred: readonly InferredFact[];
  readonly advisories: readonly Advisory[];
  /** Present when verdict is "blocked": what the server must send. */
  readonly requirements?: FixRequirements;
  /** A generic server-side fix in words, used when no stack-specific fix applies. */
  readonly genericFix?: string;
}

// The CorsError names live in codes.ts, with the groups of them the engine and the fixes use.
export { CORS_ERROR_CODES, type CorsErrorCode } from "./codes";
