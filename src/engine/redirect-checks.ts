// Replays Chromium's checks along a request's redirect chain: the CORS check on each 3xx the request
// was in CORS mode for, credentials or a non-HTTP scheme in its Location, and the preflight the
// browser sent to the new URL before following it, each against the Origin sent at that hop (the
// page's, or "null" once tainted). The hop model itself is src/engine/redirects.ts.
import { checkPreflight, checkRedirectHop, type CorsFailure } from "./checks";
import { getHeader } from "./headers";
import { requestedOf } from "./inference";
import { resolveLocation } from "./origin";
import { modelRedirects, type RedirectModel, type RedirectMode } from "./redirects";
import type { CheckStage, HeaderCheck, HeaderList, ObservedRedirect } from "./types";

export interface RedirectReplayInput {
  /** The page's origin (webRequest's initiator). */
  readonly pageOrigin: string;
  readonly firstUrl: string;
  /** The method the page asked for, and the lower-cased CORS-unsafe header names it set. */
  readonly method: string;
  readonly requestedHeaders: readonly string[];
  readonly includeCredentials: boolean;
  /** The followed redirects, and a last 3xx the browser refused to follow (its Location), if any. */
  readonly redirects: readonly ObservedRedirect[];
  readonly refused?: { readonly url: string; readonly status: number; readonly headers: HeaderList; readonly location: string };
  readonly mode?: RedirectMode;
  /** The chain's model when already made (it does not depend on the credentials mode). */
  readonly model?: RedirectModel;
}

export interface RedirectFailureAt {
  readonly failure: CorsFailure;
  readonly stage: CheckStage;
  readonly failingUrl: string;
  readonly failingStatus?: number;
  readonly failingLocation?: string;
  /** Origin the failing check compared against, and the headers of the answer that failed. */
  readonly comparedOrigin: string;
  readonly failingHeaders: HeaderList;
  /** The failing check ran on the 3xx of redirect number `atRedirect` (it was not followed). */
  readonly atRedirect?: number;
  /** The failing check ran on a preflight sent after redirect number `afterRedirect`. */
  readonly afterRedirect?: number;
  /** The preflight's requested header names, when the failing check was a preflight. */
  readonly requestedHeaders?: readonly string[];
}

export interface RedirectReplay {
  readonly rows: HeaderCheck[];
  readonly failure?: RedirectFailureAt;
  readonly model: RedirectModel;
  /** Origin the last hop sent, and whether its response is CORS-checked. */
  readonly finalOrigin: string;
  readonly finalChecked: boolean;
  /** URL of the last hop. */
  readonly finalUrl: string;
}

function replayDone(rows: HeaderCheck[], model: RedirectModel, finalUrl: string, failure?: RedirectFailureAt): RedirectReplay {
  return { rows, ...(failure ? { failure } : {}), model, finalOrigin: model.finalOrigin, finalChecked: model.finalChecked, finalUrl };
}

/** Walks the chain in the browser's order and stops at the first failing check. */
export function replayRedirects(input: RedirectReplayInput): RedirectReplay {
  const hops = input.refused ? [...input.redirects, Object.assign({}, input.refused, { refusedLast: true })] : input.redirects;
  const model = input.model ?? modelRedirects({
    pageOrigin: input.pageOrigin,
    firstUrl: input.firstUrl,
    method: input.method,
    unsafeHeaders: input.requestedHeaders,
    redirects: hops.map((hop) => ({ url: hop.url, status: hop.status, location: hop.location })),
    ...(input.mode ? { mode: input.mode } : {}),
  });
  const rows: HeaderCheck[] = [];
  let finalUrl = input.firstUrl;

  for (const [index, hop] of hops.entries()) {
    const step = model.steps[index];
    if (!step) break;
    const hopUrl = hop.url || finalUrl;
    const location = resolveLocation(hop.location, hopUrl);
    // The Origin observed on this hop wins over the model (a browser may differ from the standard).
    const observed = "requestHeaders" in hop && hop.requestHeaders ? getHeader(hop.requestHeaders, "Origin") : null;
    const origin = observed ?? step.originAtFrom;
    if (step.checked) {
      const outcome = checkRedirectHop(hop.headers, location, origin, input.includeCredentials);
      rows.push(...outcome.rows);
      if (outcome.failure) {
        return replayDone(rows, model, finalUrl, { failure: outcome.failure, stage: "redirect", failingUrl: hopUrl, failingStatus: hop.status, failingLocation: location, comparedOrigin: origin, failingHeaders: hop.headers, atRedirect: index });
      }
    } else if (step.stop?.kind === "credentials-in-location" || step.stop?.kind === "non-http-location") {
      // Fetch: HTTP-redirect fetch, steps 5 and 8: refused before any CORS header is looked at.
      const outcome = checkRedirectHop([{ name: "Access-Control-Allow-Origin", value: "*" }], location, origin, false);
      rows.push(...outcome.rows.filter((row) => row.header === "Location"));
      if (outcome.failure) {
        return replayDone(rows, model, finalUrl, { failure: outcome.failure, stage: "redirect", failingUrl: hopUrl, failingStatus: hop.status, failingLocation: location, comparedOrigin: origin, failingHeaders: hop.headers, atRedirect: index });
      }
    }
    if (step.stop) break;
    finalUrl = location || finalUrl;
    const preflight = "preflightAfter" in hop ? hop.preflightAfter : undefined;
    const answer = preflight?.response;
    if (preflight && answer) {
      const requested = requestedOf(preflight);
      const preflightOrigin = getHeader(preflight.requestHeaders, "Origin") ?? step.originAfter;
      const method = getHeader(preflight.requestHeaders, "Access-Control-Request-Method")?.trim() || step.methodAfter;
      const outcome = checkPreflight({
        status: answer.status,
        headers: answer.headers,
        origin: preflightOrigin,
        credentialsInclude: input.includeCredentials,
        method,
        requestHeaderNames: requested,
      });
      rows.push(...outcome.rows);
      if (outcome.failure) {
        return replayDone(rows, model, finalUrl, {
          failure: outcome.failure,
          stage: "preflight",
          failingUrl: answer.url || preflight.url || location,
          failingStatus: answer.status,
          ...(getHeader(answer.headers, "Location") !== null ? { failingLocation: getHeader(answer.headers, "Location")! } : {}),
          comparedOrigin: preflightOrigin,
          failingHeaders: answer.headers,
          afterRedirect: index,
          requestedHeaders: requested,
        });
      }
    }
  }
  return replayDone(rows, model, finalUrl);
}
