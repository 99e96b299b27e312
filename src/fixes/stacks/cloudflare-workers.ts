// Cloudflare Workers: no built-in CORS; the Worker answers OPTIONS and copies the upstream
// response (fetched Response headers are immutable) to add the headers.
import { composeFix, list, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { jsString } from "../quote";
import type { StackFixer } from "../types";
import { fetchApiHeaderLines } from "../js-cors-options";

export const cloudflareWorkers: StackFixer = {
  id: "cloudflare-workers",
  label: "Cloudflare Workers",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "cf-ray"),
      () => headerEvidence(headers, "server", /cloudflare/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const { preflight: preflightHeaders, response: responseHeaders } = fetchApiHeaderLines(plan);
    const snippet = [
      `const ALLOWED_ORIGINS = new Set(${list(plan.origins, jsString)});`,
      "const PREFLIGHT_HEADERS = {",
      ...preflightHeaders,
      "};",
      "const RESPONSE_HEADERS = {",
      ...responseHeaders,
      "};",
      "",
      "function withCors(headers, origin) {",
      '  headers.append("Vary", "Origin");',
      "  if (!ALLOWED_ORIGINS.has(origin)) return headers;",
      '  headers.set("Access-Control-Allow-Origin", origin);',
      "  for (const [name, value] of Object.entries(RESPONSE_HEADERS)) headers.set(name, value);",
      "  return headers;",
      "}",
      "",
      "export default {",
      "  async fetch(request) {",
      '    const origin = request.headers.get("Origin") ?? "";',
      '    if (request.method === "OPTIONS" && request.headers.has("Access-Control-Request-Method")) {',
      "      const headers = withCors(new Headers(), origin);",
      "      if (ALLOWED_ORIGINS.has(origin)) for (const [name, value] of Object.entries(PREFLIGHT_HEADERS)) headers.set(name, value);",
      "      return new Response(null, { status: 204, headers });",
      "    }",
      "    const upstream = await fetch(request);",
      "    // A fetched Response's headers are immutable: copy it before adding ours.",
      "    const response = new Response(upstream.body, upstream);",
      "    withCors(response.headers, origin);",
      "    return response;",
      "  },",
      "};",
    ].join("\n");
    return composeFix(this, plan, {
      language: "js",
      snippet,
      where: "The Worker's entry module (src/index.js), on the route in front of the API; it forwards everything but the preflight to the origin server.",
      why: "The Worker answers the preflight at the edge with 204 and adds Access-Control-Allow-Origin only for a listed Origin, with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "The preflight is answered in the Worker before it reaches the origin's authentication, which never sees OPTIONS.",
        "If the origin server also sends Access-Control-Allow-Origin, delete its header in the Worker (response.headers.delete) or remove it there, or the browser sees two values.",
        "Cloudflare's cache keys ignore Origin by default: keep Vary: Origin, or bypass cache for these routes.",
      ],
    });
  },
};
