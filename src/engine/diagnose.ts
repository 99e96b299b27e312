// diagnose(): from what a webRequest observer saw of one request to Chromium's verdict.
// Order: non-CORS network failures → request mode (CORS applies?) → replay Chromium's checks under
// each credentials mode the observations allow → keep the mode that matches what happened.
import { checkPreflight, checkRedirectHop, checkResponseAccess, type CheckOutcome, type CorsFailure } from "./checks";
import { consoleMessage } from "./console-message";
import { sanitizeExchange } from "./exchange";
import { describeFailure } from "./explain";
import { getHeader, hasHeader, headerNames, splitList } from "./headers";
import {
  addressSpaceOfHost,
  addressSpaceOfUrl,
  hasCredentialsInUrl,
  isPotentiallyTrustworthy,
  originOf,
  pathOf,
  resolveLocation,
  type AddressSpace,
} from "./origin";
import { isForbiddenRequestHeader, isSafelistableName, isSafelistedMethod, normalizeMethod, reasonForRequestedHeader } from "./safelist";
import type {
  Advisory,
  CheckStage,
  Diagnosis,
  FixRequirements,
  HeaderCheck,
  HeaderList,
  InferredFact,
  ObservedExchange,
  ObservedResponse,
  PreflightReason,
} from "./types";

/** Never throws: any input gives a verdict, or "unknown" with the reason. */
export function diagnose(exchange: ObservedExchange): Diagnosis {
  try {
    return diagnoseUnguarded(exchange);
  } catch (error) {
    return unknown(
      "Cannot tell",
      `Cannot tell, because the observed data could not be analysed (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/**
 * Whether Chromium is certain to refuse this request, judged from what has been observed before it
 * ended: a response (or redirect) whose headers arrived, or a preflight's answer. True only when
 * the request is in CORS mode and Chromium's checks fail under every credentials mode the
 * observations allow; anything undecidable is false. The capture uses it to treat a request as
 * refused from the moment its deciding headers arrive, so that the refusal survives a worker stop
 * that swallows the browser's last event. Never throws.
 */
export function predictsRefusal(observed: ObservedExchange): boolean {
  try {
    if (admitsOriginWithoutCredentials(observed)) return false;
    const exchange = sanitizeExchange({ ...observed, error: "net::ERR_FAILED", completed: false });
    return new Diagnoser(exchange).refusedUnderEveryMode();
  } catch {
    return false;
  }
}

/**
 * The common case, decided before any copying (the capture asks for every cross-origin response):
 * a direct answer, with no preflight, redirect or credential header, whose
 * Access-Control-Allow-Origin is * or the Origin sent passes the CORS check in the mode 'omit', so
 * it cannot be refused under every mode.
 */
function admitsOriginWithoutCredentials(exchange: ObservedExchange): boolean {
  const { response } = exchange;
  if (!response || exchange.preflight || exchange.redirects.length > 0 || (response.status >= 300 && response.status < 400)) return false;
  if (hasHeader(exchange.requestHeaders, "Cookie") || hasHeader(exchange.requestHeaders, "Authorization")) return false;
  const allowOrigin = getHeader(response.headers, "Access-Control-Allow-Origin");
  return allowOrigin === "*" || (allowOrigin !== null && allowOrigin === getHeader(exchange.requestHeaders, "Origin"));
}

/** The engine without its safety net; the property tests call this to prove it never throws. */
export function diagnoseUnguarded(input: ObservedExchange): Diagnosis {
  const exchange = sanitizeExchange(input);
  return new Diagnoser(exchange).run();
}

function unknown(title: string, explanation: string, extra: Partial<Diagnosis> = {}): Diagnosis {
  return { verdict: "unknown", title, explanation, preflightReasons: [], checks: [], inferred: [], advisories: [], ...extra };
}

const LOCAL_NETWORK_ERRORS = [
  "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
  "net::ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
];

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
};

type Mode = "cors" | "no-cors" | "navigate" | "same-origin-request" | "unknown";

interface Simulation {
  readonly includeCredentials: boolean;
  readonly rows: HeaderCheck[];
  readonly failure?: CorsFailure;
  readonly stage?: CheckStage;
  /** URL whose response failed, and its status. */
  readonly failingUrl?: string;
  readonly failingStatus?: number;
  readonly failingLocation?: string;
  /** Origin the failing check compared against. */
  readonly comparedOrigin?: string;
  /** False when the observations are too incomplete to replay the checks. */
  readonly conclusive: boolean;
  /** Why not, when not conclusive. */
  readonly missing?: string;
  readonly starCoveredAuthorization: boolean;
}

type Outcome = "passed" | "preflight-failed" | "response-failed" | "failed-before-sending" | "in-flight";

class Diagnoser {
  private readonly inferred: InferredFact[] = [];
  private readonly advisories: Advisory[] = [];

  constructor(private readonly exchange: ObservedExchange) {}

  run(): Diagnosis {
    const { exchange } = this;
    const localNetwork = this.localNetworkBlock();
    if (localNetwork) return localNetwork;
    const networkFailure = this.networkFailure();
    if (networkFailure) return networkFailure;

    const mode = this.inferMode();
    if (mode !== "cors") return this.notCors(mode);

    const origin = this.originSent();
    if (origin === null) {
      return unknown(
        "Cannot tell",
        `Cannot tell, because no Origin header, initiator or document URL was observed for ${exchange.url || "this request"}, so the origin the server had to allow is unknown.`,
        { inferred: this.inferred },
      );
    }
    return this.corsVerdict(origin);
  }

  /** See predictsRefusal(). */
  refusedUnderEveryMode(): boolean {
    if (this.localNetworkBlock() || this.networkFailure() || this.inferMode() !== "cors") return false;
    const origin = this.originSent();
    if (origin === null) return false;
    const candidates = this.credentialsProof() ? [true] : [false, true];
    return candidates.every((include) => {
      const simulation = this.simulate(include, origin);
      return simulation.conclusive && simulation.failure !== undefined;
    });
  }

  // ── Not CORS at all ────────────────────────────────────────────────────────────────────────

  private localNetworkBlock(): Diagnosis | null {
    const { exchange } = this;
    const error = [exchange.error, exchange.preflight?.error].find((value) => value !== undefined && LOCAL_NETWORK_ERRORS.includes(value));
    if (!error) return null;
    const target = exchange.response?.url || exchange.url;
    const ip = exchange.ip ?? exchange.response?.ip ?? exchange.preflight?.response?.ip;
    const space: AddressSpace = ip ? addressSpaceOfHost(ip) : addressSpaceOfUrl(target);
    const initiator = this.initiatorOrigin();
    const secure = initiator !== null && isPotentiallyTrustworthy(initiator);
    const code = initiator !== null && !secure ? "InsecureLocalNetwork" : "LocalNetworkAccessPermissionDenied";
    this.inferred.push({
      fact: "address-space",
      value: space,
      evidence: ip ? `The server's IP address ${ip} is in the ${space} address space.` : `Derived from the host name of ${target}; no IP address was observed.`,
    });
    this.inferred.push({
      fact: "secure-context",
      value: initiator === null ? "unknown" : String(secure),
      evidence: initiator === null ? "The initiator was not observed." : `${initiator} is ${secure ? "" : "not "}a potentially trustworthy origin.`,
    });
    if (initiator === null) {
      this.advisories.push({ id: "lna-initiator-unknown", message: "The page's origin was not observed; if it is plain http, Chromium reports InsecureLocalNetwork instead." });
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
    this.advisories.push({
      id: "local-network-access",
      message: `Chromium failed this request with ${error}: Local Network Access, not CORS headers, decided it. Chromium's console text for Local Network Access blocks is reconstructed from the Private Network Access wording and may differ.`,
    });
    return {
      verdict: "blocked",
      code,
      failedParameter: "",
      stage: "response",
      title: text.title,
      explanation: text.explanation,
      ...(message ? { consoleMessage: message } : {}),
      preflightReasons: [],
      checks: [],
      inferred: this.inferred,
      advisories: this.advisories,
      requirements: this.requirements(initiator ?? "null", false, target, [], undefined),
      genericFix: text.genericFix,
    };
  }

  private networkFailure(): Diagnosis | null {
    const { exchange } = this;
    const preflightError = exchange.preflight && !exchange.preflight.response ? exchange.preflight.error : undefined;
    const error = preflightError ?? (exchange.error !== "net::ERR_FAILED" ? exchange.error : undefined);
    if (!error) return null;
    const hint = NETWORK_ERROR_HINTS[error] ?? "the network stack reported an error that is not a CORS check";
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

  private notCors(mode: Mode): Diagnosis {
    const { exchange } = this;
    if (mode === "unknown") {
      if (exchange.partial) {
        const refused = exchange.error === "net::ERR_FAILED" ? " The browser refused the request (net::ERR_FAILED), most likely under CORS; reload the page to see the reason." : "";
        return unknown("Refused, details not observed", `${exchange.partial}${refused}`, { inferred: this.inferred });
      }
      return unknown(
        "Cannot tell",
        "Cannot tell whether CORS applied, because neither the request headers (Origin, Sec-Fetch-Mode) nor a preflight were observed.",
        { inferred: this.inferred },
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
        inferred: this.inferred,
        advisories: this.advisories,
      };
    }
    return {
      verdict: "not-cors",
      title: mode === "navigate" ? "Navigation: CORS does not apply" : mode === "same-origin-request" ? "Same-origin: CORS does not apply" : "No-cors request: CORS does not apply",
      explanation: `CORS does not apply to ${exchange.method} ${exchange.url}: ${why}.`,
      preflightReasons: [],
      checks: [],
      inferred: this.inferred,
      advisories: this.advisories,
    };
  }

  // ── Facts hidden from webRequest ─────────────────────────────────────────────────────────

  /** Origin of the requesting context: initiator, else a non-null Origin header, else the document's origin. */
  private initiatorOrigin(): string | null {
    const { exchange } = this;
    if (exchange.initiator && exchange.initiator !== "") return exchange.initiator;
    const header = getHeader(exchange.requestHeaders, "Origin") ?? getHeader(exchange.preflight?.requestHeaders ?? [], "Origin");
    if (header !== null && header !== "null" && !header.includes(",")) return header;
    return exchange.documentUrl ? originOf(exchange.documentUrl) : null;
  }

  /** The Origin the browser sent on the first hop (what ACAO must equal). */
  private originSent(): string | null {
    const { exchange } = this;
    const firstHopHeaders = exchange.redirects[0]?.requestHeaders ?? exchange.requestHeaders;
    return (
      getHeader(exchange.preflight?.requestHeaders ?? [], "Origin") ??
      getHeader(firstHopHeaders, "Origin") ??
      getHeader(exchange.requestHeaders, "Origin") ??
      this.initiatorOrigin()
    );
  }

  /** Every URL the request visited, first to last. */
  private hopUrls(): string[] {
    const { exchange } = this;
    const urls = [exchange.url, ...exchange.redirects.map((hop) => resolveLocation(hop.location, hop.url || exchange.url))];
    const last = exchange.response?.url;
    if (last && last !== urls[urls.length - 1] && !isRefusedRedirect(exchange)) urls.push(last);
    return urls.filter((url) => url !== "");
  }

  private secFetchMode(): string | null {
    const { exchange } = this;
    const lists: HeaderList[] = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])];
    for (const headers of lists) {
      const value = getHeader(headers, "Sec-Fetch-Mode");
      if (value !== null) return value.trim().toLowerCase();
    }
    return null;
  }

  private inferMode(): Mode {
    const { exchange } = this;
    const record = (value: string, evidence: string): void => {
      this.inferred.push({ fact: "request-mode", value, evidence });
    };
    if (exchange.resourceType === "main_frame" || exchange.resourceType === "sub_frame" || exchange.resourceType === "outermost_frame") {
      return "navigate";
    }
    if (exchange.resourceType === "websocket" || exchange.resourceType === "csp_report") {
      record("no-cors", `A ${exchange.resourceType} request is never subject to CORS checks.`);
      return "no-cors";
    }
    const initiator = this.initiatorOrigin();
    const urls = this.hopUrls();
    if (initiator !== null && urls.length > 0 && urls.every((url) => originOf(url) === initiator)) return "same-origin-request";

    const secFetchMode = this.secFetchMode();
    if (secFetchMode !== null) {
      if (secFetchMode === "cors") return "cors";
      if (secFetchMode === "navigate" || secFetchMode === "nested-navigate") return "navigate";
      if (secFetchMode === "no-cors") return "no-cors";
      if (secFetchMode === "same-origin") return "no-cors";
      return "no-cors";
    }
    if (exchange.preflight) {
      record("cors", "A preflight (OPTIONS) was sent; browsers preflight only CORS-mode requests.");
      return "cors";
    }
    const originHeader = hasHeader(exchange.requestHeaders, "Origin");
    const method = normalizeMethod(exchange.method);
    const noSecFetch = "Sec-Fetch-Mode was not sent (Chromium sends it only to https and localhost URLs)";
    if (originHeader) {
      if (method === "GET" || method === "HEAD") {
        record("cors", `${noSecFetch}; the ${method} request carried an Origin header, which browsers add to GET/HEAD only in CORS mode.`);
        return "cors";
      }
      if (exchange.resourceType === "ping") {
        record("no-cors", `${noSecFetch}; a ${method} ping/beacon with Origin is sent in no-cors mode.`);
        return "no-cors";
      }
      record("cors", `${noSecFetch}; the ${method} request carried an Origin header and is a ${exchange.resourceType} request (no-cors ${method} also sends Origin, so this is the likely mode, not a certainty).`);
      return "cors";
    }
    if (exchange.requestHeaders.length === 0) {
      if (exchange.resourceType === "font") {
        record("cors", "Fonts are always fetched in CORS mode; no request headers were observed.");
        return "cors";
      }
      return "unknown";
    }
    record("no-cors", `${noSecFetch}; the request carried no Origin header, so it was not a CORS request.`);
    return "no-cors";
  }

  /** Cookie (even redacted) proves credentials "include"; so does Authorization the page did not set. */
  private credentialsProof(): string | null {
    const { exchange } = this;
    const lists: HeaderList[] = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])];
    if (lists.some((headers) => hasHeader(headers, "Cookie"))) {
      return "The request carried a Cookie header (its value is hidden); browsers send cookies cross-origin only with credentials 'include'.";
    }
    // Without an observed preflight the Authorization header may be the page's own (the preflight
    // can come from Chromium's preflight cache), so it proves nothing then.
    const requested = this.requestedHeaderNames();
    if (exchange.preflight && lists.some((headers) => hasHeader(headers, "Authorization")) && !requested.includes("authorization")) {
      return "The request carried an Authorization header that the page did not set (it was not in Access-Control-Request-Headers), so the browser added HTTP authentication: credentials 'include'.";
    }
    return null;
  }

  /** The initiator when webRequest did not give it, and the Authorization header's hidden value. */
  private recordHiddenHeaders(): void {
    const { exchange } = this;
    if (!exchange.initiator) {
      const initiator = this.initiatorOrigin();
      if (initiator !== null) {
        this.inferred.push({ fact: "initiator", value: initiator, evidence: "webRequest gave no initiator; taken from the Origin header or the document URL." });
      }
    }
    const sent = [exchange.requestHeaders, ...exchange.redirects.map((hop) => hop.requestHeaders ?? [])].some((headers) => hasHeader(headers, "Authorization"));
    const requested = this.requestedHeaderNames().includes("authorization");
    if (!sent && !requested) return;
    this.inferred.push({
      fact: "authorization",
      value: "present (value hidden)",
      evidence: requested
        ? "The page set an Authorization header: it is listed in Access-Control-Request-Headers, so the server must allow it in Access-Control-Allow-Headers."
        : exchange.preflight
          ? "The request carried an Authorization header the page did not set (not in Access-Control-Request-Headers): the browser added HTTP authentication."
          : "The request carried an Authorization header; without an observed preflight it cannot be told whether the page or HTTP authentication added it.",
    });
  }

  private requestedHeaderNames(): string[] {
    const preflight = this.exchange.preflight;
    if (!preflight) return [];
    const value = getHeader(preflight.requestHeaders, "Access-Control-Request-Headers");
    return value === null ? [] : [...new Set(splitList(value).map((name) => name.toLowerCase()))].sort();
  }

  private requestedMethod(): string {
    const preflight = this.exchange.preflight;
    const fromPreflight = preflight ? getHeader(preflight.requestHeaders, "Access-Control-Request-Method") : null;
    return fromPreflight !== null && fromPreflight.trim() !== "" ? fromPreflight.trim() : normalizeMethod(this.exchange.method);
  }

  // ── Replaying Chromium's checks ──────────────────────────────────────────────────────────

  private outcome(): Outcome {
    const { exchange } = this;
    if (exchange.error === "net::ERR_FAILED") {
      if (exchange.response) return "response-failed";
      if (exchange.preflight && !exchange.requestHeadersSent) return "preflight-failed";
      return "failed-before-sending";
    }
    if (exchange.completed) return "passed";
    return "in-flight";
  }

  private simulate(includeCredentials: boolean, origin: string): Simulation {
    const { exchange } = this;
    const rows: HeaderCheck[] = [];
    const requestedHeaders = this.requestedHeaderNames();
    const method = this.requestedMethod();
    let starCoveredAuthorization = false;
    const failed = (outcome: CheckOutcome, stage: CheckStage, extra: Partial<Simulation>): Simulation => ({
      includeCredentials,
      rows,
      failure: outcome.failure!,
      stage,
      conclusive: true,
      starCoveredAuthorization,
      ...extra,
    });

    const preflight = exchange.preflight;
    if (preflight) {
      const response = preflight.response;
      if (!response) {
        if (!exchange.requestHeadersSent || !exchange.response) {
          return {
            includeCredentials,
            rows,
            conclusive: false,
            missing: "the preflight's answer was not observed (no response headers and no error)",
            starCoveredAuthorization,
          };
        }
      } else {
        const outcome = checkPreflight({
          status: response.status,
          headers: response.headers,
          origin,
          credentialsInclude: includeCredentials,
          method,
          requestHeaderNames: requestedHeaders,
        });
        rows.push(...outcome.rows);
        const allowHeaders = getHeader(response.headers, "Access-Control-Allow-Headers");
        const listsAuthorization = allowHeaders !== null && splitList(allowHeaders).some((item) => item.toLowerCase() === "authorization");
        starCoveredAuthorization =
          !outcome.failure && !includeCredentials && requestedHeaders.includes("authorization") && !listsAuthorization;
        if (outcome.failure) {
          return failed(outcome, "preflight", {
            failingUrl: response.url || preflight.url || exchange.url,
            failingStatus: response.status,
            failingLocation: getHeader(response.headers, "Location") ?? undefined,
            comparedOrigin: origin,
          });
        }
      }
    }

    const initiator = this.initiatorOrigin();
    let currentUrl = exchange.url;
    let corsFlag = initiator === null || originOf(currentUrl) !== initiator;
    let currentOrigin = origin;
    const hops: { response: ObservedResponse; location: string; requestHeaders?: HeaderList }[] = exchange.redirects.map((hop) => ({
      response: hop,
      location: hop.location,
      ...(hop.requestHeaders ? { requestHeaders: hop.requestHeaders } : {}),
    }));
    const refused = isRefusedRedirect(exchange);
    if (refused && exchange.response) {
      hops.push({ response: exchange.response, location: getHeader(exchange.response.headers, "Location") ?? "" });
    }
    for (const hop of hops) {
      const sentOrigin = hop.requestHeaders ? getHeader(hop.requestHeaders, "Origin") : null;
      const hopOrigin = sentOrigin ?? currentOrigin;
      const hopUrl = hop.response.url || currentUrl;
      const location = resolveLocation(hop.location, hopUrl);
      if (corsFlag) {
        const outcome = checkRedirectHop(hop.response.headers, location, hopOrigin, includeCredentials);
        rows.push(...outcome.rows);
        if (outcome.failure) {
          return failed(outcome, "redirect", {
            failingUrl: hopUrl,
            failingStatus: hop.response.status,
            failingLocation: location,
            comparedOrigin: hopOrigin,
          });
        }
      } else if (hasCredentialsInUrl(location) && originOf(location) !== initiator) {
        const outcome = checkRedirectHop([{ name: "Access-Control-Allow-Origin", value: "*" }], location, hopOrigin, false);
        if (outcome.failure) {
          rows.push(...outcome.rows.filter((row) => row.header === "Location"));
          return failed(outcome, "redirect", { failingUrl: hopUrl, failingStatus: hop.response.status, failingLocation: location, comparedOrigin: hopOrigin });
        }
      }
      // Fetch: HTTP-redirect fetch, step 10: a cross-origin hop away from a cross-origin URL taints the origin.
      const from = originOf(hopUrl);
      const to = originOf(location);
      if (from !== null && to !== null && from !== to && from !== initiator) currentOrigin = "null";
      currentUrl = location || currentUrl;
      if (originOf(currentUrl) !== initiator) corsFlag = true;
    }

    const response = exchange.response;
    if (response && !refused && exchange.requestHeadersSent) {
      const finalUrl = response.url || currentUrl;
      const sentOrigin = getHeader(exchange.requestHeaders, "Origin");
      const finalOrigin = exchange.redirects.length > 0 ? (sentOrigin ?? currentOrigin) : origin;
      if (corsFlag || originOf(finalUrl) !== initiator) {
        const outcome = checkResponseAccess(response.headers, finalOrigin, includeCredentials, "response");
        rows.push(...outcome.rows);
        if (outcome.failure) {
          return failed(outcome, "response", { failingUrl: finalUrl, failingStatus: response.status, comparedOrigin: finalOrigin });
        }
      }
    }
    if (!response && this.outcome() === "passed") {
      return { includeCredentials, rows, conclusive: false, missing: "the request completed but no response headers were observed", starCoveredAuthorization };
    }
    return { includeCredentials, rows, conclusive: true, starCoveredAuthorization };
  }

  private consistent(simulation: Simulation, outcome: Outcome): boolean {
    if (!simulation.conclusive) return false;
    switch (outcome) {
      case "passed":
        return simulation.failure === undefined;
      case "preflight-failed":
        return simulation.stage === "preflight";
      case "response-failed":
        return simulation.failure !== undefined && simulation.stage !== "preflight";
      default:
        return false;
    }
  }

  private corsVerdict(origin: string): Diagnosis {
    const { exchange } = this;
    const outcome = this.outcome();
    if (outcome === "in-flight") {
      return unknown("Still in flight", `Cannot tell yet, because ${exchange.url} has neither completed nor failed.`, { inferred: this.inferred });
    }
    if (outcome === "failed-before-sending") {
      return unknown(
        "Cannot tell",
        `Cannot tell, because ${exchange.url} failed with net::ERR_FAILED before any preflight or response was observed; the browser decided without a server answer (for example a blocked scheme or a request mode the page chose).`,
        { inferred: this.inferred },
      );
    }

    this.recordHiddenHeaders();
    const proof = this.credentialsProof();
    const candidates = proof ? [true] : [false, true];
    const simulations = candidates.map((include) => this.simulate(include, origin));
    const matching = simulations.filter((simulation) => this.consistent(simulation, outcome));

    if (matching.length === 0) return this.inconsistent(outcome, simulations, proof);

    const chosen = this.chooseSimulation(matching, proof);
    return this.build(chosen, origin, outcome);
  }

  private chooseSimulation(matching: Simulation[], proof: string | null): Simulation {
    const [first, second] = matching as [Simulation, Simulation | undefined];
    if (proof) {
      this.inferred.push({ fact: "credentials-mode", value: "include", evidence: proof });
      return first;
    }
    if (!second) {
      const value = first.includeCredentials ? "include" : "omit or same-origin";
      const other = first.includeCredentials ? "without" : "with";
      const what = first.failure ? `fails with ${first.failure.code}` : "passes";
      this.inferred.push({
        fact: "credentials-mode",
        value,
        evidence: `webRequest never shows the credentials mode. Replaying Chromium's checks, only the mode '${value}' matches what happened (the exchange ${what}); ${other} credentials the outcome would differ.`,
      });
      return first;
    }
    const sameVerdict =
      first.failure?.code === second.failure?.code && first.failure?.failedParameter === second.failure?.failedParameter;
    this.inferred.push({
      fact: "credentials-mode",
      value: "unknown",
      evidence: sameVerdict
        ? "No Cookie header was seen, and the outcome is the same with and without credentials, so the mode cannot be told (and does not matter here)."
        : "No Cookie header was seen, and both modes fit what happened; the more common mode (no credentials) is assumed.",
    });
    if (!sameVerdict && second.failure) {
      this.advisories.push({
        id: "credentials-ambiguous",
        message: `If the page sends credentials (credentials: 'include' or withCredentials), Chromium reports ${second.failure.code}${second.failure.failedParameter ? ` ('${second.failure.failedParameter}')` : ""} instead.`,
      });
    }
    return first;
  }

  private inconsistent(outcome: Outcome, simulations: Simulation[], proof: string | null): Diagnosis {
    const { exchange } = this;
    const modes = proof ? "with credentials" : "with or without credentials";
    const incomplete = simulations.find((simulation) => !simulation.conclusive);
    if (incomplete) {
      return unknown("Cannot tell", `Cannot tell, because ${incomplete.missing ?? "the observations are incomplete"}, so Chromium's checks cannot be replayed.`, {
        inferred: this.inferred,
      });
    }
    if (outcome === "passed") {
      const failure = simulations[0]?.failure;
      return unknown(
        "Cannot tell",
        `Cannot tell, because the browser let the response through although the headers as observed would fail ${failure ? failure.code : "a CORS check"} ${modes}. Another extension may have rewritten headers, a cached preflight may have been used, or the request was not in CORS mode.`,
        { inferred: this.inferred, checks: simulations[0]?.rows ?? [] },
      );
    }
    const stage = outcome === "preflight-failed" ? "the preflight" : "the response";
    return unknown(
      "Cannot tell",
      `Cannot tell, because ${exchange.url} failed with net::ERR_FAILED, yet every CORS check on ${stage} passes ${modes}. Something other than the headers observed here decided it (another extension, a cached preflight, Opaque Response Blocking, or headers changed after capture).`,
      { inferred: this.inferred, checks: simulations[0]?.rows ?? [] },
    );
  }

  // ── Building the diagnosis ───────────────────────────────────────────────────────────────

  private preflightReasons(): PreflightReason[] {
    const { exchange } = this;
    if (!exchange.preflight) return [];
    const reasons: PreflightReason[] = [];
    const method = this.requestedMethod();
    if (!isSafelistedMethod(method)) {
      reasons.push({ kind: "method", subject: method, detail: `${method} is not GET, HEAD or POST, so the browser asks first.` });
    }
    const known = exchange.requestHeadersSent ? exchange.requestHeaders : [];
    for (const name of this.requestedHeaderNames()) {
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

  private build(simulation: Simulation, origin: string, outcome: Outcome): Diagnosis {
    const { exchange } = this;
    const preflightReasons = this.preflightReasons();
    const requested = this.requestedHeaderNames();
    const method = this.requestedMethod();
    if (simulation.starCoveredAuthorization) {
      this.advisories.push({
        id: "allow-headers-star-authorization",
        message:
          "Access-Control-Allow-Headers: * let the Authorization header through: Chromium 156 accepts that, but the Fetch standard says * does not cover Authorization and Firefox warns it will block it. List authorization explicitly.",
      });
    }
    this.addResponseAdvisories(simulation, outcome);
    this.addCachedPreflightAdvisory();
    if (exchange.partial) this.advisories.push({ id: "partial-observation", message: exchange.partial });
    const preflightStatus = exchange.preflight?.response?.status;
    const preflightStatusBad = preflightStatus !== undefined && (preflightStatus < 200 || preflightStatus >= 300) ? preflightStatus : undefined;

    if (!simulation.failure) {
      const credentials = simulation.includeCredentials ? " with credentials" : "";
      return {
        verdict: "allowed",
        title: "Allowed",
        explanation: `The browser let ${origin} read the response from ${exchange.response?.url || exchange.url}${credentials}: ${exchange.preflight ? `the preflight allowed ${method}${requested.length ? ` with ${requested.join(", ")}` : ""}, and ` : ""}the response's Access-Control-Allow-Origin matched.`,
        preflightReasons,
        checks: simulation.rows,
        inferred: this.inferred,
        advisories: this.advisories,
      };
    }

    const { code, failedParameter } = simulation.failure;
    const stage = simulation.stage ?? "response";
    const failingUrl = simulation.failingUrl ?? exchange.url;
    const comparedOrigin = simulation.comparedOrigin ?? origin;
    const text = describeFailure({
      code,
      failedParameter,
      stage,
      origin: comparedOrigin,
      url: failingUrl,
      method,
      ...(simulation.failingStatus !== undefined ? { status: simulation.failingStatus } : {}),
      requestedHeaders: requested,
      credentialsInclude: simulation.includeCredentials,
      ...(simulation.failingLocation !== undefined ? { location: simulation.failingLocation } : {}),
    });
    const message = consoleMessage({
      code,
      failedParameter,
      url: failingUrl,
      ...(simulation.failingLocation !== undefined ? { redirectLocation: simulation.failingLocation } : {}),
      ...(failingUrl !== exchange.url && stage !== "preflight" ? { initialUrl: exchange.url } : {}),
      origin: comparedOrigin,
      resourceType: exchange.resourceType,
      method,
    });
    const checks = simulation.rows;
    return {
      verdict: "blocked",
      code,
      failedParameter,
      stage,
      title: text.title,
      explanation: text.explanation,
      ...(message ? { consoleMessage: message } : {}),
      preflightReasons,
      checks,
      inferred: this.inferred,
      advisories: this.advisories,
      requirements: this.requirements(origin, simulation.includeCredentials, failingUrl, requested, preflightStatusBad),
      genericFix: text.genericFix,
    };
  }

  /** A non-simple request without an observed preflight: Chromium reused a cached preflight. */
  private addCachedPreflightAdvisory(): void {
    const { exchange } = this;
    if (exchange.preflight || !exchange.requestHeadersSent) return;
    const method = normalizeMethod(exchange.method);
    const custom = exchange.requestHeaders
      .map((field) => field.name.toLowerCase())
      .filter((name) => !BROWSER_ADDED_HEADERS.has(name) && !isForbiddenRequestHeader(name) && !isSafelistableName(name));
    if (isSafelistedMethod(method) && custom.length === 0) return;
    const why = [...(isSafelistedMethod(method) ? [] : [method]), ...new Set(custom)].join(", ");
    this.advisories.push({
      id: "preflight-from-cache",
      message: `This request needed a preflight (${why}) but none was observed: Chromium used a cached preflight answer (Access-Control-Max-Age). The preflight checks are not shown; clear the cache or disable it in DevTools to see them.`,
    });
  }

  private addResponseAdvisories(simulation: Simulation, outcome: Outcome): void {
    const response = this.exchange.response;
    if (!response || outcome !== "passed") return;
    const allowOrigin = getHeader(response.headers, "Access-Control-Allow-Origin");
    const vary = (getHeader(response.headers, "Vary") ?? "").toLowerCase();
    if (allowOrigin !== null && allowOrigin !== "*" && !vary.includes("origin") && !vary.includes("*")) {
      this.advisories.push({
        id: "vary-origin",
        message: `The server echoes a specific origin (${allowOrigin}) without Vary: Origin; caches may serve this response to another origin, which then fails. Add Vary: Origin.`,
      });
    }
    const hidden = this.exposeCandidates(response.headers).filter((name) => !this.exposed(response.headers, simulation.includeCredentials).has(name));
    if (hidden.length > 0) {
      this.advisories.push({
        id: "expose-headers",
        message: `The page cannot read ${hidden.join(", ")} from JavaScript unless Access-Control-Expose-Headers lists ${hidden.length === 1 ? "it" : "them"}.`,
      });
    }
  }

  private exposed(headers: HeaderList, includeCredentials: boolean): Set<string> {
    const value = getHeader(headers, "Access-Control-Expose-Headers");
    const names = new Set(value === null ? [] : splitList(value).map((name) => name.toLowerCase()));
    if (names.has("*") && !includeCredentials) return new Set(headerNames(headers));
    return names;
  }

  /** Response headers a page might want to read that are not readable by default. */
  private exposeCandidates(headers: HeaderList): string[] {
    return headerNames(headers).filter((name) => !NOT_EXPOSE_CANDIDATES.has(name) && !name.startsWith("access-control-"));
  }

  private requirements(
    origin: string,
    credentials: boolean,
    failingUrl: string,
    requestHeaders: readonly string[],
    preflightStatus: number | undefined,
  ): FixRequirements {
    const { exchange } = this;
    const method = this.requestedMethod();
    const response = exchange.response;
    return {
      origin,
      methods: [method],
      requestHeaders: [...requestHeaders],
      credentials,
      exposeHeaders: response ? this.exposeCandidates(response.headers) : [],
      preflight: exchange.preflight !== undefined,
      ...(preflightStatus !== undefined ? { preflightStatus } : {}),
      path: pathOf(failingUrl),
      serverOrigin: originOf(failingUrl) ?? originOf(exchange.url) ?? "",
    };
  }
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

/** A 3xx final response with a Location, and an error: the browser refused to follow it. */
function isRefusedRedirect(exchange: ObservedExchange): boolean {
  const response = exchange.response;
  return (
    response !== undefined &&
    exchange.error !== undefined &&
    response.status >= 300 &&
    response.status < 400 &&
    getHeader(response.headers, "Location") !== null
  );
}
