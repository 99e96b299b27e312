// Hono's built-in `hono/cors`: origin (string | string[] | fn), allowMethods, allowHeaders,
// exposeHeaders, maxAge, credentials.
import { composeFix, list, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { jsString } from "../quote";
import type { StackFixer } from "../types";
import { moduleVariants, namedImport, neverEmptyHeaders } from "../js-cors-options";

export const hono: StackFixer = {
  id: "hono",
  label: "Hono (hono/cors)",
  detect: (headers) => headerEvidence(headers, "x-powered-by", /hono/i),
  render(context) {
    const plan = planFrom(context);
    const pattern = plan.pathPrefix === "/" ? "*" : `${plan.pathPrefix}*`;
    const options = [
      `  origin: ${list(plan.origins, jsString)},`,
      `  allowMethods: ${list(plan.methods, jsString)},`,
      `  allowHeaders: ${list(neverEmptyHeaders(plan.requestHeaders), jsString)},`,
      plan.exposeHeaders.length > 0 ? `  exposeHeaders: ${list(plan.exposeHeaders, jsString)},` : undefined,
      plan.credentials ? "  credentials: true," : undefined,
      `  maxAge: ${plan.maxAge},`,
    ].filter((line) => line !== undefined);
    const cors = namedImport("cors", "hono/cors");
    const { snippet, variants } = moduleVariants((style) => [
      cors[style],
      "",
      "// Before auth middleware on the same paths: it answers the OPTIONS preflight itself.",
      `app.use(${jsString(pattern)}, cors({`,
      ...options,
      "}));",
    ].join("\n"));
    return composeFix(this, plan, {
      language: "ts",
      snippet,
      variants,
      where: "Where the Hono app is created, before authentication middleware and the routes it covers.",
      why: "With an array origin, current hono/cors sends Access-Control-Allow-Origin only for a listed Origin and adds Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "Register cors() before the middleware that rejected the preflight (for example bearerAuth/jwt on the same path).",
        "Older hono/cors versions answered an unlisted Origin with the first listed origin instead of nothing: the request still fails, but with a confusing AllowOriginMismatch.",
        "allowHeaders is never empty on purpose: an empty list (the default) makes hono/cors reflect whatever Access-Control-Request-Headers asks for.",
      ],
    });
  },
};
