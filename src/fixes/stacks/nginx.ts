// nginx: add_header … always in the location that serves the API, the origin chosen per request
// by an exact regex, and the preflight answered with 204 before any auth or proxying.
import { composeFix, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { nginxString, quotedExactRegex } from "../quote";
import type { StackFixer } from "../types";

/** Where the user's existing proxy_pass/root goes; the real-server test inserts its own there. */
export const NGINX_CONTENT_MARKER = "# Keep this location's existing proxy_pass / root lines below.";

export const nginx: StackFixer = {
  id: "nginx",
  label: "nginx (add_header)",
  detect: (headers) => firstEvidence(() => headerEvidence(headers, "server", /nginx|openresty/i)),
  render(context) {
    const plan = planFrom(context);
    // nginx cannot escape `$` in add_header values: such (exotic) names are left out, with a warning.
    const expressible = (value: string): boolean => !value.includes("$");
    const methods = plan.methods.filter(expressible);
    const requestHeaders = plan.requestHeaders.filter(expressible);
    const exposeHeaders = plan.exposeHeaders.filter(expressible);
    const dropped = [...plan.methods, ...plan.requestHeaders, ...plan.exposeHeaders].filter((value) => !expressible(value));
    const header = (name: string, value: string): string => `    add_header ${name} ${value} always;`;
    const lines = [
      `location ${nginxString(plan.pathPrefix)} {`,
      '    set $cors_origin "";',
      `    if ($http_origin ~ ${quotedExactRegex(plan.origins)}) {`,
      "        set $cors_origin $http_origin;",
      "    }",
      "    # An empty value sends no header: unlisted origins get no Access-Control-Allow-Origin.",
      header("Access-Control-Allow-Origin", "$cors_origin"),
      plan.credentials ? header("Access-Control-Allow-Credentials", '"true"') : undefined,
      header("Access-Control-Allow-Methods", nginxString(methods.join(", "))),
      requestHeaders.length > 0 ? header("Access-Control-Allow-Headers", nginxString(requestHeaders.join(", "))) : undefined,
      exposeHeaders.length > 0 ? header("Access-Control-Expose-Headers", nginxString(exposeHeaders.join(", "))) : undefined,
      header("Access-Control-Max-Age", `"${plan.maxAge}"`),
      header("Vary", '"Origin"'),
      "",
      "    # Answer the preflight here, before auth_request/auth_basic and the backend.",
      "    if ($request_method = OPTIONS) {",
      "        return 204;",
      "    }",
      "",
      `    ${NGINX_CONTENT_MARKER}`,
      "}",
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "nginx",
      snippet: lines.join("\n"),
      where: `Inside the server { } block for ${plan.serverOrigin}, replacing the existing location for ${plan.pathPrefix} (keep its proxy_pass/root).`,
      why: "The if/regex picks the exact origin, `always` keeps the headers on 4xx/5xx answers, and OPTIONS is answered with 204 at the proxy.",
      warnings: [
        "add_header without `always` only applies to 2xx/3xx responses: an error or a 401 preflight then lacks every CORS header.",
        "add_header is not inherited into a location (or if block) that has its own add_header: repeat these lines in any nested location that adds headers.",
        "If the backend also sends Access-Control-Allow-Origin, the browser sees two values: remove CORS from the backend, or add proxy_hide_header Access-Control-Allow-Origin.",
        preflightRejected(plan) && "auth_request/auth_basic run in a later phase than this `return 204`, so the preflight is answered before authentication.",
        dropped.length > 0 && `nginx cannot put a literal $ in add_header values; left out: ${dropped.join(", ")}.`,
      ],
    });
  },
};
