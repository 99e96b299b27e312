// diagnose(): from what a webRequest observer saw of one request to Chromium's verdict.
// Order: non-CORS network failures → request mode (CORS applies?) → replay Chromium's checks under
// each credentials mode the observations allow → keep the mode that matches what happened.
//
// The one judge of a request, with three entry points of different cost:
// - predictsRefusal(): in the capture's hot path, before a request ends (a refusal judged early
//   survives a worker stop); a fast answer for the common allowed case, else the full replay.
// - outcomeOf(): when a request ends, what the browser's outcome alone says; enough to count and
//   store it (the full diagnosis waits until a report or a panel asks).
// - diagnose(): the full diagnosis, when a report is read.
import { asStoredAnswer, explainCache } from "./cache-evidence";
import { unknown, build, chooseFirefoxAssumption, chooseSimulation, inconsistent, preflightReasonsOf } from "./build-diagnosis";
import { sanitizeExchange } from "./exchange";
import { isFirefox, isRefusalError } from "./firefox-rules";
import { getHeader, hasHeader } from "./headers";
import { credentialsCandidates, credentialsProof, credentialsWitnessedWithout, inferMode, newCase, originSent, recordHiddenHeaders, requestedMethod, type Case } from "./inference";
import { localNetworkBlock, networkFailure, notCors } from "./not-cors";
import { asManualRedirect, redirectModeUndecided } from "./redirect-diagnosis";
import { consistent, observedOutcome, simulate, type Simulation } from "./simulation";
import type { Diagnosis, ObservedExchange, Verdict } from "./types";

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
    const exchange = sanitizeExchange(observed, JUDGED_AS_REFUSED);
    return refusedUnderEveryMode(newCase(exchange));
  } catch {
    return false;
  }
}

/**
 * The preflight alone, when the request itself was deliberately not sent (`cors-doctor probe`
 * sends no PUT, PATCH, DELETE, … without --send-actual): Chromium's verdict when the preflight
 * fails, as diagnose() gives it; when it passes, "unknown" with the preflight's checks, because
 * the response that decides the rest was never seen. Never throws.
 */
export function diagnosePreflight(observed: ObservedExchange): Diagnosis {
  if (!observed.preflight) {
    return unknown(
      "Not sent",
      `The ${observed.method} to ${observed.url} needs no preflight: the request itself is what the server answers, and it was not sent, so nothing was checked.`,
    );
  }
  const refused = diagnose({ ...observed, error: JUDGED_AS_REFUSED.error, completed: false, requestHeadersSent: false });
  if (refused.verdict === "blocked") return refused;
  try {
    const c = newCase(sanitizeExchange({ ...observed, completed: false, requestHeadersSent: false }));
    const origin = originSent(c);
    const include = credentialsCandidates(c)[0];
    if (origin === null || include === undefined) return refused;
    const simulation = simulate(c, include, origin);
    if (simulation.failure || !simulation.conclusive) return refused;
    return unknown(
      "Preflight passes; the request was not sent",
      `The preflight for ${requestedMethod(c)} ${c.exchange.url} passes Chromium's checks for ${origin}${include ? " with credentials" : ""}. The request itself was not sent, so whether its response allows ${origin} was not checked.`,
      { checks: simulation.rows, inferred: c.inferred, preflightReasons: preflightReasonsOf(c) },
    );
  } catch {
    return refused;
  }
}

/** What a request judged before it ended is replayed as: refused by the browser, not completed. */
const JUDGED_AS_REFUSED = { error: "net::ERR_FAILED", completed: false } as const;

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
  if (exchange.credentialsWitness?.mode === "include") return false;
  const allowOrigin = getHeader(response.headers, "Access-Control-Allow-Origin");
  return allowOrigin === "*" || (allowOrigin !== null && allowOrigin === getHeader(exchange.requestHeaders, "Origin"));
}

/**
 * A Firefox response that completed and may still have been refused: anything but the common
 * allowed answer (ACAO * or the Origin, no credentials in sight: no Cookie, no ACAC that would make
 * the engine assume them).
 */
function firefoxCompletionUndecided(exchange: ObservedExchange): boolean {
  const response = exchange.response;
  if (!response) return false;
  return !admitsOriginWithoutCredentials(exchange) || hasHeader(response.headers, "Access-Control-Allow-Credentials");
}

/** The engine without its safety net; the property tests call this to prove it never throws. */
export function diagnoseUnguarded(input: ObservedExchange): Diagnosis {
  const exchange = sanitizeExchange(input);
  const inferred = asManualRedirect(exchange) ?? asStoredAnswer(exchange);
  const c = newCase(inferred ? inferred.exchange : exchange);
  if (inferred) c.inferred.push(inferred.fact);
  const diagnosis = judge(c);
  return isFirefox(exchange) ? { ...diagnosis, browser: "firefox" } : diagnosis;
}

/**
 * What the outcome alone says: a cross-origin CORS request failing with ERR_FAILED was blocked.
 * In Firefox the outcome says less (a refused response completes like an allowed one, and a refused
 * redirect fails with an odd error), so there the headers are judged.
 */
export function outcomeOf(exchange: ObservedExchange): Verdict {
  if (isFirefox(exchange) && (exchange.completed ? firefoxCompletionUndecided(exchange) : isRefusalError(exchange))) {
    const verdict = diagnose(exchange).verdict;
    return verdict === "blocked" || verdict === "unrelated-failure" ? verdict : exchange.completed ? "allowed" : "blocked";
  }
  if (exchange.completed) return "allowed";
  return isRefusalError(exchange) ? "blocked" : "unrelated-failure";
}

function judge(c: Case): Diagnosis {
  const { exchange } = c;
  const localNetwork = localNetworkBlock(c);
  if (localNetwork) return localNetwork;
  const network = networkFailure(c);
  if (network) return network;

  const mode = inferMode(c);
  if (mode !== "cors") return notCors(c, mode);

  const origin = originSent(c);
  if (origin === null) {
    return unknown(
      "Cannot tell",
      `Cannot tell, because no Origin header, initiator or document URL was observed for ${exchange.url || "this request"}, so the origin the server had to allow is unknown.`,
      { inferred: c.inferred },
    );
  }
  return corsVerdict(c, origin);
}

/** See predictsRefusal(). */
function refusedUnderEveryMode(c: Case): boolean {
  if (localNetworkBlock(c) || networkFailure(c) || inferMode(c) !== "cors") return false;
  const origin = originSent(c);
  if (origin === null) return false;
  return credentialsCandidates(c).every((include) => {
    const simulation = simulate(c, include, origin);
    return simulation.conclusive && simulation.failure !== undefined;
  });
}

function corsVerdict(c: Case, origin: string): Diagnosis {
  const { exchange } = c;
  const outcome = observedOutcome(c);
  if (outcome === "in-flight") {
    return unknown("Still in flight", `Cannot tell yet, because ${exchange.url} has neither completed nor failed.`, { inferred: c.inferred });
  }
  if (outcome === "failed-before-sending") {
    return unknown(
      "Cannot tell",
      `Cannot tell, because ${exchange.url} failed with ${exchange.error ?? "net::ERR_FAILED"} before any preflight or response was observed; the browser decided without a server answer (for example a blocked scheme or a request mode the page chose).`,
      { inferred: c.inferred },
    );
  }

  recordHiddenHeaders(c);
  const proof = credentialsProof(c);
  const witnessedWithout = credentialsWitnessedWithout(c);
  const simulations = credentialsCandidates(c).map((include) => simulate(c, include, origin));
  const matching = simulations.filter((simulation) => consistent(simulation, outcome));

  if (matching.length === 0) return inconsistent(c, outcome, simulations, proof);
  const undecided = redirectModeUndecided(c, simulations, matching, proof);
  if (undecided) return undecided;

  let chosen: Simulation;
  if (witnessedWithout !== null && matching[0]) {
    c.inferred.push({ fact: "credentials-mode", value: "omit or same-origin", evidence: witnessedWithout });
    chosen = matching[0];
  } else {
    chosen = outcome === "completed-unverified" && !proof && matching.length === 2 ? chooseFirefoxAssumption(c, matching) : chooseSimulation(c, matching, proof);
  }
  return explainCache(c, build(c, chosen, origin, outcome), origin);
}

