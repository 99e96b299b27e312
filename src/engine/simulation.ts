// Replaying Chromium's checks (preflight, each redirect hop, the final response) under one
// credentials mode, and whether a replay fits what the browser did.
import { checkPreflight, checkResponseAccess, type CheckOutcome, type CorsFailure } from "./checks";
import { getHeader, splitList } from "./headers";
import { initiatorOrigin, isRefusedRedirect, requestedAfterRedirect, requestedHeaderNames, requestedMethod, type Case } from "./inference";
import { completedUnverified, isRefusalError } from "./firefox-rules";
import { originOf } from "./origin";
import { replayRedirects } from "./redirect-checks";
import type { RedirectModel } from "./redirects";
import type { CheckStage, HeaderCheck, HeaderList } from "./types";

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
  /** The redirect chain as modelled, when a redirect played a part in the failure. */
  readonly redirectModel?: RedirectModel;
  /** The failing check was the 3xx of redirect number `atRedirect`, which was not followed. */
  readonly atRedirect?: number;
  /** The failing check was the preflight sent after redirect number `afterRedirect`, asking for these headers. */
  readonly afterRedirect?: number;
  readonly failingRequested?: readonly string[];
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
    // The last preflight decides: the first one, or one sent after a redirect.
    const lastPreflight = exchange.redirects.at(-1)?.preflightAfter ?? exchange.preflight;
    if (lastPreflight && !exchange.requestHeadersSent) return "preflight-failed";
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
  readonly model: RedirectModel;
}

export function simulate(c: Case, includeCredentials: boolean, origin: string): Simulation {
  const replay: Replay = { includeCredentials, rows: [], starCoveredAuthorization: false };
  const preflightFailure = replayPreflight(c, replay, origin);
  if (preflightFailure) return preflightFailure;
  const path = replayRedirectHops(c, replay, origin);
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
  const preflight = exchange.preflight;
  if (!preflight) return undefined;
  const requestedHeaders = requestedHeaderNames(c);
  const method = requestedMethod(c);
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

const models = new WeakMap<Case, RedirectModel>();

/**
 * Each redirect hop's checks (and a refused redirect's), and the preflight after each redirect,
 * replayed by the redirect model; the failure, or where the request stands after them.
 */
function replayRedirectHops(c: Case, replay: Replay, origin: string): Simulation | Path {
  const { exchange } = c;
  const refused = isRefusedRedirect(exchange) ? exchange.response : undefined;
  // Most requests have no redirect: nothing to model (this runs for every cross-origin response).
  if (exchange.redirects.length === 0 && !refused) {
    const initiator = initiatorOrigin(c);
    const corsFlag = initiator === null || originOf(exchange.url) !== initiator;
    return { url: exchange.url, corsFlag, origin, model: { steps: [], finalOrigin: origin, finalChecked: corsFlag, finalMethod: exchange.method } };
  }
  const requested = requestedHeaderNames(c);
  const chain = replayRedirects({
    pageOrigin: initiatorOrigin(c) ?? origin,
    firstUrl: exchange.url,
    method: requestedMethod(c),
    requestedHeaders: requested.length > 0 ? requested : requestedAfterRedirect(c),
    includeCredentials: replay.includeCredentials,
    redirects: exchange.redirects,
    ...(refused ? { refused: { url: refused.url, status: refused.status, headers: refused.headers, location: getHeader(refused.headers, "Location") ?? "" } } : {}),
    ...(models.has(c) ? { model: models.get(c)! } : {}),
  });
  // Each credentials mode replays the same chain: model it once per case.
  models.set(c, chain.model);
  replay.rows.push(...chain.rows);
  const at = chain.failure;
  if (at) {
    return failed(replay, { rows: [], failure: at.failure }, at.stage, {
      failingUrl: at.failingUrl,
      ...(at.failingStatus !== undefined ? { failingStatus: at.failingStatus } : {}),
      ...(at.failingLocation !== undefined ? { failingLocation: at.failingLocation } : {}),
      comparedOrigin: at.comparedOrigin,
      failingHeaders: at.failingHeaders,
      redirectModel: chain.model,
      ...(at.atRedirect !== undefined ? { atRedirect: at.atRedirect } : {}),
      ...(at.afterRedirect !== undefined ? { afterRedirect: at.afterRedirect, failingRequested: at.requestedHeaders ?? [] } : {}),
    });
  }
  return { url: chain.finalUrl, corsFlag: chain.finalChecked, origin: chain.finalOrigin, model: chain.model };
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
        return failed(replay, outcome, "response", {
          failingHeaders: response.headers,
          failingUrl: finalUrl,
          failingStatus: response.status,
          comparedOrigin: finalOrigin,
          ...(exchange.redirects.length > 0 ? { redirectModel: path.model } : {}),
        });
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

