// Failures CORS did not decide: Local Network Access blocks, network errors, and requests CORS does
// not govern (navigations, same-origin and no-cors requests, or a mode that cannot be told).
import { unknown, requirements } from "./build-diagnosis";
import { consoleMessage } from "./console-message";
import { describeFailure } from "./explain";
import { FIREFOX_CORS_ERROR, FIREFOX_NETWORK_ERROR_HINTS, isFirefox, isRefusalError } from "./firefox-rules";
import { initiatorOrigin, type Case, type Mode } from "./inference";
import { addressSpaceOfHost, addressSpaceOfUrl, isPotentiallyTrustworthy, type AddressSpace } from "./origin";
import type { Advisory, Diagnosis } from "./types";

const LOCAL_NETWORK_ERRORS = [
  "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
  "net::ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
];

/** The error strings Chromium gives a request its Local Network Access check refused. */
export function isLocalNetworkError(error: string): boolean {
  return LOCAL_NETWORK_ERRORS.includes(error);
}

const NETWORK_ERROR_HINTS: Readonly<Record<string, string>> = {
  "net::ERR_NAME_NOT_RESOLVED": "the host name could not be resolved (DNS)",
  "net::ERR_CONNECTION_REFUSED": "nothing accepted the connection on that host and port",
  "net::ERR_CONNECTION_RESET": "the connection was reset",
  "net::ERR_CONNECTION_CLOSED": "the connection was closed",
  "net::ERR_EMPTY_RESPONSE": "the server closed the connection without answering",
  "net::ERR_ABORTED": "the request was cancelled (page navigation, AbortController or a superseded load)",
  "net::ERR_BLOCKED_BY_CLIENT": "an extension (such as an ad blocker) blocked it",
  "net::ERR_BLOCKED_BY_ORB": "Opaque Response Blocking hid a no-cors response whose type did not fit the request",
  "net::ERR_BLOCKED_BY_RESPONSE": "a response policy (Cross-Origin-Resource-Policy or embedder policy) blocked it",
  "net::ERR_CERT_AUTHORITY_INVALID": "the server's TLS certificate is not trusted",
  "net::ERR_TIMED_OUT": "the request timed out",
  "net::ERR_INTERNET_DISCONNECTED": "the machine is offline",
  // Fetch: HTTP-redirect fetch, step 5: a 21st redirect is a network error (observed in Chromium 156, no CORS error).
  "net::ERR_TOO_MANY_REDIRECTS": "the server redirected it more than 20 times (a redirect loop?), and browsers stop after 20 redirects",
};

const SPACE_RANK: Readonly<Record<AddressSpace, number>> = { loopback: 0, local: 1, public: 2, unknown: 2 };

/**
 * Observed in Chromium 156: a preflighted request refused by Local Network Access shows only
 * net::ERR_FAILED on its preflight and on the request in webRequest, with no answer (CDP alone
 * names the check). A request that failed so, before any answer, from a page in a more public
 * address space to a loopback or local host is a probable Local Network Access block: the
 * evidence, or null.
 */
function probableLocalNetworkBlock(c: Case): string | null {
  const { exchange } = c;
  if (isFirefox(exchange) || exchange.response || exchange.redirects.length > 0 || exchange.error !== "net::ERR_FAILED") return null;
  const preflight = exchange.preflight;
  if (preflight && (preflight.response || preflight.error !== "net::ERR_FAILED")) return null;
  const initiator = initiatorOrigin(c);
  if (initiator === null) return null;
  const from = addressSpaceOfUrl(initiator);
  const to = exchange.ip ? addressSpaceOfHost(exchange.ip) : addressSpaceOfUrl(exchange.url);
  if (to === "unknown" || SPACE_RANK[to] >= SPACE_RANK[from]) return null;
  const failed = preflight ? "The preflight and the request failed" : "The request failed";
  return `${failed} with net::ERR_FAILED and no answer, from ${initiator} (${from === "unknown" ? "public" : from}) to ${exchange.ip ?? hostOf(exchange.url)} (${to}): webRequest shows a Local Network Access refusal so, and no CORS check fails without an answer.`;
}

function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? url;
}

export function localNetworkBlock(c: Case): Diagnosis | null {
  const { exchange } = c;
  const explicit = [exchange.error, exchange.preflight?.error].find((value) => value !== undefined && LOCAL_NETWORK_ERRORS.includes(value));
  const probable = explicit ? null : probableLocalNetworkBlock(c);
  const error = explicit ?? (probable ? "net::ERR_FAILED" : undefined);
  if (!error) return null;
  if (probable) c.inferred.push({ fact: "local-network-access", value: "probable", evidence: probable });
  const target = exchange.response?.url || exchange.url;
  const ip = exchange.ip ?? exchange.response?.ip ?? exchange.preflight?.response?.ip;
  const space: AddressSpace = ip ? addressSpaceOfHost(ip) : addressSpaceOfUrl(target);
  const initiator = initiatorOrigin(c);
  const secure = initiator !== null && isPotentiallyTrustworthy(initiator);
  const code = initiator !== null && !secure ? "InsecureLocalNetwork" : "LocalNetworkAccessPermissionDenied";
  c.inferred.push({
    fact: "address-space",
    value: space,
    evidence: ip ? `The server's IP address ${ip} is in the ${space} address space.` : `Derived from the host name of ${target}; no IP address was observed.`,
  });
  c.inferred.push({
    fact: "secure-context",
    value: initiator === null ? "unknown" : String(secure),
    evidence: initiator === null ? "The initiator was not observed." : `${initiator} is ${secure ? "" : "not "}a potentially trustworthy origin.`,
  });
  if (initiator === null) {
    c.advisories.push({ id: "lna-initiator-unknown", message: "The page's origin was not observed; if it is plain http, Chromium reports InsecureLocalNetwork instead." });
  }
  const text = describeFailure({
    code,
    failedParameter: "",
    stage: "response",
    origin: initiator ?? "null",
    url: target,
    method: exchange.method,
    requestedHeaders: [],
    credentialsInclude: false,
    addressSpace: space,
  });
  const message = consoleMessage({
    code,
    failedParameter: "",
    url: target,
    origin: initiator ?? "null",
    resourceType: exchange.resourceType,
    method: exchange.method,
    addressSpace: space,
  });
  c.advisories.push({
    id: "local-network-access",
    message: `Chromium failed this request with ${error}${probable ? " (probably)" : ""}: Local Network Access, not CORS headers, decided it. Chromium's console text for Local Network Access blocks is reconstructed from the Private Network Access wording and may differ.`,
  });
  return {
    verdict: "blocked",
    code,
    failedParameter: "",
    stage: "response",
    title: probable ? `${text.title} (probable)` : text.title,
    explanation: probable ? `Probably a Local Network Access block. ${text.explanation}` : text.explanation,
    ...(message ? { consoleMessage: message } : {}),
    preflightReasons: [],
    checks: [],
    inferred: c.inferred,
    advisories: c.advisories,
    requirements: requirements(c, initiator ?? "null", false, target, [], undefined),
    genericFix: text.genericFix,
  };
}

export function networkFailure(c: Case): Diagnosis | null {
  const { exchange } = c;
  const preflightAnswerless = exchange.preflight && !exchange.preflight.response ? exchange.preflight.error : undefined;
  const preflightError = preflightAnswerless === FIREFOX_CORS_ERROR ? undefined : preflightAnswerless;
  const error = preflightError ?? (!isRefusalError(exchange) ? exchange.error : undefined);
  if (!error) return null;
  const hint = NETWORK_ERROR_HINTS[error] ?? FIREFOX_NETWORK_ERROR_HINTS[error] ?? "the network stack reported an error that is not a CORS check";
  const where = preflightError ? "The preflight (OPTIONS) request" : "The request";
  const advisories: Advisory[] = [];
  if (preflightError) {
    advisories.push({ id: "invalid-response-warning", message: "DevTools may show this as a CORS warning (InvalidResponse), but no CORS header was checked: the preflight never got an answer." });
  }
  return {
    verdict: "unrelated-failure",
    title: `Network error: ${error.replace(/^net::/, "")}`,
    explanation: `${where} to ${exchange.preflight?.url || exchange.url} failed with ${error}: ${hint}. This is not a CORS failure; CORS headers would not change it.`,
    preflightReasons: [],
    checks: [],
    inferred: [],
    advisories,
  };
}

export function notCors(c: Case, mode: Mode): Diagnosis {
  const { exchange } = c;
  if (mode === "unknown") {
    if (exchange.partial) {
      const refused = isRefusalError(exchange) ? ` The browser refused the request (${exchange.error ?? ""}), most likely under CORS; reload the page to see the reason.` : "";
      return unknown("Refused, details not observed", `${exchange.partial}${refused}`, { inferred: c.inferred });
    }
    return unknown(
      "Cannot tell",
      "Cannot tell whether CORS applied, because neither the request headers (Origin, Sec-Fetch-Mode) nor a preflight were observed.",
      { inferred: c.inferred },
    );
  }
  const why =
    mode === "navigate"
      ? "it is a navigation (a page or frame load), which CORS does not govern"
      : mode === "same-origin-request"
        ? "the page and the URL have the same origin"
        : "it is a no-cors request (an <img>, <script> or <link> without crossorigin, or fetch with mode 'no-cors'): the browser does not check CORS headers, and the page cannot read the response";
  if (exchange.error) {
    return {
      verdict: "unrelated-failure",
      title: `Failed, but not because of CORS (${exchange.error.replace(/^net::/, "")})`,
      explanation: `The request to ${exchange.url} failed with ${exchange.error}, but CORS does not apply: ${why}. Look at Content-Security-Policy, mixed content, Opaque Response Blocking or the server's answer instead.`,
      preflightReasons: [],
      checks: [],
      inferred: c.inferred,
      advisories: c.advisories,
    };
  }
  return {
    verdict: "not-cors",
    title: mode === "navigate" ? "Navigation: CORS does not apply" : mode === "same-origin-request" ? "Same-origin: CORS does not apply" : "No-cors request: CORS does not apply",
    explanation: `CORS does not apply to ${exchange.method} ${exchange.url}: ${why}.`,
    preflightReasons: [],
    checks: [],
    inferred: c.inferred,
    advisories: c.advisories,
  };
}

