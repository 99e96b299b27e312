// Apache httpd: mod_setenvif picks the exact origin, mod_headers adds the headers with `always`
// (the error table too), mod_rewrite answers the preflight with 204.
import { composeFix, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { apacheString, quotedExactRegex } from "../quote";
import type { StackFixer } from "../types";

export const apache: StackFixer = {
  id: "apache",
  label: "Apache httpd (mod_headers)",
  detect: (headers) => headerEvidence(headers, "server", /^apache/i),
  render(context) {
    const plan = planFrom(context);
    const header = (name: string, value: string): string =>
      `Header always set ${name} ${apacheString(value, { format: true })} env=CORS_ALLOWED_ORIGIN`;
    const lines = [
      "# Needs mod_setenvif, mod_headers and mod_rewrite.",
      `SetEnvIf Origin ${quotedExactRegex(plan.origins, { capture: true })} CORS_ALLOWED_ORIGIN=$1`,
      'Header always set Access-Control-Allow-Origin "%{CORS_ALLOWED_ORIGIN}e" env=CORS_ALLOWED_ORIGIN',
      plan.credentials ? header("Access-Control-Allow-Credentials", "true") : undefined,
      header("Access-Control-Allow-Methods", plan.methods.join(", ")),
      plan.requestHeaders.length > 0 ? header("Access-Control-Allow-Headers", plan.requestHeaders.join(", ")) : undefined,
      plan.exposeHeaders.length > 0 ? header("Access-Control-Expose-Headers", plan.exposeHeaders.join(", ")) : undefined,
      header("Access-Control-Max-Age", String(plan.maxAge)),
      'Header always merge Vary "Origin"',
      "",
      "# Answer the preflight before authentication and the application.",
      "RewriteEngine On",
      "RewriteCond %{REQUEST_METHOD} =OPTIONS",
      "RewriteCond %{HTTP:Access-Control-Request-Method} !^$",
      "RewriteRule ^ - [R=204,L]",
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "apache",
      snippet: lines.join("\n"),
      where: `In the <VirtualHost> (or <Location ${plan.pathPrefix}>) that serves ${plan.serverOrigin}.`,
      why: "SetEnvIf sets CORS_ALLOWED_ORIGIN only for a listed origin and every header is conditional on it; `always` keeps them on error responses; mod_rewrite answers OPTIONS with 204.",
      warnings: [
        "Header without `always` only touches 2xx responses: errors and a rejected preflight lose the CORS headers.",
        "If the application (or a proxied backend) also sets Access-Control-Allow-Origin, `set` in both header tables can still leave two values: keep CORS in one layer.",
        preflightRejected(plan) && "Require/AuthType directives answer OPTIONS with 401 in <Location>/<Directory>: exempt it with <LimitExcept OPTIONS> around Require, or rely on the rewrite above running first.",
        "In .htaccess, mod_rewrite rules of a parent directory are replaced unless RewriteOptions Inherit is set.",
      ],
    });
  },
};
