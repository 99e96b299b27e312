// What a blocked request's redirects add to its diagnosis: the words that say what the redirect
// did (the origin turned null, the request left the page's origin, a login page), the fix where it
// belongs, the requirement the fix library turns into advice, and every header a preflight refused.
import { disallowedHeaders } from "./disallowed-headers";
import type { FailureText } from "./explain";
import { getHeader } from "./headers";
import type { Case } from "./inference";
import { classifyRedirectFailure, redirectAdvice, redirectExplanation, type RedirectFacts } from "./redirects";
import type { Simulation } from "./simulation";
import type { Diagnosis, InferredFact, ObservedExchange, ObservedPreflight, RedirectRequirement } from "./types";

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

/**
 * An observer that cannot tell a refused redirect from a fetch with redirect: 'error' (Chrome's
 * HAR, and DevTools' live log, write both as net::ERR_FAILED at the 3xx; the HAR reader says so with
 * its "redirect-mode" fact): when nothing shows the credentials mode and only credentials 'include'
 * makes the 3xx a CORS refusal, while without credentials it passes, redirect: 'error' fits as
 * well. Not judged blocked: "unknown", with both readings and what credentials 'include' gives.
 * Undefined for anything else (a stated or observed credentials mode decides as usual).
 */
export function redirectModeUndecided(c: Case, simulations: readonly Simulation[], matching: readonly Simulation[], proof: string | null): Diagnosis | undefined {
  const observerCannotTell = c.exchange.observerFacts?.some((fact) => fact.fact === "redirect-mode" && fact.value === "follow (assumed)") ?? false;
  if (!observerCannotTell || proof !== null || c.exchange.credentialsWitness !== undefined) return undefined;
  const withCredentials = matching.length === 1 ? matching[0] : undefined;
  const without = simulations.find((simulation) => !simulation.includeCredentials);
  if (!withCredentials?.includeCredentials || !withCredentials.failure || withCredentials.atRedirect === undefined) return undefined;
  if (!without?.conclusive || without.failure) return undefined;
  const { code, failedParameter } = withCredentials.failure;
  const named = `${code}${failedParameter ? ` ('${failedParameter}')` : ""}`;
  c.inferred.push({
    fact: "credentials-mode",
    value: "unknown",
    evidence: `No Cookie, no Sec-Fetch-Storage-Access and no Authorization added by the browser was seen. Only credentials 'include' makes this redirect a CORS refusal (${named}); without credentials its headers pass.`,
  });
  return {
    verdict: "unknown",
    title: "Failed at a redirect; not shown to be CORS",
    explanation: `The request failed at the ${withCredentials.failingStatus ?? "3xx"} from ${withCredentials.failingUrl ?? c.exchange.url}, and the recording writes two different failures the same way here. Either the page's fetch used redirect: 'error', which fails at any redirect (a network error, not a CORS one: the redirect's CORS headers pass without credentials), or the page sent credentials (credentials: 'include' or withCredentials) and the redirect lacks what credentials need (${named}). Nothing in the recording shows credentials, so it is not reported as blocked.`,
    preflightReasons: [],
    checks: without.rows,
    inferred: c.inferred,
    advisories: [
      {
        id: "credentials-ambiguous",
        message: `If the page sends credentials (credentials: 'include' or withCredentials), Chromium reports ${named}: read the file again with --credentials include to judge it so.`,
      },
    ],
  };
}
