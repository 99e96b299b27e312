// The redirect model: what the Fetch standard's "HTTP-redirect fetch" (and Chromium 156, observed in
// the lab) does to a request at each 3xx it follows: which hops the CORS check applies to, which
// Origin each hop sends (the page's, or "null" once the origin is tainted), when credentials in the
// Location refuse the redirect, when a new preflight is sent, how the method changes, the redirect
// mode and the redirect limit. Pure: URLs and header names in, a list of steps out.
import { hasCredentialsInUrl, isHttpScheme, originOf, resolveLocation } from "./origin";
import { isSafelistedMethod, normalizeMethod } from "./safelist";
import type { RedirectRequirement } from "./types";

/** Fetch: HTTP-redirect fetch, step 6: the 21st redirect is a network error (net::ERR_TOO_MANY_REDIRECTS). */
export const REDIRECT_LIMIT = 20;

export type RedirectMode = "follow" | "manual" | "error";

export interface RedirectHopInput {
  /** URL that answered with the 3xx. */
  readonly url: string;
  readonly status: number;
  /** Its Location, as sent (relative or absolute). */
  readonly location: string;
  /** The Origin header observed on the request to `url`, when it was observed. */
  readonly originSent?: string | null;
}

export interface RedirectModelInput {
  /** The page's origin (the request's origin before any redirect). */
  readonly pageOrigin: string;
  /** The URL the page asked for. */
  readonly firstUrl: string;
  readonly method: string;
  /** Lower-cased names of the CORS-unsafe request headers the page set (they need a preflight). */
  readonly unsafeHeaders: readonly string[];
  readonly redirects: readonly RedirectHopInput[];
  readonly mode?: RedirectMode;
}

/** Why following a redirect failed before any header of the next hop was checked. */
export type RedirectStop =
  | { readonly kind: "credentials-in-location" }
  | { readonly kind: "non-http-location" }
  | { readonly kind: "too-many-redirects" }
  | { readonly kind: "mode-error" }
  | { readonly kind: "mode-manual" };

export interface RedirectStep {
  readonly index: number;
  /** URL that answered the 3xx, and where it pointed (resolved). */
  readonly from: string;
  readonly to: string;
  readonly status: number;
  /** The CORS check applies to the 3xx response itself (the request was in CORS mode at `from`). */
  readonly checked: boolean;
  /** Origin the browser sent to `from` (what that 3xx's Access-Control-Allow-Origin must match). */
  readonly originAtFrom: string;
  /** This redirect set the tainted-origin flag (Fetch: HTTP-redirect fetch, step 13). */
  readonly taints: boolean;
  /** Origin the browser sends to `to`, and to its preflight: the page's, or "null" once tainted. */
  readonly originAfter: string;
  /** Method for `to`: a 303 (and a 301/302 after POST) turns it into GET and drops the body. */
  readonly methodAfter: string;
  /** The body and its headers (Content-Type, …) were dropped (Fetch: HTTP-redirect fetch, step 11). */
  readonly bodyDropped: boolean;
  /** The CORS check applies at `to`. */
  readonly checkedAfter: boolean;
  /** The browser sends a new preflight to `to` before following (unless its preflight cache answers). */
  readonly preflightAfter: boolean;
  /** Following stopped here, and why. */
  readonly stop?: RedirectStop;
}

export interface RedirectModel {
  readonly steps: readonly RedirectStep[];
  /** Origin sent on the last hop, and whether the CORS check applies to the last response. */
  readonly finalOrigin: string;
  readonly finalChecked: boolean;
  readonly finalMethod: string;
  /** The first step that tainted the origin, when one did. */
  readonly taintedBy?: RedirectStep;
  readonly stop?: RedirectStep;
}

/** Request-body headers removed when a redirect drops the body (Fetch: request-body-header name). */
const REQUEST_BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location", "content-type"]);

/** Fetch: HTTP-redirect fetch, step 11: whether this redirect turns the method into GET. */
export function changesToGet(status: number, method: string): boolean {
  const upper = normalizeMethod(method);
  if ((status === 301 || status === 302) && upper === "POST") return true;
  return status === 303 && upper !== "GET" && upper !== "HEAD";
}

/**
 * Fetch: HTTP-redirect fetch, step 13: a redirect taints the origin when it goes to another origin
 * from a URL that is itself not on the request's origin.
 */
export function taintsOrigin(currentUrl: string, location: string, requestOrigin: string): boolean {
  const from = originOf(currentUrl);
  const to = originOf(location);
  return from !== null && to !== null && from !== to && from !== requestOrigin;
}

/** Fetch: HTTP-redirect fetch, steps 8 and 9, as Chromium's CheckRedirectLocation applies them. */
export function refusesCredentialsInLocation(location: string, requestOrigin: string, tainted: boolean, checked: boolean): boolean {
  if (!hasCredentialsInUrl(location)) return false;
  return checked || tainted || originOf(location) !== requestOrigin;
}

/** Replays the redirects of a CORS-mode request, first to last. */
export function modelRedirects(input: RedirectModelInput): RedirectModel {
  const mode = input.mode ?? "follow";
  const steps: RedirectStep[] = [];
  let currentUrl = input.firstUrl;
  let method = input.method;
  let unsafe = input.unsafeHeaders;
  let tainted = false;
  // Fetch: main fetch: the response tainting becomes "cors" at the first cross-origin URL and stays.
  let checked = originOf(currentUrl) !== input.pageOrigin;
  let taintedBy: RedirectStep | undefined;
  let stop: RedirectStep | undefined;

  for (const [index, hop] of input.redirects.entries()) {
    const from = hop.url || currentUrl;
    const to = resolveLocation(hop.location, from);
    const originAtFrom = tainted ? "null" : input.pageOrigin;
    const wasChecked = checked;
    let stopped: RedirectStop | undefined;
    if (mode === "error") stopped = { kind: "mode-error" };
    else if (mode === "manual") stopped = { kind: "mode-manual" };
    else if (!isHttpScheme(to)) stopped = { kind: "non-http-location" };
    else if (index >= REDIRECT_LIMIT) stopped = { kind: "too-many-redirects" };
    else if (refusesCredentialsInLocation(to, input.pageOrigin, tainted, checked)) stopped = { kind: "credentials-in-location" };

    const toGet = changesToGet(hop.status, method);
    const methodAfter = toGet ? "GET" : method;
    const unsafeAfter = toGet ? unsafe.filter((name) => !REQUEST_BODY_HEADERS.has(name)) : unsafe;
    const taints = !tainted && taintsOrigin(from, to, input.pageOrigin);
    const checkedAfter = checked || originOf(to) !== input.pageOrigin;
    const step: RedirectStep = {
      index,
      from,
      to,
      status: hop.status,
      checked: wasChecked,
      originAtFrom,
      taints: stopped === undefined && taints,
      originAfter: stopped === undefined && (tainted || taints) ? "null" : originAtFrom,
      methodAfter,
      bodyDropped: toGet,
      checkedAfter,
      preflightAfter: stopped === undefined && checkedAfter && needsPreflight(methodAfter, unsafeAfter),
      ...(stopped ? { stop: stopped } : {}),
    };
    steps.push(step);
    if (stopped) {
      stop = step;
      break;
    }
    if (step.taints) {
      tainted = true;
      taintedBy ??= step;
    }
    checked = checkedAfter;
    method = methodAfter;
    unsafe = unsafeAfter;
    currentUrl = to;
  }
  return {
    steps,
    finalOrigin: tainted ? "null" : input.pageOrigin,
    finalChecked: checked,
    finalMethod: method,
    ...(taintedBy ? { taintedBy } : {}),
    ...(stop ? { stop } : {}),
  };
}

function needsPreflight(method: string, unsafeHeaders: readonly string[]): boolean {
  return !isSafelistedMethod(normalizeMethod(method)) || unsafeHeaders.length > 0;
}

// ── Words ──────────────────────────────────────────────────────────────────────────────────

/** Why the browser sent Origin: null, naming the redirect that tainted the origin. */
export function taintedOriginSentence(step: RedirectStep, pageOrigin: string): string {
  const from = originOf(step.from) ?? step.from;
  const to = originOf(step.to) ?? step.to;
  const back = to === pageOrigin;
  return (
    `The redirect from ${from} to ${to} (${step.status}) changed the request's origin from ${pageOrigin} to null. ` +
    `The Fetch standard taints a request's origin when a server that is not on the page's origin (${from}) redirects it to ${back ? "another origin, here back to the page's own" : `yet another origin (${to})`}: ` +
    (back
      ? "from then on the browser sends Origin: null, and even the page's own server has to answer with CORS headers, because it cannot tell the request from one that any site sent through that redirect."
      : `from then on the browser sends Origin: null, so that ${to} cannot take the request for one that ${pageOrigin} made directly.`)
  );
}

/** Words for a refused redirect that no CORS header could have allowed. */
export function stopSentence(step: RedirectStep): string {
  switch (step.stop?.kind) {
    case "credentials-in-location":
      return `The server at ${originOf(step.from) ?? step.from} redirected to ${step.to}, which carries a user name and password: browsers refuse such a redirect for a CORS request, whatever the target's headers.`;
    case "non-http-location":
      return `The server at ${originOf(step.from) ?? step.from} redirected to ${step.to}, which is not an http: or https: URL.`;
    case "too-many-redirects":
      return `The request was redirected more than ${REDIRECT_LIMIT} times; browsers give up at the 21st redirect (net::ERR_TOO_MANY_REDIRECTS), a network error, not a CORS one.`;
    case "mode-error":
      return `The page asked for redirect: 'error', so the ${step.status} from ${step.from} failed the request (a network error, not a CORS one).`;
    case "mode-manual":
      return `The page asked for redirect: 'manual': the browser checked the ${step.status} from ${step.from} with CORS and handed it to the page as an opaque redirect without following it.`;
    default:
      return "";
  }
}

/** Typical login, single-sign-on and consent paths of identity providers. */
const LOGIN_PATH = /(^|[/_.-])(login|log-in|signin|sign-in|sign_in|logon|auth|oauth2?|sso|saml2?|openid|authorize|cas|idp|account\/login)([/_.?-]|$)/i;

/** A redirect that looks like a session check sending the request to a login page. */
export function looksLikeLoginRedirect(location: string): boolean {
  try {
    const url = new URL(location);
    return LOGIN_PATH.test(url.pathname) || /[?&](return_?to|redirect_uri|returnurl|next|continue|service)=/i.test(url.search);
  } catch {
    return LOGIN_PATH.test(location);
  }
}

// ── Where the fix belongs ───────────────────────────────────────────────────────────────────

export type RedirectFailureKind = RedirectRequirement["kind"];

/** What a blocked request's redirects say about it, for the explanation and the fixes. */
export interface RedirectFacts {
  readonly kind: RedirectFailureKind;
  readonly pageOrigin: string;
  readonly firstUrl: string;
  /** The redirect that matters: the one that stopped, tainted the origin, or left the page's origin. */
  readonly step: RedirectStep;
  /** The URL whose answer failed the check. */
  readonly failingUrl: string;
  /** The failing check ran on a preflight the browser sent after a redirect. */
  readonly preflightAfterRedirect: boolean;
}

/**
 * Which kind of redirect failure this is, when a redirect played a part; undefined otherwise.
 * `failedAtRedirect`: the check failed on that redirect's own 3xx, so it and the ones after it were
 * never followed and played no part (unless its Location was what the browser refused).
 */
export function classifyRedirectFailure(
  model: RedirectModel,
  pageOrigin: string,
  firstUrl: string,
  failingUrl: string,
  failedOnPreflightAfterRedirect: boolean,
  failedAtRedirect?: number,
): RedirectFacts | undefined {
  const refusedHere = failedAtRedirect !== undefined && model.stop?.index === failedAtRedirect ? model.stop : undefined;
  if (failedAtRedirect !== undefined && !refusedHere) {
    const steps = model.steps.slice(0, failedAtRedirect);
    const taintedBy = model.taintedBy && model.taintedBy.index < failedAtRedirect ? model.taintedBy : undefined;
    model = { ...model, steps, ...(taintedBy ? { taintedBy } : { taintedBy: undefined }) };
  }
  const last = model.steps[model.steps.length - 1];
  if (!last) return undefined;
  const facts = (kind: RedirectFailureKind, step: RedirectStep): RedirectFacts => ({
    kind,
    pageOrigin,
    firstUrl,
    step,
    failingUrl,
    preflightAfterRedirect: failedOnPreflightAfterRedirect,
  });
  if (model.stop?.stop?.kind === "credentials-in-location") return facts("credentials-in-location", model.stop);
  const login = model.steps.find((step) => looksLikeLoginRedirect(step.to) && originOf(step.to) !== originOf(step.from));
  if (login) return facts("login", login);
  if (model.taintedBy) return facts("tainted-origin", model.taintedBy);
  const leaving = model.steps.find((step) => !step.checked && step.checkedAfter);
  if (leaving) return facts("left-page-origin", leaving);
  if (failedOnPreflightAfterRedirect) return facts("preflight-after-redirect", last);
  return facts("cross-origin-redirect", last);
}

/** Sentences that say what the redirect did, appended to the failure's explanation. */
export function redirectExplanation(facts: RedirectFacts): string {
  const { step, pageOrigin } = facts;
  const from = originOf(step.from) ?? step.from;
  const to = originOf(step.to) ?? step.to;
  const parts: string[] = [];
  switch (facts.kind) {
    case "credentials-in-location":
      return stopSentence(step);
    case "login":
      parts.push(
        `The request for ${facts.firstUrl} was answered with a ${step.status} redirect to ${step.to}, which looks like a login page: the session had probably expired, and the server sent the API call where it would send a browser tab.`,
      );
      break;
    case "tainted-origin":
      parts.push(taintedOriginSentence(step, pageOrigin));
      break;
    case "left-page-origin":
      parts.push(
        `The request started on the page's own origin (${facts.firstUrl}), where CORS does not apply; the ${step.status} redirect from ${from} to ${to} made it a cross-origin request, checked from then on with Origin: ${pageOrigin}.`,
      );
      break;
    default:
      parts.push(`The ${step.status} redirect from ${from} took the request to ${to}, which must allow ${step.originAfter} itself.`);
  }
  if (facts.preflightAfterRedirect) {
    parts.push(
      `After the redirect the browser sent a new preflight to ${originOf(facts.failingUrl) ?? facts.failingUrl}${facts.kind === "tainted-origin" || step.originAfter === "null" ? " with Origin: null" : ""}: a preflight that passed for the first URL does not carry over, every origin the request is redirected to answers its own.`,
    );
  }
  return parts.join(" ");
}

const NULL_IS_DANGEROUS =
  "Do not allow the origin null (Access-Control-Allow-Origin: null): sandboxed iframes, file: pages and data: URLs of any site send it too, so allowing it lets every site read the response, with credentials as the signed-in user.";

/** Where the fix belongs and what to do there, in words (the generic fix of a redirect failure). */
export function redirectAdvice(facts: RedirectFacts, credentialsInclude: boolean): string {
  const { step, pageOrigin } = facts;
  const from = originOf(step.from) ?? step.from;
  const target = originOf(facts.failingUrl) ?? facts.failingUrl;
  switch (facts.kind) {
    case "credentials-in-location":
      return `The fix belongs on the redirecting server (${from}): redirect to ${step.to.replace(/\/\/[^/@]*@/, "//")} without user:password@, and pass credentials in a header or a token instead.`;
    case "login":
      return (
        `The fix belongs on the redirecting server (${from}), not on the login page: answer API calls whose session has expired with 401 (or 403) and a small JSON body instead of redirecting them, and let the page send the user to the login page itself, by navigating there. ` +
        `Tell API calls from page loads by Sec-Fetch-Mode (cors for fetch and XHR, navigate for pages) or by Accept: application/json. Adding CORS headers to the login page at ${originOf(step.to) ?? step.to} would not help: a page cannot sign in through fetch.`
      );
    case "tainted-origin":
      return (
        `The fix belongs with the redirect: have the page call ${facts.failingUrl.replace(/[?#].*$/, "")} directly, or have ${from} answer the request itself (or proxy it) instead of redirecting, so that the browser sends Origin: ${pageOrigin}, which ${target} can allow by name. ` +
        `${NULL_IS_DANGEROUS}` +
        (credentialsInclude ? "" : ` If ${target} serves public data that needs no cookies, Access-Control-Allow-Origin: * is safe there and works after the redirect.`)
      );
    case "preflight-after-redirect":
      return `Either keep the API on one origin (call ${facts.failingUrl.replace(/[?#].*$/, "")} directly, or have ${from} answer instead of redirecting), or make ${target} answer its own preflight for ${step.originAfter === "null" ? "the request" : pageOrigin} as the fixes below show.`;
    case "left-page-origin":
      return `Either keep the API on the page's origin (have ${from} answer ${facts.firstUrl.replace(/[?#].*$/, "")} itself, or serve ${target} under ${pageOrigin} through a proxy), or make ${target} allow ${pageOrigin}, as the fixes below show.`;
    default:
      return `Make ${target} allow ${step.originAfter === "null" ? "the request" : pageOrigin}, or have the page call ${facts.failingUrl.replace(/[?#].*$/, "")} directly instead of going through the redirect.`;
  }
}
