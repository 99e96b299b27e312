// Replaying Chromium's checks (preflight, each redirect hop, the final response) under one
// credentials mode, and whether a replay fits what the browser did.
import { checkPreflight, checkRedirectHop, checkResponseAccess, type CheckOutcome, type CorsFailure } from "./checks";
import { getHeader, splitList } from "./headers";
import { initiatorOrigin, isRefusedRedirect, requestedHeaderNames, requestedMethod, type Case } from "./inference";
import { completedUnverified, isRefusalError } from "./firefox-rules";
import { hasCredentialsInUrl, originOf, resolveLocation } from "./origin";
import type { CheckStage, HeaderCheck, HeaderList, ObservedResponse } from "./types";

export interface Simulation {
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
  /** Headers of the response that failed the check. */
  readonly failingHeaders?: HeaderList;
  /** False when the observations are too incomplete to replay the checks. */
  readonly conclusive: boolean;
  /** Why not, when not conclusive. */
  readonly missing?: string;
  readonly starCoveredAuthorization: boolean;
}

/**
 * What the browser's events say happened. "completed-unverified": Firefox's onCompleted, which a
 * response its CORS check refused gets too (docs/firefox.md): the headers decide.
 */
export type Outcome = "passed" | "completed-unverified" | "preflight-failed" | "response-failed" | "failed-before-sending" | "in-flight";

export function observedOutcome(c: Case): Outcome {
  const { exchange } = c;
  if (isRefusalError(exchange)) {
    if (exchange.response) return "response-failed";
    if (exchange.preflight && !exchange.requestHeadersSent) return "preflight-failed";
    return "failed-before-sending";
  }
  if (exchange.completed) return completedUnverified(exchange) ? "completed-unverified" : "passed";
  return "in-flight";
}

/** One replay under way: its credentials mode, the check rows so far, and what the preflight let through. */
interface Replay {
  readonly includeCredentials: boolean;
  readonly rows: HeaderCheck[];
  starCoveredAuthorization: boolean;
}

/** Where the request stands after its redirect hops. */
interface Path {
  readonly url: string;
  readonly corsFlag: boolean;
  readonly origin: string;
}

export function simulate(c: Case, includeCredentials: boolean, origin: string): Simulation {
  const replay: Replay = { includeCredentials, rows: [], starCoveredAuthorization: false };
  const preflightFailure = replayPreflight(c, replay, origin);
  if (preflightFailure) return preflightFailure;
  const path = replayRedirects(c, replay, origin);
  if (!("corsFlag" in path)) return path;
  return replayResponse(c, replay, origin, path);
}

function failed(replay: Replay, outcome: CheckOutcome, stage: CheckStage, extra: Partial<Simulation>): Simulation {
  return {
    includeCredentials: replay.includeCredentials,
    rows: replay.rows,
    failure: outcome.failure!,
    stage,
    conclusive: true,
    starCoveredAuthorization: replay.starCoveredAuthorization,
    ...extra,
  };
}

/** The preflight's checks; a result when they fail or cannot be replayed. */
function replayPreflight(c: Case, replay: Replay, origin: string): Simulation | undefined {
  const { exchange } = c;
  const { includeCredentials, rows } = replay;
  const requestedHeaders = requestedHeaderNames(c);
  const method = requestedMethod(c);
  const preflight = exchange.preflight;
  if (!preflight) return undefined;
  const response = preflight.response;
  if (!response) {
    if (!exchange.requestHeadersSent || !exchange.response) {
      return {
        includeCredentials,
        rows,
        conclusive: false,
        missing: "the preflight's answer was not observed (no response headers and no error)",
        starCoveredAuthorization: replay.starCoveredAuthorization,
      };
    }
    return undefined;
  }
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
  replay.starCoveredAuthorization =
    !outcome.failure && !includeCredentials && requestedHeaders.includes("authorization") && !listsAuthorization;
  if (!outcome.failure) return undefined;
  return failed(replay, outcome, "preflight", {
    failingHeaders: response.headers,
    failingUrl: response.url || preflight.url || exchange.url,
    failingStatus: response.status,
    failingLocation: getHeader(response.headers, "Location") ?? undefined,
    comparedOrigin: origin,
  });
}

/** Each redirect hop's checks (and a refused redirect's); the failure, or where the request stands after them. */
function replayRedirects(c: Case, replay: Replay, origin: string): Simulation | Path {
  const { exchange } = c;
  const { includeCredentials, rows } = replay;
  const initiator = initiatorOrigin(c);
  let currentUrl = exchange.url;
  let corsFlag = initiator === null || originOf(currentUrl) !== initiator;
  let currentOrigin = origin;
  const hops: { response: ObservedResponse; location: string; requestHeaders?: HeaderList }[] = exchange.redirects.map((hop) => ({
    response: hop,
    location: hop.location,
    ...(hop.requestHeaders ? { requestHeaders: hop.requestHeaders } : {}),
  }));
  if (isRefusedRedirect(exchange) && exchange.response) {
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
        return failed(replay, outcome, "redirect", {
          failingHeaders: hop.response.headers,
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
        return failed(replay, outcome, "redirect", { failingUrl: hopUrl, failingStatus: hop.response.status, failingLocation: location, comparedOrigin: hopOrigin });
      }
    }
    // Fetch: HTTP-redirect fetch, step 10: a cross-origin hop away from a cross-origin URL taints the origin.
    const from = originOf(hopUrl);
    const to = originOf(location);
    if (from !== null && to !== null && from !== to && from !== initiator) currentOrigin = "null";
    currentUrl = location || currentUrl;
    if (originOf(currentUrl) !== initiator) corsFlag = true;
  }
  return { url: currentUrl, corsFlag, origin: currentOrigin };
}

/** The final response's CORS check, once the request stands at `path`. */
function replayResponse(c: Case, replay: Replay, origin: string, path: Path): Simulation {
  const { exchange } = c;
  const { includeCredentials, rows, starCoveredAuthorization } = replay;
  const initiator = initiatorOrigin(c);
  const response = exchange.response;
  if (response && !isRefusedRedirect(exchange) && exchange.requestHeadersSent) {
    const finalUrl = response.url || path.url;
    const sentOrigin = getHeader(exchange.requestHeaders, "Origin");
    const finalOrigin = exchange.redirects.length > 0 ? (sentOrigin ?? path.origin) : origin;
    if (path.corsFlag || originOf(finalUrl) !== initiator) {
      const outcome = checkResponseAccess(response.headers, finalOrigin, includeCredentials, "response");
      rows.push(...outcome.rows);
      if (outcome.failure) {
        return failed(replay, outcome, "response", { failingHeaders: response.headers, failingUrl: finalUrl, failingStatus: response.status, comparedOrigin: finalOrigin });
      }
    }
  }
  if (!response && observedOutcome(c) === "passed") {
    return { includeCredentials, rows, conclusive: false, missing: "the request completed but no response headers were observed", starCoveredAuthorization };
  }
  return { includeCredentials, rows, conclusive: true, starCoveredAuthorization };
}

export function consistent(simulation: Simulation, outcome: Outcome): boolean {
  if (!simulation.conclusive) return false;
  switch (outcome) {
    case "passed":
      return simulation.failure === undefined;
    case "completed-unverified":
      // A refused preflight ends the request in an error, never in onCompleted.
      return simulation.failure === undefined || simulation.stage !== "preflight";
    case "preflight-failed":
      return simulation.stage === "preflight";
    case "response-failed":
      return simulation.failure !== undefined && simulation.stage !== "preflight";
    default:
      return false;
  }
}

