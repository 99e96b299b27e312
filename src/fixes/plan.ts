// The values every stack writes into its configuration, derived once from FixRequirements:
// the exact origin, the methods and headers this request needs, credentials only when used.
import type { CorsErrorCode } from "../engine/types";
import type { FixContext } from "./types";

/** Preflight cache time we recommend; Chromium caps Access-Control-Max-Age at 7200 s. */
export const MAX_AGE_SECONDS = 600;

// RFC 9110 token characters: the only ones a browser lets a page put in a header name or method.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface CorsPlan {
  /** The page's origin, exactly as the browser sends it. */
  readonly origin: string;
  /** Methods to allow, in request order, without duplicates. */
  readonly methods: readonly string[];
  /** Lower-cased non-safelisted request headers to allow. */
  readonly requestHeaders: readonly string[];
  /** Lower-cased response headers the page may read. */
  readonly exposeHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number;
  /** Request path, for path-scoped configuration. */
  readonly path: string;
  /** The path's first segment as a prefix ("/api/"), or "/" for top-level paths. */
  readonly pathPrefix: string;
  readonly serverOrigin: string;
  readonly code?: CorsErrorCode;
  readonly preflightStatus?: number;
  /** Values dropped because no browser could send them (not HTTP tokens). */
  readonly rejected: readonly string[];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function prefixOf(path: string): string {
  const clean = path.split(/[?#]/)[0] ?? "/";
  const segments = clean.split("/").filter((segment) => segment.length > 0);
  if (segments.length < 2) return "/";
  return `/${segments[0]}/`;
}

export function planFrom(context: FixContext): CorsPlan {
  const { requirements } = context;
  const rejected: string[] = [];
  const tokens = (values: readonly string[], lower: boolean): string[] =>
    unique(
      values.filter((value) => {
        if (TOKEN.test(value)) return true;
        rejected.push(value);
        return false;
      }).map((value) => (lower ? value.toLowerCase() : value)),
    );
  const methods = tokens(requirements.methods, false);
  return {
    origin: requirements.origin,
    methods: methods.length > 0 ? methods : ["GET"],
    requestHeaders: tokens(requirements.requestHeaders, true),
    exposeHeaders: tokens(requirements.exposeHeaders, true),
    credentials: requirements.credentials,
    maxAge: MAX_AGE_SECONDS,
    path: requirements.path || "/",
    pathPrefix: prefixOf(requirements.path || "/"),
    serverOrigin: requirements.serverOrigin,
    code: context.code,
    preflightStatus: requirements.preflightStatus,
    rejected,
  };
}

/** The shared half of every `why`: what the configuration allows and what it still refuses. */
export function describeAllowance(plan: CorsPlan): string {
  const parts = [`Allows only ${plan.origin} to call ${plan.methods.join(", ")}`];
  if (plan.requestHeaders.length > 0) parts.push(` with the ${plan.requestHeaders.join(", ")} header(s)`);
  parts.push(plan.credentials ? ", with cookies/HTTP credentials" : ", without credentials");
  if (plan.exposeHeaders.length > 0) parts.push(`, and lets the page read ${plan.exposeHeaders.join(", ")}`);
  parts.push(
    `. Any other origin gets no Access-Control-Allow-Origin and stays blocked; other methods and headers are still refused at the preflight, which the browser caches for ${plan.maxAge} s.`,
  );
  return parts.join("");
}
