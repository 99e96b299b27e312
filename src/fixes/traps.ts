// Traps shared by many stacks, chosen by what this failure shows. Stack modules add their own.
import type { CorsPlan } from "./plan";

const ORIGIN_CODES = new Set([
  "WildcardOriginNotAllowed",
  "PreflightWildcardOriginNotAllowed",
]);
const MULTIPLE_CODES = new Set(["MultipleAllowOriginValues", "PreflightMultipleAllowOriginValues"]);

export const TRAP = {
  preflightBeforeAuth: (status: number | undefined): string =>
    `The preflight ${status ? `answered ${status}` : "failed"}: OPTIONS requests carry no cookies or Authorization header, so the CORS handler must answer them before any authentication or authorization middleware runs.`,
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
  nullOrigin:
    "The origin is \"null\" (sandboxed iframe, file:// page or a redirect across origins): allowing \"null\" admits every sandboxed document on the web; prefer serving the page from a real origin.",
  rejectedValues: (values: readonly string[]): string =>
    `Left out values that are not valid HTTP tokens (no browser can send them): ${values.map((value) => JSON.stringify(value)).join(", ")}.`,
} as const;

/** The shared traps that apply to this failure. */
export function commonTraps(plan: CorsPlan): string[] {
  const traps: string[] = [];
  const code = plan.code ?? "";
  if (plan.origin === "null") traps.push(TRAP.nullOrigin);
  if (code === "PreflightInvalidStatus" || (plan.preflightStatus !== undefined && plan.preflightStatus >= 300)) {
    traps.push(TRAP.preflightBeforeAuth(plan.preflightStatus));
  }
  if (ORIGIN_CODES.has(code)) traps.push(TRAP.wildcardWithCredentials);
  if (MULTIPLE_CODES.has(code)) traps.push(TRAP.duplicateLayers);
  if (plan.credentials) traps.push(TRAP.reflectAnyOrigin);
  if (code === "MissingAllowOriginHeader" || code === "PreflightMissingAllowOriginHeader") traps.push(TRAP.errorPage);
  traps.push(TRAP.proxyOrCdn, TRAP.devProxy);
  if (plan.rejected.length > 0) traps.push(TRAP.rejectedValues(plan.rejected));
  return traps;
}
