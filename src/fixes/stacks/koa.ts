// Koa with @koa/cors: origin (string or fn(ctx)), allowMethods, allowHeaders, exposeHeaders,
// credentials, maxAge, keepHeadersOnError.
import { composeFix, list, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { jsString } from "../quote";
import type { StackFixer } from "../types";
import { defaultImport, moduleVariants, neverEmptyHeaders } from "../js-cors-options";

export const koa: StackFixer = {
  id: "koa",
  label: "Koa (@koa/cors)",
  detect: (headers) => headerEvidence(headers, "x-powered-by", /koa/i),
  render(context) {
    const plan = planFrom(context);
    const options = [
      '  origin: (ctx) => (allowedOrigins.has(ctx.get("Origin")) ? ctx.get("Origin") : ""),',
      `  allowMethods: ${list(plan.methods, jsString)},`,
      `  allowHeaders: ${list(neverEmptyHeaders(plan.requestHeaders), jsString)},`,
      plan.exposeHeaders.length > 0 ? `  exposeHeaders: ${list(plan.exposeHeaders, jsString)},` : undefined,
      plan.credentials ? "  credentials: true," : undefined,
      `  maxAge: ${plan.maxAge},`,
      "  keepHeadersOnError: true,",
    ].filter((line) => line !== undefined);
    const cors = defaultImport("cors", "@koa/cors");
    const { snippet, variants } = moduleVariants((style) => [
      cors[style],
      "",
      `const allowedOrigins = new Set(${list(plan.origins, jsString)});`,
      "// First middleware: an unlisted Origin gets no CORS headers at all.",
      "app.use(cors({",
      ...options,
      "}));",
    ].join("\n"));
    return composeFix(this, plan, {
      language: "js",
      snippet,
      variants,
      where: "Where the Koa app is created, as the first app.use(), before authentication and routers.",
      why: "The origin function returns the request's Origin only when it is listed (an empty string means no CORS headers); @koa/cors adds Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "The authentication middleware answered the preflight; app.use(cors(…)) must come before it so OPTIONS is answered first.",
        "@koa/cors 5 defaults origin to * (version 4 reflected the request Origin), and with credentials: true and no origin it reflects any Origin: always pass an explicit origin.",
        "Never write allowHeaders: [] (or leave it out): @koa/cors 5 then echoes whatever Access-Control-Request-Headers asks for (observed: an arbitrary x-secret-admin allowed). This list is never empty for that reason.",
        "Without keepHeadersOnError, errors thrown downstream lose the CORS headers and the browser reports a missing Access-Control-Allow-Origin instead of the real error.",
      ],
    });
  },
};
