// JavaScript building blocks shared by stacks: the option object of the `cors` package,
// @fastify/cors and NestJS's enableCors (which passes it to one of those two: same names, same
// meaning), and the header objects of hand-written Fetch-API handlers.
import { list } from "./compose";
import type { CorsPlan } from "./plan";
import { jsString } from "./quote";
import type { FixVariant } from "./types";

/** The object's lines, two-space indented, without braces. */
export function corsPackageOptions(plan: CorsPlan): string[] {
  return [
    `  origin: ${list(plan.origins, jsString)},`,
    `  methods: ${list(plan.methods, jsString)},`,
    `  allowedHeaders: ${list(plan.requestHeaders, jsString)},`,
    plan.exposeHeaders.length > 0 ? `  exposedHeaders: ${list(plan.exposeHeaders, jsString)},` : undefined,
    plan.credentials ? "  credentials: true," : undefined,
    `  maxAge: ${plan.maxAge},`,
  ].filter((line) => line !== undefined);
}

/**
 * Header-object lines for code that sets CORS headers by hand on Fetch-API responses (Cloudflare
 * Workers, Next.js middleware): those only the preflight needs, and those every response needs.
 */
export function fetchApiHeaderLines(plan: CorsPlan): { preflight: string[]; response: string[] } {
  const preflight = [
    `  "Access-Control-Allow-Methods": ${jsString(plan.methods.join(", "))},`,
    plan.requestHeaders.length > 0 ? `  "Access-Control-Allow-Headers": ${jsString(plan.requestHeaders.join(", "))},` : undefined,
    `  "Access-Control-Max-Age": ${jsString(String(plan.maxAge))},`,
  ].filter((line) => line !== undefined);
  const response = [
    plan.credentials ? '  "Access-Control-Allow-Credentials": "true",' : undefined,
    plan.exposeHeaders.length > 0 ? `  "Access-Control-Expose-Headers": ${jsString(plan.exposeHeaders.join(", "))},` : undefined,
  ].filter((line) => line !== undefined);
  return { preflight, response };
}

/** A module's import in both styles: `import x from "m"` and `const x = require("m")`. */
export interface ModuleImport {
  readonly esm: string;
  readonly cjs: string;
}

export function defaultImport(name: string, module: string): ModuleImport {
  return { esm: `import ${name} from ${jsString(module)};`, cjs: `const ${name} = require(${jsString(module)});` };
}

export function namedImport(name: string, module: string): ModuleImport {
  return { esm: `import { ${name} } from ${jsString(module)};`, cjs: `const { ${name} } = require(${jsString(module)});` };
}

/** The ESM and CommonJS variants of a snippet (`body` gets the module style it is written for). */
export function moduleVariants(body: (style: "esm" | "cjs") => string): { snippet: string; variants: FixVariant[] } {
  const esm = body("esm");
  return {
    snippet: esm,
    variants: [
      { id: "esm", label: "ES modules (import)", snippet: esm },
      { id: "cjs", label: "CommonJS (require)", snippet: body("cjs") },
    ],
  };
}

/**
 * A request-header list for libraries that echo whatever the browser asks for when the list is
 * empty (@koa/cors 5, hono/cors): never empty. With no header to allow, it names one a browser
 * lets every page send anyway (Accept), which allows nothing more.
 */
export function neverEmptyHeaders(headers: readonly string[]): readonly string[] {
  return headers.length > 0 ? headers : ["accept"];
}
