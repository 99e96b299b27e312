// What `cors-doctor verify` checks on each server of a policy file: **needed** — each combination
// the pages need (origin × method × header set × credentials, from the requests recorded, bounded
// and de-duplicated) is allowed by Chromium; **not more** — an origin that is not listed, the
// origin null, and a credentialed request from an unlisted origin are refused (a public server
// instead answers `*`, without credentials). Pure: a policy in, the requests to send and what
// each must get out.
import type { PageRequest } from "../engine/request-plan";
import { isSafelistableName } from "../engine/safelist";
import type { HeaderField } from "../engine/types";
import type { PolicyRequest, PolicyServer } from "../fixes/policy-file";

/** An origin no policy lists (RFC 2606's reserved example domain). */
export const UNLISTED_ORIGIN = "https://not-listed.example";
/** Needed combinations checked per server, at most. */
export const MAX_NEEDED_PER_SERVER = 50;

export type CheckKind = "needed" | "not-more" | "public";
export type Expectation = "allowed" | "refused" | "allowed-with-star";

export interface VerifyCheck {
  readonly id: string;
  readonly kind: CheckKind;
  /** In words: what is sent and what must happen. */
  readonly title: string;
  readonly request: PageRequest;
  readonly expect: Expectation;
}

export interface ServerChecks {
  readonly server: PolicyServer;
  /** Where the checks are sent: the recorded origin, or its --server replacement. */
  readonly target: string;
  readonly checks: readonly VerifyCheck[];
}

/**
 * A value for a header the page sets, known only by name: the one given with -H, else one that
 * keeps the header out of the safelist (so that the preflight asks for it, as the page's did).
 */
function headerValue(name: string, given: ReadonlyMap<string, string>): string {
  const known = given.get(name);
  if (known !== undefined) return known;
  if (name === "content-type") return "application/json";
  return isSafelistableName(name) ? "(cors-doctor)" : "cors-doctor";
}

function requestFor(target: string, request: PolicyRequest, given: ReadonlyMap<string, string>): PageRequest {
  const headers: HeaderField[] = request.headers.map((name) => ({ name, value: headerValue(name, given) }));
  return {
    url: `${target}${request.path}`,
    pageOrigin: request.origin,
    method: request.method,
    headers,
    credentials: request.credentials ? "include" : "same-origin",
  };
}

function describe(request: PolicyRequest): string {
  const headers = request.headers.length > 0 ? ` with ${request.headers.join(", ")}` : "";
  return `${request.method} ${request.path} from ${request.origin}${headers}${request.credentials ? ", credentials" : ""}`;
}

/** The recorded requests, or (none recorded) every origin × method with all the headers. */
export function neededRequests(server: PolicyServer): PolicyRequest[] {
  const recorded =
    server.requests.length > 0
      ? server.requests
      : server.origins.flatMap((origin) =>
          server.methods.map((method) => ({ method, path: "/", origin, headers: server.requestHeaders, credentials: server.credentials })),
        );
  const seen = new Map<string, PolicyRequest>();
  for (const request of recorded) {
    const key = JSON.stringify([request.origin, request.method, [...request.headers].sort(), request.credentials]);
    if (!seen.has(key) && seen.size < MAX_NEEDED_PER_SERVER) seen.set(key, request);
  }
  return [...seen.values()];
}

/** The request the not-more checks copy: the first recorded one that needs a preflight, else the first. */
function template(server: PolicyServer, needed: readonly PolicyRequest[]): PolicyRequest {
  return needed[0] ?? { method: "GET", path: "/", origin: server.origins[0] ?? UNLISTED_ORIGIN, headers: [], credentials: false };
}

function notMoreChecks(target: string, server: PolicyServer, needed: readonly PolicyRequest[], given: ReadonlyMap<string, string>): VerifyCheck[] {
  const base = template(server, needed);
  const get: PolicyRequest = { method: "GET", path: base.path, origin: UNLISTED_ORIGIN, headers: [], credentials: false };
  const preflighted = needed.find((request) => request.headers.length > 0 || !["GET", "HEAD", "POST"].includes(request.method));
  const checks: VerifyCheck[] = [
    { id: "unlisted-origin", kind: "not-more", title: `an unlisted origin (${UNLISTED_ORIGIN}) is refused: GET ${base.path}`, request: requestFor(target, get, given), expect: "refused" },
    { id: "null-origin", kind: "not-more", title: `the origin null is refused: GET ${base.path}`, request: requestFor(target, { ...get, origin: "null" }, given), expect: "refused" },
    {
      id: "unlisted-credentials",
      kind: "not-more",
      title: `a credentialed request from an unlisted origin is refused: GET ${base.path}, credentials`,
      request: requestFor(target, { ...get, credentials: true }, given),
      expect: "refused",
    },
  ];
  if (preflighted) {
    const request = { ...preflighted, origin: UNLISTED_ORIGIN };
    checks.push({ id: "unlisted-preflight", kind: "not-more", title: `the preflight of ${describe(request)} is refused`, request: requestFor(target, request, given), expect: "refused" });
  }
  return checks;
}

function publicChecks(target: string, server: PolicyServer, needed: readonly PolicyRequest[], given: ReadonlyMap<string, string>): VerifyCheck[] {
  const base = template(server, needed);
  const get: PolicyRequest = { method: "GET", path: base.path, origin: UNLISTED_ORIGIN, headers: [], credentials: false };
  return [
    { id: "public-star", kind: "public", title: `a public server answers * to any origin, without credentials: GET ${base.path} from ${UNLISTED_ORIGIN}`, request: requestFor(target, get, given), expect: "allowed-with-star" },
    {
      id: "public-no-credentials",
      kind: "public",
      title: `a public server refuses credentialed requests (* never goes with credentials): GET ${base.path}, credentials`,
      request: requestFor(target, { ...get, credentials: true }, given),
      expect: "refused",
    },
  ];
}

/** Every check of one server, sent to `target`; `given` holds -H values by lower-cased name. */
export function serverChecks(server: PolicyServer, target: string, given: ReadonlyMap<string, string>): ServerChecks {
  const needed = neededRequests(server);
  const checks: VerifyCheck[] = needed.map((request, index) => ({
    id: `needed-${index + 1}`,
    kind: "needed",
    title: `${describe(request)} is allowed`,
    request: requestFor(target, request, given),
    expect: "allowed",
  }));
  checks.push(...(server.public ? publicChecks(target, server, needed, given) : notMoreChecks(target, server, needed, given)));
  return { server, target, checks };
}
