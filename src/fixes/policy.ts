// The CORS policy one server needs, computed from every request a page made to it (blocked and
// allowed) and from what the server already allows in its own Access-Control-* headers, so that
// applying it fixes the blocked requests and never removes an allowance the server had. Each part
// says what it is based on. Pure and bounded: hostile or huge input gives a bounded policy with a
// note, never a value that is not an exact origin or an HTTP token.
import type { HeaderList } from "../engine/types";
import { headerValues } from "./headers";

/** How the policy's note names an opaque origin; plan.ts reads it to say why no origin is listed. */
export const OPAQUE_ORIGIN = 'the opaque origin "null"';
/** Preflight cache time we recommend; Chromium caps Access-Control-Max-Age at 7200 s. */
export const MAX_AGE_SECONDS = 600;
/** Bounds: beyond them the least-used values are left out, with a note. */
export const POLICY_LIMITS = { origins: 50, methods: 16, headers: 64, basis: 3, nameLength: 100 } as const;

// RFC 9110 token characters: the only ones a browser lets a page put in a header name or method.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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

/** Collects values with their basis, first-seen order, counting how many requests need each. */
class Tally {
  private readonly values = new Map<string, { value: string; basis: string[]; uses: number; order: number; server: boolean }>();

  add(value: string, basis: string, options: { readonly server?: boolean; readonly use?: boolean } = {}): void {
    let slot = this.values.get(value);
    if (!slot) {
      slot = { value, basis: [], uses: 0, order: this.values.size, server: false };
      this.values.set(value, slot);
    }
    if (options.use !== false) slot.uses += 1;
    if (options.server) slot.server = true;
    if (slot.basis.length < POLICY_LIMITS.basis && !slot.basis.includes(basis)) slot.basis.push(basis);
    else if (slot.basis.length === POLICY_LIMITS.basis && !slot.basis.includes(basis)) slot.basis.push("and more");
  }

  get size(): number {
    return this.values.size;
  }

  /** The kept values (server allowances and the most used first), in first-seen order. */
  pick(limit: number): { kept: PolicyValue[]; dropped: string[] } {
    const all = [...this.values.values()];
    const ranked = [...all].sort((a, b) => Number(b.server) - Number(a.server) || b.uses - a.uses || a.order - b.order);
    const keep = new Set(ranked.slice(0, limit).map((slot) => slot.value));
    return {
      kept: all.filter((slot) => keep.has(slot.value)).map((slot) => ({ value: slot.value, basis: slot.basis })),
      dropped: all.filter((slot) => !keep.has(slot.value)).map((slot) => slot.value),
    };
  }
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function listValues(headers: HeaderList, name: string): string[] {
  return headerValues(headers, name).flatMap(splitList);
}

/** An exact serialized origin (scheme://host[:port]) that may be allowed: not "null", nothing else. */
export function isExactOrigin(value: string): boolean {
  if (value.length > 300 || !/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#"'`\\<>{}|^]+$/i.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

function isHeaderName(value: string): boolean {
  return value.length <= POLICY_LIMITS.nameLength && TOKEN.test(value);
}

function prefixOf(path: string): string {
  const clean = path.split(/[?#]/)[0] ?? "/";
  const segments = clean.split("/").filter((segment) => segment.length > 0);
  if (segments.length < 2) return "/";
  return `/${segments[0]}/`;
}

function short(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function requestLabel(observation: PolicyObservation): string {
  return `${short(observation.method, 20)} ${short(observation.path, 60)} (${observation.blocked ? "blocked" : "allowed"})`;
}

const SIMPLE_METHODS = new Set(["GET", "HEAD", "POST"]);
/** Request headers a browser never asks a server to allow: they never appear in a policy. */
const NEVER_LISTED = new Set(["origin", "cookie", "host", "content-length", "access-control-request-method", "access-control-request-headers"]);

/** Computes the policy for one server from every observation of requests sent to it. */
export function serverPolicy(serverOrigin: string, observations: readonly PolicyObservation[]): ServerPolicy {
  const origins = new Tally();
  const methods = new Tally();
  const requestHeaders = new Tally();
  const exposeHeaders = new Tally();
  const credentialBasis: string[] = [];
  const rejected = new Set<string>();
  const notes: string[] = [];
  const advisories = new Set<string>();
  const nullOrigin: string[] = [];
  const prefixes = new Set<string>();
  let blocked = 0;
  let allowed = 0;
  let wildcardOrigin = false;
  let wildcardHeaders = false;
  let wildcardMethods = false;
  const reflectedOrigins = new Set<string>();

  const serverBasis = (header: string, stage: string, observation: PolicyObservation): string =>
    `the server's ${header} on ${stage === "preflight" ? "the preflight of " : ""}${short(observation.method, 20)} ${short(observation.path, 60)}`;

  for (const observation of observations) {
    if (observation.blocked) blocked += 1;
    else allowed += 1;
    prefixes.add(prefixOf(observation.path));
    const label = requestLabel(observation);

    // The page origin this request came from.
    const origin = observation.origin;
    if (origin === "null") nullOrigin.push(observation.id);
    else if (origin !== null && isExactOrigin(origin)) origins.add(origin, label);
    else if (origin !== null) rejected.add(origin);

    // Method: simple methods pass without a preflight, but libraries' method lists replace their
    // defaults, so every method seen is listed.
    if (TOKEN.test(observation.method) && observation.method.length <= 20 && observation.method !== "OPTIONS") {
      methods.add(observation.method, label);
    } else if (observation.method !== "OPTIONS") rejected.add(observation.method);

    for (const raw of observation.requestHeaders) {
      const name = raw.toLowerCase();
      if (NEVER_LISTED.has(name)) continue;
      if (isHeaderName(name)) requestHeaders.add(name, label);
      else rejected.add(raw);
    }
    for (const raw of observation.exposeHeaders) {
      const name = raw.toLowerCase();
      if (isHeaderName(name)) exposeHeaders.add(name, label);
      else rejected.add(raw);
    }
    if (observation.credentials) {
      const basis = observation.credentialsEvidence ? `${label}: ${short(observation.credentialsEvidence, 120)}` : label;
      if (credentialBasis.length < POLICY_LIMITS.basis) credentialBasis.push(basis);
    }

    // What the server already allows, as its own headers say.
    for (const [stage, headers] of [["preflight", observation.preflightResponseHeaders], ["response", observation.responseHeaders]] as const) {
      if (headers.length === 0) continue;
      const acao = headerValues(headers, "access-control-allow-origin").map((value) => value.trim());
      for (const value of acao) {
        if (value === "*") wildcardOrigin = true;
        else if (value === "null") continue;
        else if (isExactOrigin(value)) origins.add(value, serverBasis("Access-Control-Allow-Origin", stage, observation), { server: true, use: false });
      }
      if (origin !== null && origin !== "null" && acao.length === 1 && acao[0] === origin) reflectedOrigins.add(origin);
      if (origin === "null" && acao[0] === "null") {
        advisories.add('The server answered Origin: null with Access-Control-Allow-Origin: null: it reflects the Origin header, which admits every sandboxed document and file:// page. The policy never allows "null".');
      }
      for (const value of listValues(headers, "access-control-allow-methods")) {
        if (value === "*") wildcardMethods = true;
        else if (TOKEN.test(value) && value.length <= 20) methods.add(value, serverBasis("Access-Control-Allow-Methods", stage, observation), { server: true, use: false });
      }
      for (const value of listValues(headers, "access-control-allow-headers")) {
        const name = value.toLowerCase();
        if (name === "*") wildcardHeaders = true;
        else if (isHeaderName(name)) requestHeaders.add(name, serverBasis("Access-Control-Allow-Headers", stage, observation), { server: true, use: false });
      }
      for (const value of listValues(headers, "access-control-expose-headers")) {
        const name = value.toLowerCase();
        if (name !== "*" && isHeaderName(name)) exposeHeaders.add(name, serverBasis("Access-Control-Expose-Headers", stage, observation), { server: true, use: false });
      }
      // Two layers may each send it ("true, true" once combined): any "true" shows the intent.
      const acac = listValues(headers, "access-control-allow-credentials");
      if (acac.includes("true") && credentialBasis.length < POLICY_LIMITS.basis) {
        const basis = `${serverBasis("Access-Control-Allow-Credentials: true", stage, observation)} (the server already allows credentials)`;
        if (!credentialBasis.includes(basis)) credentialBasis.push(basis);
      }
      if (stage === "preflight") {
        const vary = headerValues(headers, "vary").join(",").toLowerCase();
        const allowHeaders = headerValues(headers, "access-control-allow-headers").join(", ");
        if (vary.includes("access-control-request-headers") && allowHeaders !== "" && observation.requestHeaders.length > 0) {
          advisories.add(
            `The server's preflight answer varies on Access-Control-Request-Headers and allowed exactly what was asked (${short(allowHeaders, 80)}): it likely echoes any requested header (cors and @fastify/cors without allowedHeaders, hono/cors with an empty allowHeaders, @koa/cors with allowHeaders [] all do). The policy lists the headers instead.`,
          );
        }
      }
    }
  }

  if (reflectedOrigins.size >= 2) {
    advisories.add(
      `The server answered ${reflectedOrigins.size} different page origins with their own Origin (${[...reflectedOrigins].slice(0, 3).join(", ")}): it may reflect any origin (origin: true, or a function that returns the Origin). The policy lists exact origins instead.`,
    );
  }

  const originPick = origins.pick(POLICY_LIMITS.origins);
  const methodPick = methods.pick(POLICY_LIMITS.methods);
  const headerPick = requestHeaders.pick(POLICY_LIMITS.headers);
  const exposePick = exposeHeaders.pick(POLICY_LIMITS.headers);
  if (originPick.kept.length === 0 && observations.length > 0) notes.push("No exact page origin was seen, so the policy allows no origin.");
  if (originPick.dropped.length > 0) {
    notes.push(`${originPick.dropped.length} more page origins were seen than the ${POLICY_LIMITS.origins} a policy lists; the least used are left out (${originPick.dropped.slice(0, 3).join(", ")}, …). So many origins usually means one pattern: check them against your deployment.`);
  }
  if (headerPick.dropped.length > 0) {
    notes.push(`${headerPick.dropped.length} more request headers were seen than the ${POLICY_LIMITS.headers} a policy lists; the least used are left out (${headerPick.dropped.slice(0, 3).join(", ")}, …).`);
  }
  if (exposePick.dropped.length > 0) notes.push(`${exposePick.dropped.length} response headers to expose are left out (over ${POLICY_LIMITS.headers}).`);
  if (methodPick.dropped.length > 0) notes.push(`${methodPick.dropped.length} methods are left out (over ${POLICY_LIMITS.methods}).`);
  if (nullOrigin.length > 0) {
    notes.push(`${nullOrigin.length} request(s) came from ${OPAQUE_ORIGIN} (sandboxed iframe, file:// page, a redirect across origins): allowing "null" admits every such document on the web, so the policy does not; serve the page from a real origin.`);
  }
  if (wildcardOrigin) {
    notes.push("The server answered Access-Control-Allow-Origin: *. The policy lists the exact page origins instead (a wildcard cannot be used with credentials); keep * only on public endpoints that never need credentials.");
  }
  if (wildcardHeaders) notes.push("The server answered Access-Control-Allow-Headers: * (ignored by browsers with credentials); the policy lists the headers seen instead.");
  if (wildcardMethods) notes.push("The server answered Access-Control-Allow-Methods: * (ignored with credentials); the policy lists the methods seen instead.");
  if (rejected.size > 0) notes.push(`Left out values that are not exact origins or HTTP tokens (no browser can send them): ${[...rejected].slice(0, 5).map((value) => JSON.stringify(short(value, 40))).join(", ")}${rejected.size > 5 ? ", …" : ""}.`);

  const keptOrigins = new Set(originPick.kept.map((part) => part.value));
  const keptMethods = new Set(methodPick.kept.map((part) => part.value));
  const keptHeaders = new Set(headerPick.kept.map((part) => part.value));
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
  const firstPath = observations[0]?.path ?? "/";
  return {
    serverOrigin,
    origins: originPick.kept,
    methods: methodPick.kept.length > 0 ? methodPick.kept : [{ value: "GET", basis: ["no request seen: GET only"] }],
    requestHeaders: headerPick.kept,
    exposeHeaders: exposePick.kept,
    credentials: {
      value: credentialBasis.length > 0,
      basis:
        credentialBasis.length > 0
          ? credentialBasis
          : [
              "no request showed credentials (no Cookie, no Sec-Fetch-Storage-Access, no inference) and the server never sent Access-Control-Allow-Credentials: true, so the fix allows none; if the page uses credentials: 'include' or withCredentials, turn credentials on in the fix",
            ],
    },
    maxAge: MAX_AGE_SECONDS,
    vary: "Origin",
    pathPrefix: prefixes.size === 1 ? ([...prefixes][0] ?? "/") : "/",
    path: firstPath,
    requests: { blocked, allowed },
    covers,
    uncovered,
    notes,
    rejected: [...rejected],
    advisories: [...advisories],
  };
}
