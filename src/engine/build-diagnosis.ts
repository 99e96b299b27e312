// Building the diagnosis from the replay that fits: the credentials mode chosen (and why), the
// verdict's text, console message, advisories, and what a fix must allow.
import { cachingOf, storable, variesOnOrigin } from "./cache-evidence";
import { checkResponseAccess, type CorsFailure } from "./checks";
import { consoleMessage } from "./console-message";
import { describeFailure } from "./explain";
import { firefoxReasonFor, type FirefoxReason } from "./firefox-reasons";
import { firefoxCredentialsAssumption, isFirefox } from "./firefox-rules";
import { JUDGES_FIREFOX } from "./build-flags";
import { getHeader, headerNames, splitList } from "./headers";
import { initiatorOrigin, requestedHeaderNames, requestedMethod, type Case } from "./inference";
import { originOf, pathOf } from "./origin";
import { redirectFactsOf, redirectRequirement, refusedHeaders, withRedirect } from "./redirect-diagnosis";
import { isForbiddenRequestHeader, isSafelistableName, isSafelistedMethod, normalizeMethod, reasonForRequestedHeader } from "./safelist";
import type { Outcome, Simulation } from "./simulation";
import type { Diagnosis, FixRequirements, HeaderList, PreflightReason } from "./types";

export function unknown(title: string, explanation: string, extra: Partial<Diagnosis> = {}): Diagnosis {
  return { verdict: "unknown", title, explanation, preflightReasons: [], checks: [], inferred: [], advisories: [], ...extra };
}

export function chooseSimulation(c: Case, matching: Simulation[], proof: string | null): Simulation {
  const [first, second] = matching as [Simulation, Simulation | undefined];
  if (proof) {
    c.inferred.push({ fact: "credentials-mode", value: "include", evidence: proof });
    return first;
  }
  if (!second) {
    const value = first.includeCredentials ? "include" : "omit or same-origin";
    const other = first.includeCredentials ? "without" : "with";
    const what = first.failure ? `fails with ${first.failure.code}` : "passes";
    c.inferred.push({
      fact: "credentials-mode",
      value,
      evidence: `Neither webRequest nor a HAR file shows the credentials mode. Replaying Chromium's checks, only the mode '${value}' matches what happened (the exchange ${what}); ${other} credentials the outcome would differ.`,
    });
    return first;
  }
  const sameVerdict =
    first.failure?.code === second.failure?.code && first.failure?.failedParameter === second.failure?.failedParameter;
  const unseen = "No Cookie, no Sec-Fetch-Storage-Access and no Authorization added by the browser was seen";
  // The fix depends on the mode even when the verdict does not (a preflight refused before any
  // CORS check): it is written for the mode assumed, and says so.
  const forTheFix = first.failure
    ? " The fix assumes no credentials (it does not send Access-Control-Allow-Credentials); if the page sends them (credentials: 'include' or withCredentials), the fix must allow credentials too, or the request fails again once this is fixed."
    : "";
  c.inferred.push({
    fact: "credentials-mode",
    value: "unknown",
    evidence: sameVerdict
      ? `${unseen}, and the outcome is the same with and without credentials, so the mode cannot be told from this request.${forTheFix}`
      : `${unseen}, and both modes fit what happened; the more common mode (no credentials) is assumed.${forTheFix}`,
  });
  if (!sameVerdict && second.failure) {
    c.advisories.push({
      id: "credentials-ambiguous",
      message: `If the page sends credentials (credentials: 'include' or withCredentials), Chromium reports ${second.failure.code}${second.failure.failedParameter ? ` ('${second.failure.failedParameter}')` : ""} instead.`,
    });
  }
  return first;
}

/**
 * Firefox, a completed request, no Cookie, and both credentials modes fit (Firefox ends a refused
 * response in onCompleted too) but they disagree: assume the mode the server's headers point to,
 * say so, and say what the other mode gives.
 */
export function chooseFirefoxAssumption(c: Case, matching: Simulation[]): Simulation {
  const [first, second] = matching as [Simulation, Simulation];
  const sameVerdict =
    first.failure?.code === second.failure?.code && first.failure?.failedParameter === second.failure?.failedParameter;
  if (sameVerdict) return chooseSimulation(c, matching, null);
  const headers = c.exchange.response?.headers ?? [];
  const assumption = firefoxCredentialsAssumption(headers);
  const chosen = matching.find((simulation) => simulation.includeCredentials === assumption.include) ?? first;
  const other = matching.find((simulation) => simulation !== chosen) ?? second;
  c.inferred.push({ fact: "credentials-mode", value: `${assumption.include ? "include" : "omit or same-origin"} (assumed)`, evidence: assumption.evidence });
  const otherMode = other.includeCredentials ? "sends credentials (credentials: 'include' or withCredentials)" : "sends no credentials";
  const otherVerdict = other.failure
    ? `Firefox blocks it: ${firefoxReasonOfFailure(c, other)?.key ?? other.failure.code} (Chromium: ${other.failure.code})`
    : "Firefox lets it through";
  c.advisories.push({ id: "credentials-assumed", message: `If the page ${otherMode}, ${otherVerdict}.` });
  return chosen;
}

export function inconsistent(c: Case, outcome: Outcome, simulations: Simulation[], proof: string | null): Diagnosis {
  const { exchange } = c;
  const modes = proof ? "with credentials" : "with or without credentials";
  const incomplete = simulations.find((simulation) => !simulation.conclusive);
  if (incomplete) {
    return unknown("Cannot tell", `Cannot tell, because ${incomplete.missing ?? "the observations are incomplete"}, so Chromium's checks cannot be replayed.`, {
      inferred: c.inferred,
    });
  }
  if (outcome === "passed") {
    const failure = simulations[0]?.failure;
    return unknown(
      "Cannot tell",
      `Cannot tell, because the browser let the response through although the headers as observed would fail ${failure ? failure.code : "a CORS check"} ${modes}. Another extension may have rewritten headers, a cached preflight may have been used, or the request was not in CORS mode.`,
      { inferred: c.inferred, checks: simulations[0]?.rows ?? [] },
    );
  }
  const stage = outcome === "preflight-failed" ? "the preflight" : "the response";
  return unknown(
    "Cannot tell",
    `Cannot tell, because ${exchange.url} failed with ${exchange.error ?? "net::ERR_FAILED"}, yet every CORS check on ${stage} passes ${modes}. Something other than the headers observed here decided it (another extension, a cached preflight, Opaque Response Blocking, or headers changed after capture).`,
    { inferred: c.inferred, checks: simulations[0]?.rows ?? [] },
  );
}

export function preflightReasonsOf(c: Case): PreflightReason[] {
  const { exchange } = c;
  if (!exchange.preflight) return [];
  const reasons: PreflightReason[] = [];
  const method = requestedMethod(c);
  if (!isSafelistedMethod(method)) {
    reasons.push({ kind: "method", subject: method, detail: `${method} is not GET, HEAD or POST, so the browser asks first.` });
  }
  const known = exchange.requestHeadersSent ? exchange.requestHeaders : [];
  for (const name of requestedHeaderNames(c)) {
    reasons.push(reasonForRequestedHeader(name, getHeader(known, name), known));
  }
  if (reasons.length === 0) {
    reasons.push({
      kind: "unknown",
      subject: "",
      detail: "Neither the method nor Access-Control-Request-Headers explains the preflight; the page may have used an upload listener or ReadableStream body, or a cached preflight expired.",
    });
  }
  return reasons;
}

/** What the page asked for, read once for the diagnosis' text and requirements. */
interface Asked {
  readonly preflightReasons: PreflightReason[];
  readonly requested: string[];
  readonly method: string;
}

export function build(c: Case, simulation: Simulation, origin: string, outcome: Outcome): Diagnosis {
  const asked: Asked = { preflightReasons: preflightReasonsOf(c), requested: requestedHeaderNames(c), method: requestedMethod(c) };
  addObservationNotes(c, simulation, outcome);
  return simulation.failure ? blocked(c, simulation, simulation.failure, origin, asked) : allowed(c, simulation, origin, asked);
}

/** Advisories and inferred facts that hold whatever the verdict: what the replay and the observation show. */
function addObservationNotes(c: Case, simulation: Simulation, outcome: Outcome): void {
  if (simulation.starCoveredAuthorization) {
    c.advisories.push({
      id: "allow-headers-star-authorization",
      message:
        "Access-Control-Allow-Headers: * let the Authorization header through: Chromium 156 accepts that, but the Fetch standard says * does not cover Authorization and Firefox warns it will block it. List authorization explicitly.",
    });
  }
  addResponseAdvisories(c, simulation, outcome);
  addCachedPreflightAdvisory(c);
  if (c.exchange.partial) c.advisories.push({ id: "partial-observation", message: c.exchange.partial });
  if (outcome === "completed-unverified") {
    c.inferred.push({
      fact: "verdict-source",
      value: "response headers",
      evidence:
        "Firefox ends a response its CORS check refused in onCompleted, exactly like one it allowed, so the verdict comes from the response headers alone, replaying the browser's checks on them.",
    });
  }
}

function allowed(c: Case, simulation: Simulation, origin: string, { preflightReasons, requested, method }: Asked): Diagnosis {
  const { exchange } = c;
  const credentials = simulation.includeCredentials ? " with credentials" : "";
  return {
    verdict: "allowed",
    title: "Allowed",
    explanation: `The browser let ${origin} read the response from ${exchange.response?.url || exchange.url}${credentials}: ${exchange.preflight ? `the preflight allowed ${method}${requested.length ? ` with ${requested.join(", ")}` : ""}, and ` : ""}the response's Access-Control-Allow-Origin matched.`,
    preflightReasons,
    checks: simulation.rows,
    inferred: c.inferred,
    advisories: c.advisories,
  };
}

function blocked(c: Case, simulation: Simulation, failure: CorsFailure, origin: string, { preflightReasons, requested, method }: Asked): Diagnosis {
  const { exchange } = c;
  const { code, failedParameter } = failure;
  const preflightStatus = exchange.preflight?.response?.status;
  const preflightStatusBad = preflightStatus !== undefined && (preflightStatus < 200 || preflightStatus >= 300) ? preflightStatus : undefined;
  const stage = simulation.stage ?? "response";
  const failingUrl = simulation.failingUrl ?? exchange.url;
  const comparedOrigin = simulation.comparedOrigin ?? origin;
  // A preflight sent after a redirect asked for its own headers; the page's origin may differ from the Origin sent.
  const asked = simulation.failingRequested ?? requested;
  const refused = code === "HeaderDisallowedByPreflightResponse" ? refusedHeaders(c, simulation, asked) : undefined;
  const pageOrigin = initiatorOrigin(c) ?? origin;
  const redirect = redirectFactsOf(c, simulation, pageOrigin, failingUrl);
  const base = describeFailure({
    code,
    failedParameter,
    stage,
    origin: comparedOrigin,
    url: failingUrl,
    method,
    ...(simulation.failingStatus !== undefined ? { status: simulation.failingStatus } : {}),
    requestedHeaders: asked,
    credentialsInclude: simulation.includeCredentials,
    ...(simulation.failingLocation !== undefined ? { location: simulation.failingLocation } : {}),
    ...(comparedOrigin !== pageOrigin ? { pageOrigin } : {}),
    ...(refused ? { disallowedHeaders: refused } : {}),
  });
  const text = redirect ? withRedirect(base, redirect, simulation.includeCredentials) : base;
  const message = consoleMessage({
    code,
    failedParameter,
    url: failingUrl,
    ...(simulation.failingLocation !== undefined ? { redirectLocation: simulation.failingLocation } : {}),
    ...(failingUrl !== exchange.url && (stage !== "preflight" || simulation.afterRedirect !== undefined) ? { initialUrl: exchange.url } : {}),
    origin: comparedOrigin,
    resourceType: exchange.resourceType,
    method,
  });
  const firefoxReason = isFirefox(exchange) ? firefoxReasonOfFailure(c, simulation) : undefined;
  if (firefoxReason && code.endsWith("MultipleAllowOriginValues")) addFirefoxJoinedLinesAdvisory(c, firefoxReason);
  return {
    verdict: "blocked",
    code,
    failedParameter,
    stage,
    ...(firefoxReason ? { firefoxReason } : {}),
    title: text.title,
    explanation: text.explanation,
    ...(message ? { consoleMessage: message } : {}),
    preflightReasons,
    checks: simulation.rows,
    inferred: c.inferred,
    advisories: c.advisories,
    requirements: {
      ...requirements(c, origin, simulation.includeCredentials, failingUrl, asked, preflightStatusBad),
      ...(redirect ? { redirect: redirectRequirement(redirect, comparedOrigin, text.genericFix) } : {}),
    },
    genericFix: text.genericFix,
  };
}

/** Firefox joins repeated Access-Control-Allow-Origin lines, so several lines and one list look alike to an extension. */
function addFirefoxJoinedLinesAdvisory(c: Case, firefoxReason: FirefoxReason): void {
  const lines = firefoxReason.key === "CORSMultipleAllowOriginNotAllowed";
  c.advisories.push({
    id: "firefox-joined-lines",
    message: `Firefox shows extensions repeated Access-Control-Allow-Origin lines joined with ", ", so several lines and one line listing values look alike here. ${
      lines
        ? "The values repeat or include *, as when two layers (a proxy and the app) each add the header: Firefox's reason is then CORSMultipleAllowOriginNotAllowed; if the server wrote one line with this list, Firefox says CORSAllowOriginNotMatchingOrigin instead."
        : "Different origins in a list are what one line written to allow several origins looks like: Firefox's reason is then CORSAllowOriginNotMatchingOrigin; if they came as separate lines, Firefox says CORSMultipleAllowOriginNotAllowed instead."
    }`,
  });
}

/** A non-simple request without an observed preflight: Chromium reused a cached preflight. */
function addCachedPreflightAdvisory(c: Case): void {
  const { exchange } = c;
  if (exchange.preflight || !exchange.requestHeadersSent) return;
  const method = normalizeMethod(exchange.method);
  const custom = exchange.requestHeaders
    .map((field) => field.name.toLowerCase())
    .filter((name) => !BROWSER_ADDED_HEADERS.has(name) && !isForbiddenRequestHeader(name) && !isSafelistableName(name));
  if (isSafelistedMethod(method) && custom.length === 0) return;
  const why = [...(isSafelistedMethod(method) ? [] : [method]), ...new Set(custom)].join(", ");
  c.advisories.push({
    id: "preflight-from-cache",
    message: `This request needed a preflight (${why}) but none was observed: ${isFirefox(exchange) ? "Firefox" : "Chromium"} used a cached preflight answer (Access-Control-Max-Age). The preflight checks are not shown; clear the cache or disable it in DevTools to see them.`,
  });
}

/** Firefox's name for the failure a replay found, with what Firefox needs to name it as it does. */
function firefoxReasonOfFailure(c: Case, simulation: Simulation): FirefoxReason | undefined {
  // Chrome's worker and devtools page see no Firefox exchange: their build leaves the texts out.
  if (!JUDGES_FIREFOX) return undefined;
  const failure = simulation.failure;
  if (!failure) return undefined;
  const headers = simulation.failingHeaders ?? [];
  // Firefox checks a redirected preflight's ACAO/ACAC before refusing the redirect itself.
  const access =
    failure.code === "PreflightDisallowedRedirect" && simulation.comparedOrigin !== undefined
      ? checkResponseAccess(headers, simulation.comparedOrigin, simulation.includeCredentials, "preflight").failure
      : undefined;
  return firefoxReasonFor({
    code: failure.code,
    failedParameter: failure.failedParameter,
    url: simulation.failingUrl ?? c.exchange.url,
    ...(simulation.failingStatus !== undefined ? { status: simulation.failingStatus } : {}),
    responseHeaders: headers,
    ...(access ? { accessFailure: access } : {}),
  });
}

function addResponseAdvisories(c: Case, simulation: Simulation, outcome: Outcome): void {
  const response = c.exchange.response;
  if (!response || simulation.failure || (outcome !== "passed" && outcome !== "completed-unverified")) return;
  const allowOrigin = getHeader(response.headers, "Access-Control-Allow-Origin");
  if (allowOrigin !== null && allowOrigin !== "*" && !variesOnOrigin(response.headers) && storable(response.headers)) {
    c.advisories.push({
      id: "vary-origin",
      message: `The server echoes a specific origin (${allowOrigin}) in a response a cache may store (${cachingOf(response.headers)}) without Vary: Origin: the browser's cache (shared by every origin of this site) or a CDN can hand it to a request from another origin, or to a later CORS request after a no-cors load stored an answer without it, which then fails. Add Vary: Origin.`,
    });
  }
  const hidden = exposeCandidates(response.headers).filter((name) => !exposed(response.headers, simulation.includeCredentials).has(name));
  if (hidden.length > 0) {
    c.advisories.push({
      id: "expose-headers",
      message: `The page cannot read ${hidden.join(", ")} from JavaScript unless Access-Control-Expose-Headers lists ${hidden.length === 1 ? "it" : "them"}.`,
    });
  }
}

function exposed(headers: HeaderList, includeCredentials: boolean): Set<string> {
  const value = getHeader(headers, "Access-Control-Expose-Headers");
  const names = new Set(value === null ? [] : splitList(value).map((name) => name.toLowerCase()));
  if (names.has("*") && !includeCredentials) return new Set(headerNames(headers));
  return names;
}

/** Response headers a page might want to read that are not readable by default. */
function exposeCandidates(headers: HeaderList): string[] {
  return headerNames(headers).filter((name) => !NOT_EXPOSE_CANDIDATES.has(name) && !name.startsWith("access-control-"));
}

export function requirements(
  c: Case,
  origin: string,
  credentials: boolean,
  failingUrl: string,
  requestHeaders: readonly string[],
  preflightStatus: number | undefined,
): FixRequirements {
  const { exchange } = c;
  const method = requestedMethod(c);
  const response = exchange.response;
  return {
    origin,
    methods: [method],
    requestHeaders: [...requestHeaders],
    credentials,
    exposeHeaders: response ? exposeCandidates(response.headers) : [],
    preflight: exchange.preflight !== undefined,
    ...(preflightStatus !== undefined ? { preflightStatus } : {}),
    path: pathOf(failingUrl),
    serverOrigin: originOf(failingUrl) ?? originOf(exchange.url) ?? "",
  };
}

/** Request headers the browser itself adds; they say nothing about why a preflight was needed. */
const BROWSER_ADDED_HEADERS = new Set([
  "user-agent",
  "cache-control",
  "pragma",
  "priority",
  "upgrade-insecure-requests",
  "if-none-match",
  "if-modified-since",
  "if-range",
  "authorization",
  "purpose",
  "x-client-data",
]);

/** Headers every page can read anyway, or that are transport-level and never worth exposing. */
const NOT_EXPOSE_CANDIDATES = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "location",
  "last-modified",
  "etag",
  "x-cache",
  "x-cache-status",
  "x-served-by",
  "cf-cache-status",
  "pragma",
  "set-cookie",
  "set-cookie2",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "vary",
  "server",
  "strict-transport-security",
  "alt-svc",
  "timing-allow-origin",
  "cross-origin-resource-policy",
  "cross-origin-opener-policy",
  "cross-origin-embedder-policy",
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "permissions-policy",
  "accept-ranges",
  "age",
  "via",
  "nel",
  "report-to",
  "reporting-endpoints",
]);
