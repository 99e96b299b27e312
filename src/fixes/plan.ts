// The values every stack writes into its configuration, derived once from the server's policy
// (src/fixes/policy.ts): the exact origins, every method and header the server's requests need,
// credentials only when used or already allowed.
import type { CorsErrorCode, FixRequirements } from "../engine/types";
import { MAX_AGE_SECONDS, OPAQUE_ORIGIN, serverPolicy, type ServerPolicy } from "./policy";
import type { FixContext } from "./types";

export { MAX_AGE_SECONDS } from "./policy";

export interface CorsPlan {
  /** The page origins, exactly as the browser sends them; may be empty (then nothing is allowed). */
  readonly origins: readonly string[];
  /** Methods to allow, without duplicates. */
  readonly methods: readonly string[];
  /** Lower-cased non-safelisted request headers to allow. */
  readonly requestHeaders: readonly string[];
  /** Lower-cased response headers the page may read. */
  readonly exposeHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number;
  /** A request path, for path-scoped configuration. */
  readonly path: string;
  /** The paths' common first segment as a prefix ("/api/"), or "/". */
  readonly pathPrefix: string;
  readonly serverOrigin: string;
  readonly code?: CorsErrorCode;
  readonly preflightStatus?: number;
  /** Values dropped because no browser could send them (not HTTP tokens, not exact origins). */
  readonly rejected: readonly string[];
  /** The policy's notes (bounds hit, wildcards replaced, null origins). */
  readonly notes: readonly string[];
  /** How many requests the policy was computed from. */
  readonly requestCount: number;
}

/** The policy of a server seen through one blocked request only (callers without the session). */
export function requirementsPolicy(requirements: FixRequirements): ServerPolicy {
  return serverPolicy(requirements.serverOrigin, [
    {
      id: "request",
      method: requirements.methods[0] ?? "GET",
      path: requirements.path || "/",
      blocked: true,
      origin: requirements.origin,
      requestHeaders: requirements.requestHeaders,
      credentials: requirements.credentials,
      exposeHeaders: requirements.exposeHeaders,
      preflightResponseHeaders: [],
      responseHeaders: [],
    },
    ...requirements.methods.slice(1).map((method, index) => ({
      id: `request-${index + 1}`,
      method,
      path: requirements.path || "/",
      blocked: true,
      origin: requirements.origin,
      requestHeaders: [],
      credentials: false,
      exposeHeaders: [],
      preflightResponseHeaders: [],
      responseHeaders: [],
    })),
  ]);
}

export function planFromPolicy(policy: ServerPolicy, extra: { readonly code?: CorsErrorCode; readonly preflightStatus?: number } = {}): CorsPlan {
  const values = (parts: readonly { readonly value: string }[]): string[] => parts.map((part) => part.value);
  return {
    origins: values(policy.origins),
    methods: values(policy.methods),
    requestHeaders: values(policy.requestHeaders),
    exposeHeaders: values(policy.exposeHeaders),
    credentials: policy.credentials.value,
    maxAge: policy.maxAge || MAX_AGE_SECONDS,
    path: policy.path || "/",
    pathPrefix: policy.pathPrefix || "/",
    serverOrigin: policy.serverOrigin,
    ...(extra.code !== undefined ? { code: extra.code } : {}),
    ...(extra.preflightStatus !== undefined ? { preflightStatus: extra.preflightStatus } : {}),
    rejected: policy.rejected,
    notes: policy.notes,
    requestCount: policy.requests.blocked + policy.requests.allowed,
  };
}

export function planFrom(context: FixContext): CorsPlan {
  const policy = context.policy ?? requirementsPolicy(context.requirements);
  return planFromPolicy(policy, { code: context.code, preflightStatus: context.requirements.preflightStatus });
}

/** Why a plan lists no origin (its origins are empty): one clause, for comments and `why`. */
export function noOriginReason(plan: CorsPlan): string {
  if (plan.notes.some((note) => note.includes(OPAQUE_ORIGIN))) {
    return `the requests came from ${OPAQUE_ORIGIN} (a sandboxed iframe, a file:// page, a redirect across origins), and allowing "null" would admit every such document`;
  }
  if (plan.rejected.length > 0) return "the page origin seen is not an exact origin (scheme://host[:port])";
  return "no page origin was seen";
}

/** The shared half of every `why`: what the configuration allows and what it still refuses. */
export function describeAllowance(plan: CorsPlan): string {
  if (plan.origins.length === 0) {
    return `Allows no origin: ${noOriginReason(plan)}. Serve the page from a real origin and add that origin, exactly, to the list.`;
  }
  const who = plan.origins.length === 1 ? plan.origins[0] : `${plan.origins.length} page origins (${plan.origins.slice(0, 3).join(", ")}${plan.origins.length > 3 ? ", …" : ""})`;
  const parts = [`Allows only ${who} to call ${plan.methods.join(", ")}`];
  if (plan.requestHeaders.length > 0) parts.push(` with the ${plan.requestHeaders.join(", ")} header(s)`);
  parts.push(plan.credentials ? ", with cookies/HTTP credentials" : ", without credentials (no request showed any: turn them on if the page sends cookies or HTTP authentication)");
  if (plan.exposeHeaders.length > 0) parts.push(`, and lets the page read ${plan.exposeHeaders.join(", ")}`);
  if (plan.requestCount > 1) parts.push(`: everything the ${plan.requestCount} requests seen to ${plan.serverOrigin} need, and what the server already allowed`);
  parts.push(
    `. Any other origin gets no Access-Control-Allow-Origin and stays blocked; other methods and headers are still refused at the preflight, which the browser caches for ${plan.maxAge} s.`,
  );
  return parts.join("");
}
