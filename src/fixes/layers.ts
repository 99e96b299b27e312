// Two layers in front of one API (a reverse proxy and an application behind it) must not both set
// CORS headers: the browser then sees two Access-Control-Allow-Origin values and refuses every
// response (MultipleAllowOriginValues). This finds the layers from response headers and says which
// one should own CORS, and how to take the headers out of the other.
import type { HeaderList } from "../engine/types";
import { headerValues } from "./headers";

/** Stacks that are proxies or web servers in front of an application. */
const PROXY_STACKS = new Set(["nginx", "apache", "caddy", "aws-api-gateway", "cloudflare-workers"]);

export interface LayerDetection {
  /** The proxy in front ("nginx"), when one is named by the headers. */
  readonly proxy?: string;
  /** The application behind it ("express"), when one is named. */
  readonly app?: string;
  /** The header lines that show two layers. */
  readonly evidence: readonly string[];
  /** True when Access-Control-Allow-Origin arrived twice (or as "a, a"): both layers add it now. */
  readonly duplicateAllowOrigin: boolean;
  /** The layer whose fix comes first: the proxy, which also answers its own errors and auth. */
  readonly owner?: string;
  /** What to say: set CORS in exactly one layer. */
  readonly advice: string;
}

/** How to take CORS headers out of a layer that should not set them. */
export function removalAdvice(stack: string): string {
  switch (stack) {
    case "nginx":
      return "nginx: delete its add_header Access-Control-* lines (and any `if ($request_method = OPTIONS)` that answers the preflight), or, to drop what the app sends, add `proxy_hide_header Access-Control-Allow-Origin;` (and the other Access-Control-* names) in the location.";
    case "apache":
      return "Apache: delete its `Header set Access-Control-*` lines, or `Header always unset Access-Control-Allow-Origin` to drop what the backend sends.";
    case "caddy":
      return "Caddy: delete the header block that adds Access-Control-*, or strip the backend's with `reverse_proxy { header_down -Access-Control-Allow-Origin }`.";
    case "express":
    case "nestjs":
      return "The app: remove app.use(cors(…)) / app.enableCors(…) and any res.header('Access-Control-…') calls.";
    case "fastify":
      return "The app: remove app.register(@fastify/cors, …) and any reply.header('Access-Control-…') calls.";
    case "koa":
      return "The app: remove app.use(cors(…)) (@koa/cors) and any ctx.set('Access-Control-…') calls.";
    case "hono":
      return "The app: remove app.use(…, cors(…)) (hono/cors) and any c.header('Access-Control-…') calls.";
    default:
      return `${stack}: remove its CORS configuration, so that only one layer sends Access-Control-* headers.`;
  }
}

/**
 * Finds a proxy in front of an app: `Server: nginx` with `X-Powered-By: Express`, a `Via` header, or
 * an Access-Control-Allow-Origin sent twice with the same value. `detected` are the stacks the
 * headers name, most specific first (src/fixes/index.ts detectStacks).
 */
export function detectLayers(headers: HeaderList, detected: readonly string[]): LayerDetection | undefined {
  const evidence: string[] = [];
  const proxy = detected.find((stack) => PROXY_STACKS.has(stack));
  const app = detected.find((stack) => !PROXY_STACKS.has(stack));
  const server = headerValues(headers, "server")[0];
  const poweredBy = headerValues(headers, "x-powered-by")[0];
  const via = headerValues(headers, "via")[0];
  if (proxy && app) {
    if (server) evidence.push(`Server: ${server}`);
    if (poweredBy) evidence.push(`X-Powered-By: ${poweredBy}`);
  }
  if (via) evidence.push(`Via: ${via}`);
  const allowOrigin = headerValues(headers, "access-control-allow-origin").flatMap((value) => value.split(",").map((part) => part.trim()));
  const duplicateAllowOrigin = allowOrigin.length >= 2 && allowOrigin.every((value) => value === allowOrigin[0]);
  if (duplicateAllowOrigin) evidence.push(`Access-Control-Allow-Origin sent ${allowOrigin.length} times: ${allowOrigin.join(", ")}`);
  if (evidence.length === 0) return undefined;
  const owner = proxy ?? app;
  const layers = proxy && app ? ` (${proxy} in front of ${app})` : via ? " (a proxy in front of the app)" : "";
  const advice = [
    `Two layers answer this server${layers}: set CORS in exactly one of them.`,
    duplicateAllowOrigin ? "Both add Access-Control-Allow-Origin now, so the browser sees two values and refuses every response." : "",
    owner ? `The ${owner} fix comes first; remove CORS from the other layer.` : "Keep CORS in the layer you control and remove it from the other.",
  ]
    .filter((part) => part !== "")
    .join(" ");
  return {
    ...(proxy ? { proxy } : {}),
    ...(app ? { app } : {}),
    evidence,
    duplicateAllowOrigin,
    ...(owner ? { owner } : {}),
    advice,
  };
}
