// Traps shared by many stacks, chosen by what this failure shows. Stack modules add their own.
import { LOCAL_NETWORK_CODES, REQUEST_SIDE_CODES } from "../engine/codes";
import type { CorsPlan } from "./plan";

const WILDCARD_CODES = new Set(["WildcardOriginNotAllowed", "PreflightWildcardOriginNotAllowed"]);
const MULTIPLE_CODES = new Set(["MultipleAllowOriginValues", "PreflightMultipleAllowOriginValues"]);
const MISSING_CODES = new Set(["MissingAllowOriginHeader", "PreflightMissingAllowOriginHeader"]);

export const TRAP = {
  preflightBeforeAuth: (status: number | undefined): string =>
    `The preflight ${status ? `answered ${status}` : "failed"}: OPTIONS requests carry no cookies or Authorization header, so the CORS handler must answer them before any authentication or authorization middleware runs.`,
  preflightNoRoute: (status: number): string =>
    `The preflight answered ${status}: nothing handles OPTIONS for this path (routes usually list only GET/PUT/…); the CORS handler must answer OPTIONS itself, before routing.`,
  preflightServerError: (status: number): string =>
    `The preflight answered ${status}: the server failed on OPTIONS (a handler that expects a body or a session); answer OPTIONS in the CORS layer before it reaches that code.`,
  preflightRedirect:
    "The preflight was redirected (http→https, a missing trailing slash, a login page): browsers never follow a preflight redirect, so call the final URL directly and answer OPTIONS there without redirecting.",
  wildcardWithCredentials:
    "Access-Control-Allow-Origin: * cannot be used with credentials; the server must send the exact origin and Access-Control-Allow-Credentials: true.",
  reflectAnyOrigin:
    "Do not reflect whatever Origin arrives while allowing credentials: that lets every website make logged-in requests to this API and read the answers.",
  duplicateLayers:
    "Two layers each add Access-Control-Allow-Origin (e.g. a proxy and the app): keep CORS in exactly one of them and remove it from the other.",
  proxyOrCdn:
    "A reverse proxy or CDN in front of this server may drop, cache or duplicate these headers; if they are right here but wrong in the browser, check that layer (and add Origin to its cache key).",
  devProxy:
    "A dev-server proxy (Vite, webpack, Next rewrites) makes requests same-origin in development and hides this problem until production.",
  errorPage:
    "The failing response may be an error page from a different layer (proxy, load balancer, framework error handler) that never ran the CORS code; make errors carry the headers too.",
  localNetwork:
    "This is Chromium's Local Network Access check, not a missing CORS header: a page on a more public address (or an insecure context) reached a local or loopback server. The CORS configuration below is still needed, but the page must also be served over HTTPS and the user must grant local network access.",
  requestSide:
    "This error comes from the page's own request (fetch mode, redirect mode or URL scheme), not from the server's headers: change the request; the configuration below only helps once the request is a normal CORS request.",
} as const;

/** The trap that explains a non-2xx or redirected preflight, if this is one. */
function preflightTrap(plan: CorsPlan): string | undefined {
  const status = plan.preflightStatus;
  if (plan.code === "PreflightDisallowedRedirect" || (status !== undefined && status >= 300 && status < 400)) {
    return TRAP.preflightRedirect;
  }
  if (status === 404 || status === 405 || status === 501) return TRAP.preflightNoRoute(status);
  if (status !== undefined && status >= 500) return TRAP.preflightServerError(status);
  if ((status !== undefined && status >= 400) || plan.code === "PreflightInvalidStatus") return TRAP.preflightBeforeAuth(status);
  return undefined;
}

/** The shared traps that apply to this failure. */
export function commonTraps(plan: CorsPlan): string[] {
  const traps: string[] = [];
  const code = plan.code ?? "";
  if (plan.code && LOCAL_NETWORK_CODES.has(plan.code)) traps.push(TRAP.localNetwork);
  if (plan.code && REQUEST_SIDE_CODES.has(plan.code)) traps.push(TRAP.requestSide);
  const preflight = preflightTrap(plan);
  if (preflight) traps.push(preflight);
  if (WILDCARD_CODES.has(code)) traps.push(TRAP.wildcardWithCredentials);
  if (MULTIPLE_CODES.has(code)) traps.push(TRAP.duplicateLayers);
  if (plan.credentials) traps.push(TRAP.reflectAnyOrigin);
  if (MISSING_CODES.has(code)) traps.push(TRAP.errorPage);
  traps.push(TRAP.proxyOrCdn, TRAP.devProxy);
  // The policy's own notes: values left out (null origins, non-tokens, bounds), wildcards replaced.
  traps.push(...plan.notes);
  return traps;
}
