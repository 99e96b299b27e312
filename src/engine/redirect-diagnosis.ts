// What a blocked request's redirects add to its diagnosis: the words that say what the redirect
// did (the origin turned null, the request left the page's origin, a login page), the fix where it
// belongs, the requirement the fix library turns into advice, and every header a preflight refused.
import { disallowedHeaders } from "./disallowed-headers";
import type { FailureText } from "./explain";
import { getHeader } from "./headers";
import type { Case } from "./inference";
import { classifyRedirectFailure, redirectAdvice, redirectExplanation, type RedirectFacts } from "./redirects";
import type { Simulation } from "./simulation";
import type { InferredFact, ObservedExchange, ObservedPreflight, RedirectRequirement } from "./types";

/** The redirect facts of a failed replay, when a redirect played a part in it. */
export function redirectFactsOf(c: Case, simulation: Simulation, pageOrigin: string, failingUrl: string): RedirectFacts | undefined {
  if (!simulation.redirectModel) return undefined;
  return classifyRedirectFailure(simulation.redirectModel, pageOrigin, c.exchange.url, failingUrl, simulation.afterRedirect !== undefined, simulation.atRedirect);
}

/** The failure's words with what the redirect did, and the fix where it belongs. */
export function withRedirect(text: FailureText, facts: RedirectFacts, credentialsInclude: boolean): FailureText {
  const advice = redirectAdvice(facts, credentialsInclude);
  // After a tainted origin, a login redirect or credentials in a Location, CORS headers on the
  // failing server are not the fix; after a plain redirect away from the page's origin they can be.
  const stackFixHelps = facts.kind === "left-page-origin" || facts.kind === "preflight-after-redirect" || facts.kind === "cross-origin-redirect";
  return {
    title: text.title,
    explanation: `${text.explanation} ${redirectExplanation(facts)}`,
    genericFix: stackFixHelps ? `${advice} ${text.genericFix}` : advice,
  };
}

export function redirectRequirement(facts: RedirectFacts, originSent: string, advice: string): RedirectRequirement {
  return { kind: facts.kind, from: facts.step.from, to: facts.step.to, status: facts.step.status, pageOrigin: facts.pageOrigin, originSent, advice };
}

/** The preflight whose answer failed: the first one, or the one sent after redirect `afterRedirect`. */
function failingPreflight(c: Case, simulation: Simulation): ObservedPreflight | undefined {
  return simulation.afterRedirect !== undefined ? c.exchange.redirects[simulation.afterRedirect]?.preflightAfter : c.exchange.preflight;
}

/**
 * Every header the failing preflight refused, when it refused several (Chromium names only the
 * first); recorded as an inferred fact with its evidence.
 */
export function refusedHeaders(c: Case, simulation: Simulation, asked: readonly string[]): readonly string[] | undefined {
  const answer = failingPreflight(c, simulation)?.response;
  if (!answer) return undefined;
  const refused = disallowedHeaders(getHeader(answer.headers, "Access-Control-Allow-Headers"), simulation.includeCredentials, asked);
  if (!refused || refused.names.length < 2) return undefined;
  c.inferred.push({ fact: "disallowed-headers", value: refused.names.join(", "), evidence: refused.evidence });
  return refused.names;
}

/**
 * A fetch with redirect: 'manual' whose 3xx passed the CORS check: Chromium 156 hands the page an
 * opaque redirect and ends the request with net::ERR_ABORTED on the first URL, after the 3xx
 * arrived (a 3xx that fails the check ends in net::ERR_FAILED instead). Judged as the response the
 * page got: the 3xx, completed. Undefined for anything else.
 */
export function asManualRedirect(exchange: ObservedExchange): { exchange: ObservedExchange; fact: InferredFact } | undefined {
  const response = exchange.response;
  if (exchange.error !== "net::ERR_ABORTED" || !response || response.status < 300 || response.status >= 400) return undefined;
  const location = getHeader(response.headers, "Location");
  if (location === null || (exchange.resourceType !== "xmlhttprequest" && exchange.resourceType !== "other")) return undefined;
  const { error: _error, ...rest } = exchange;
  return {
    exchange: { ...rest, completed: true },
    fact: {
      fact: "redirect-mode",
      value: "manual",
      evidence: `The request stopped with net::ERR_ABORTED right after its ${response.status} to ${location}: the page asked for redirect: 'manual' (it gets an opaque redirect, not followed), or aborted the request at that moment.`,
    },
  };
}
