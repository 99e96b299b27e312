// Express with the `cors` package (expressjs/cors): origin, methods, allowedHeaders,
// exposedHeaders, credentials, maxAge. An array `origin` echoes a listed origin and adds Vary: Origin.
import { composeFix, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence, headerValues } from "../headers";
import type { HeaderList } from "../../engine/types";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";
import { corsPackageOptions, defaultImport, moduleVariants } from "../js-cors-options";

/** Express's default error page (finalhandler): CSP default-src 'none' with nosniff on HTML. */
function expressErrorPageEvidence(headers: HeaderList): string | undefined {
  const csp = headerValues(headers, "content-security-policy")[0] ?? "";
  const nosniff = headerValues(headers, "x-content-type-options")[0] ?? "";
  const html = (headerValues(headers, "content-type")[0] ?? "").startsWith("text/html");
  if (csp === "default-src 'none'" && nosniff === "nosniff" && html) {
    return "Content-Security-Policy: default-src 'none' on an HTML error page (Express finalhandler)";
  }
  return undefined;
}

/** What the origin list does, in the number it has. */
function originComment(count: number): string {
  if (count === 0) return "// No origin listed: cors sends no Access-Control-Allow-Origin and adds Vary: Origin.";
  if (count === 1) return "// Only this origin; cors echoes it back and adds Vary: Origin.";
  return "// Only these origins; cors echoes the request's Origin when it is listed and adds Vary: Origin.";
}

export const express: StackFixer = {
  id: "express",
  label: "Express (cors)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-powered-by", /^express$/i),
      () => expressErrorPageEvidence(headers),
    ),
  render(context) {
    const plan = planFrom(context);
    const options = corsPackageOptions(plan);
    const cors = defaultImport("cors", "cors");
    const { snippet, variants } = moduleVariants((style) => [
      cors[style],
      "",
      originComment(plan.origins.length),
      "const corsOptions = {",
      ...options,
      "};",
      "// Register before authentication middleware and routes: it also answers the OPTIONS preflight.",
      "app.use(cors(corsOptions));",
    ].join("\n"));
    return composeFix(this, plan, {
      language: "js",
      snippet,
      variants,
      where: "In the file that creates the Express app, before any auth middleware, routers and error handlers.",
      why: "With an array origin, cors sends Access-Control-Allow-Origin only when the request's Origin is listed and always adds Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "app.use(cors(…)) must come before the authentication middleware that rejected the preflight; cors answers OPTIONS itself (optionsSuccessStatus 204).",
        "Never use origin: true or origin: \"*\" with credentials: true: the first reflects every origin, the second sends a literal * that browsers reject with credentials.",
        "allowedHeaders is set on purpose: left unset, cors reflects whatever Access-Control-Request-Headers asks for.",
      ],
    });
  },
};
