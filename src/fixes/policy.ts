// The CORS policy one server needs, computed from every request a page made to it (blocked and
// allowed) and from what the server already allows in its own Access-Control-* headers, so that
// applying it fixes the blocked requests and never removes an allowance the server had. Each part
// says what it is based on. Pure and bounded: hostile or huge input gives a bounded policy with a
// note, never a value that is not an exact origin or an HTTP token.
import type { HeaderList } from "../engine/types";
import { headerValues } from "./headers";
import { isExactOrigin, isHeaderName, listValues, POLICY_LIMITS, prefixOf, short, Tally, TOKEN } from "./policy-values";

export { isExactOrigin, POLICY_LIMITS } from "./policy-values";

/** How the policy's note names an opaque origin; plan.ts reads it to say why no origin is listed. */
export const OPAQUE_ORIGIN = 'the opaque origin "null"';
/** Preflight cache time we recommend; Chromium caps Access-Control-Max-Age at 7200 s. */
export const MAX_AGE_SECONDS = 600;

/** What one request to the server showed: input of the policy. */
export interface PolicyObservation {
  /** Report entry id, for "which requests does this cover". */
  readonly id: string;
  readonly method: string;
  /** Path of the request URL (query left out). */
  readonly path: string;
  readonly blocked: boolean;
  /** The page's origin as the browser sent it (Origin), or null when unknown. */
  readonly origin: string | null;
  /** Non-safelisted request header names the request needed allowed (lower-cased). */
  readonly requestHeaders: readonly string[];
  /** True when the request carried credentials or is inferred to; the evidence says why. */
  readonly credentials: boolean;
  readonly credentialsEvidence?: string;
  /** Response headers the page may read and the server does not expose yet (blocked requests). */
  readonly exposeHeaders: readonly string[];
  /** The server's answer to the preflight, [] when there was none. */
  readonly preflightResponseHeaders: HeaderList;
  /** The server's answer to the request itself, [] when none arrived. */
  readonly responseHeaders: HeaderList;
}

/** One value of the policy and what it is based on ("PUT /api/items/7 (blocked)", a server header). */
export interface PolicyValue {
  readonly value: string;
  readonly basis: readonly string[];
}

export interface ServerPolicy {
  readonly serverOrigin: string;
  /** Exact page origins: never "*", never "null", never a pattern. */
  readonly origins: readonly PolicyValue[];
  readonly methods: readonly PolicyValue[];
  /** Lower-cased request headers to allow. */
  readonly requestHeaders: readonly PolicyValue[];
  /** Lower-cased response headers the page may read. */
  readonly exposeHeaders: readonly PolicyValue[];
  readonly credentials: { readonly value: boolean; readonly basis: readonly string[] };
  readonly maxAge: number;
  /** Always "Origin": the answer depends on the request's Origin, so caches must key on it. */
  readonly vary: "Origin";
  /** The common first path segment of every request ("/api/"), or "/". */
  readonly pathPrefix: string;
  /** A request path, for examples. */
  readonly path: string;
  readonly requests: { readonly blocked: number; readonly allowed: number };
  /** Ids of the requests the policy lets through (all of them unless a bound was hit). */
  readonly covers: readonly string[];
  /** Ids of requests the policy cannot cover (a bound, a null origin), each explained in notes. */
  readonly uncovered: readonly string[];
  /** Plain-language notes: what was left out and why, wildcards replaced. */
  readonly notes: readonly string[];
  /** Values dropped because no browser could send them (not HTTP tokens, not origins). */
  readonly rejected: readonly string[];
  /** Over-permissive behaviour the server showed (echoed headers, reflected origins). */
  readonly advisories: readonly string[];
}

function requestLabel(observation: PolicyObservation): string {
  return `${short(observation.method, 20)} ${short(observation.path, 60)} (${observation.blocked ? "blocked" : "allowed"})`;
}

const SIMPLE_METHODS = new Set(["GET", "HEAD", "POST"]);
/** Request headers a browser never asks a server to allow: they never appear in a policy. */
const NEVER_LISTED = new Set(["origin", "cookie", "host", "content-length", "access-control-request-method", "access-control-request-headers"]);

/** Everything gathered from the observations, before the bounds are applied. */
interface Collected {
  readonly origins: Tally;
  readonly methods: Tally;
  readonly requestHeaders: Tally;
  readonly exposeHeaders: Tally;
  readonly credentialBasis: string[];
  readonly rejected: Set<string>;
  readonly advisories: Set<string>;
  /** Ids of requests from the opaque origin "null". */
  readonly nullOrigin: string[];
  readonly prefixes: Set<string>;
  /** Page origins the server answered with their own value. */
  readonly reflectedOrigins: Set<string>;
  readonly wildcard: { origin: boolean; headers: boolean; methods: boolean };
  readonly requests: { blocked: number; allowed: number };
}

function collected(): Collected {
  return {
    origins: new Tally(),
    methods: new Tally(),
    requestHeaders: new Tally(),
    exposeHeaders: new Tally(),
    credentialBasis: [],
    rejected: new Set(),
    advisories: new Set(),
    nullOrigin: [],
    prefixes: new Set(),
    reflectedOrigins: new Set(),
    wildcard: { origin: false, headers: false, methods: false },
    requests: { blocked: 0, allowed: 0 },
  };
}

type Stage = "preflight" | "response";

function serverBasis(header: string, stage: Stage, observation: PolicyObservation): string {
  return `the server's ${header} on ${stage === "preflight" ? "the preflight of " : ""}${short(observation.method, 20)} ${short(observation.path, 60)}`;
}

/** What the request itself needs: its origin, method, headers, exposed headers, credentials. */
function addRequest(into: Collected, observation: PolicyObservation): void {
  if (observation.blocked) into.requests.blocked += 1;
  else into.requests.allowed += 1;
  into.prefixes.add(prefixOf(observation.path));
  const label = requestLabel(observation);

  const origin = observation.origin;
  if (origin === "null") into.nullOrigin.push(observation.id);
  else if (origin !== null && isExactOrigin(origin)) into.origins.add(origin, label);
  else if (origin !== null) into.rejected.add(origin);

  // Method: simple methods pass without a preflight, but libraries' method lists replace their
  // defaults, so every method seen is listed.
  if (TOKEN.test(observation.method) && observation.method.length <= 20 && observation.method !== "OPTIONS") {
    into.methods.add(observation.method, label);
  } else if (observation.method !== "OPTIONS") into.rejected.add(observation.method);

  for (const raw of observation.requestHeaders) {
    const name = raw.toLowerCase();
    if (NEVER_LISTED.has(name)) continue;
    if (isHeaderName(name)) into.requestHeaders.add(name, label);
    else into.rejected.add(raw);
  }
  for (const raw of observation.exposeHeaders) {
    const name = raw.toLowerCase();
    if (isHeaderName(name)) into.exposeHeaders.add(name, label);
    else into.rejected.add(raw);
  }
  if (observation.credentials) {
    const basis = observation.credentialsEvidence ? `${label}: ${short(observation.credentialsEvidence, 120)}` : label;
    if (into.credentialBasis.length < POLICY_LIMITS.basis) into.credentialBasis.push(basis);
  }
}

/** The origins the server allowed (never "*" or "null"), and whether it reflected the request's. */
function addServerOrigins(into: Collected, observation: PolicyObservation, stage: Stage, headers: HeaderList): void {
  const origin = observation.origin;
  const acao = headerValues(headers, "access-control-allow-origin").map((value) => value.trim());
  for (const value of acao) {
    if (value === "*") into.wildcard.origin = true;
    else if (value === "null") continue;
    else if (isExactOrigin(value)) into.origins.add(value, serverBasis("Access-Control-Allow-Origin", stage, observation), { server: true, use: false });
  }
  if (origin !== null && origin !== "null" && acao.length === 1 && acao[0] === origin) into.reflectedOrigins.add(origin);
  if (origin === "null" && acao[0] === "null") {
    into.advisories.add('The server answered Origin: null with Access-Control-Allow-Origin: null: it reflects the Origin header, which admits every sandboxed document and file:// page. The policy never allows "null".');
  }
}

/** The methods, request headers and exposed headers the server already allowed. */
function addServerLists(into: Collected, observation: PolicyObservation, stage: Stage, headers: HeaderList): void {
  for (const value of listValues(headers, "access-control-allow-methods")) {
    if (value === "*") into.wildcard.methods = true;
    else if (TOKEN.test(value) && value.length <= 20) into.methods.add(value, serverBasis("Access-Control-Allow-Methods", stage, observation), { server: true, use: false });
  }
  for (const value of listValues(headers, "access-control-allow-headers")) {
    const name = value.toLowerCase();
    if (name === "*") into.wildcard.headers = true;
    else if (isHeaderName(name)) into.requestHeaders.add(name, serverBasis("Access-Control-Allow-Headers", stage, observation), { server: true, use: false });
  }
  for (const value of listValues(headers, "access-control-expose-headers")) {
    const name = value.toLowerCase();
    if (name !== "*" && isHeaderName(name)) into.exposeHeaders.add(name, serverBasis("Access-Control-Expose-Headers", stage, observation), { server: true, use: false });
  }
}

/** The server's own Access-Control-Allow-Credentials: true is evidence for credentials. */
function addServerCredentials(into: Collected, observation: PolicyObservation, stage: Stage, headers: HeaderList): void {
  // Two layers may each send it ("true, true" once combined): any "true" shows the intent.
  const acac = listValues(headers, "access-control-allow-credentials");
  if (acac.includes("true") && into.credentialBasis.length < POLICY_LIMITS.basis) {
    const basis = `${serverBasis("Access-Control-Allow-Credentials: true", stage, observation)} (the server already allows credentials)`;
    if (!into.credentialBasis.includes(basis)) into.credentialBasis.push(basis);
  }
}

/** A preflight answer that varies on, and allows exactly, the requested headers: an echo. */
function checkEchoedHeaders(into: Collected, observation: PolicyObservation, headers: HeaderList): void {
  const vary = headerValues(headers, "vary").join(",").toLowerCase();
  const allowHeaders = headerValues(headers, "access-control-allow-headers").join(", ");
  if (vary.includes("access-control-request-headers") && allowHeaders !== "" && observation.requestHeaders.length > 0) {
    into.advisories.add(
      `The server's preflight answer varies on Access-Control-Request-Headers and allowed exactly what was asked (${short(allowHeaders, 80)}): it likely echoes any requested header (cors and @fastify/cors without allowedHeaders, hono/cors with an empty allowHeaders, @koa/cors with allowHeaders [] all do). The policy lists the headers instead.`,
    );
  }
}

/** What the server already allows, as its own headers on the preflight and the response say. */
function addServerAnswers(into: Collected, observation: PolicyObservation): void {
  for (const [stage, headers] of [["preflight", observation.preflightResponseHeaders], ["response", observation.responseHeaders]] as const) {
    if (headers.length === 0) continue;
    addServerOrigins(into, observation, stage, headers);
    addServerLists(into, observation, stage, headers);
    addServerCredentials(into, observation, stage, headers);
    if (stage === "preflight") checkEchoedHeaders(into, observation, headers);
  }
}

type Pick = ReturnType<Tally["pick"]>;
interface Picks {
  readonly origins: Pick;
  readonly methods: Pick;
  readonly requestHeaders: Pick;
  readonly exposeHeaders: Pick;
}

/** The notes: bounds hit, null origins, wildcards replaced, values no browser can send. */
function policyNotes(from: Collected, picks: Picks, observed: number): string[] {
  const notes: string[] = [];
  const { origins, methods, requestHeaders, exposeHeaders } = picks;
  if (origins.kept.length === 0 && observed > 0) notes.push("No exact page origin was seen, so the policy allows no origin.");
  if (origins.dropped.length > 0) {
    notes.push(`${origins.dropped.length} more page origins were seen than the ${POLICY_LIMITS.origins} a policy lists; the least used are left out (${origins.dropped.slice(0, 3).join(", ")}, …). So many origins usually means one pattern: check them against your deployment.`);
  }
  if (requestHeaders.dropped.length > 0) {
    notes.push(`${requestHeaders.dropped.length} more request headers were seen than the ${POLICY_LIMITS.headers} a policy lists; the least used are left out (${requestHeaders.dropped.slice(0, 3).join(", ")}, …).`);
  }
  if (exposeHeaders.dropped.length > 0) notes.push(`${exposeHeaders.dropped.length} response headers to expose are left out (over ${POLICY_LIMITS.headers}).`);
  if (methods.dropped.length > 0) notes.push(`${methods.dropped.length} methods are left out (over ${POLICY_LIMITS.methods}).`);
  if (from.nullOrigin.length > 0) {
    notes.push(`${from.nullOrigin.length} request(s) came from ${OPAQUE_ORIGIN} (sandboxed iframe, file:// page, a redirect across origins): allowing "null" admits every such document on the web, so the policy does not; serve the page from a real origin.`);
  }
  if (from.wildcard.origin) {
    notes.push("The server answered Access-Control-Allow-Origin: *. The policy lists the exact page origins instead (a wildcard cannot be used with credentials); keep * only on public endpoints that never need credentials.");
  }
  if (from.wildcard.headers) notes.push("The server answered Access-Control-Allow-Headers: * (ignored by browsers with credentials); the policy lists the headers seen instead.");
  if (from.wildcard.methods) notes.push("The server answered Access-Control-Allow-Methods: * (ignored with credentials); the policy lists the methods seen instead.");
  const rejected = from.rejected;
  if (rejected.size > 0) notes.push(`Left out values that are not exact origins or HTTP tokens (no browser can send them): ${[...rejected].slice(0, 5).map((value) => JSON.stringify(short(value, 40))).join(", ")}${rejected.size > 5 ? ", …" : ""}.`);
  return notes;
}

/** Which requests the kept origins, methods and headers let through, and which they do not. */
function coverage(observations: readonly PolicyObservation[], picks: Picks): { covers: string[]; uncovered: string[] } {
  const keptOrigins = new Set(picks.origins.kept.map((part) => part.value));
  const keptMethods = new Set(picks.methods.kept.map((part) => part.value));
  const keptHeaders = new Set(picks.requestHeaders.kept.map((part) => part.value));
  const covers: string[] = [];
  const uncovered: string[] = [];
  for (const observation of observations) {
    const ok =
      observation.origin !== null &&
      keptOrigins.has(observation.origin) &&
      (SIMPLE_METHODS.has(observation.method) || keptMethods.has(observation.method)) &&
      observation.requestHeaders.every((name) => NEVER_LISTED.has(name.toLowerCase()) || keptHeaders.has(name.toLowerCase()));
    (ok ? covers : uncovered).push(observation.id);
  }
  return { covers, uncovered };
}

/** Credentials: on when any evidence showed them, and what that was; off says which variant and why. */
function credentialsPart(basis: readonly string[]): ServerPolicy["credentials"] {
  if (basis.length > 0) return { value: true, basis };
  return {
    value: false,
    basis: [
      "no request showed credentials (no Cookie, no Sec-Fetch-Storage-Access, no inference) and the server never sent Access-Control-Allow-Credentials: true, so the fix allows none; if the page uses credentials: 'include' or withCredentials, turn credentials on in the fix",
    ],
  };
}

/** Computes the policy for one server from every observation of requests sent to it. */
export function serverPolicy(serverOrigin: string, observations: readonly PolicyObservation[]): ServerPolicy {
  const from = collected();
  for (const observation of observations) {
    addRequest(from, observation);
    addServerAnswers(from, observation);
  }
  if (from.reflectedOrigins.size >= 2) {
    from.advisories.add(
      `The server answered ${from.reflectedOrigins.size} different page origins with their own Origin (${[...from.reflectedOrigins].slice(0, 3).join(", ")}): it may reflect any origin (origin: true, or a function that returns the Origin). The policy lists exact origins instead.`,
    );
  }
  const picks: Picks = {
    origins: from.origins.pick(POLICY_LIMITS.origins),
    methods: from.methods.pick(POLICY_LIMITS.methods),
    requestHeaders: from.requestHeaders.pick(POLICY_LIMITS.headers),
    exposeHeaders: from.exposeHeaders.pick(POLICY_LIMITS.headers),
  };
  const notes = policyNotes(from, picks, observations.length);
  const { covers, uncovered } = coverage(observations, picks);
  return {
    serverOrigin,
    origins: picks.origins.kept,
    methods: picks.methods.kept.length > 0 ? picks.methods.kept : [{ value: "GET", basis: ["no request seen: GET only"] }],
    requestHeaders: picks.requestHeaders.kept,
    exposeHeaders: picks.exposeHeaders.kept,
    credentials: credentialsPart(from.credentialBasis),
    maxAge: MAX_AGE_SECONDS,
    vary: "Origin",
    pathPrefix: from.prefixes.size === 1 ? ([...from.prefixes][0] ?? "/") : "/",
    path: observations[0]?.path ?? "/",
    requests: from.requests,
    covers,
    uncovered,
    notes,
    rejected: [...from.rejected],
    advisories: [...from.advisories],
  };
}
