// Hono's built-in `hono/cors`: origin (string | string[] | fn), allowMethods, allowHeaders,
// exposeHeaders, maxAge, credentials.
import { composeFix, list, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { jsString } from "../quote";
import type { StackFixer } from "../types";

export const hono: StackFixer = {
  id: "hono",
  label: "Hono (hono/cors)",
  detect: (headers) => headerEvidence(headers, "x-powered-by", /hono/i),
  render(context) {
    const plan = planFrom(context);
    const pattern = plan.pathPrefix === "/" ? "*" : `${plan.pathPrefix}*`;
    const options = [
      `  origin: ${list([plan.origin], jsString)},`,
      `  allowMethods: ${list(plan.methods, jsString)},`,
      `  allowHeaders: ${list(plan.requestHeaders, jsString)},`,
      plan.exposeHeaders.length > 0 ? `  exposeHeaders: ${list(plan.exposeHeaders, jsString)},` : undefined,
      plan.credentials ? "  credentials: true," : undefined,
      `  maxAge: ${plan.maxAge},`,
    ].filter((line) => line !== undefined);
    const snippet = [
      'import { cors } from "hono/cors";',
      "",
      "// Before auth middleware on the same paths: it answers the OPTIONS preflight itself.",
      `app.use(${jsString(pattern)}, cors({`,
      ...options,
      "}));",
    ].join("\n");
    return composeFix(this, plan, {
      language: "ts",
      snippet,
      where: "Where the Hono app is created, before authentication middleware and the routes it covers.",
      why: "With an array origin, current hono/cors sends Access-Control-Allow-Origin only for a listed Origin and adds Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "Register cors() before the middleware that rejected the preflight (for example bearerAuth/jwt on the same path).",
        "Older hono/cors versions answered an unlisted Origin with the first listed origin instead of nothing: the request still fails, but with a confusing AllowOriginMismatch.",
        plan.requestHeaders.length > 0
          ? "allowHeaders is set on purpose: when empty, hono/cors reflects whatever Access-Control-Request-Headers asks for."
          : "With an empty allowHeaders, hono/cors reflects whatever Access-Control-Request-Headers asks for: list the headers once the API needs some.",
      ],
    });
  },
};
