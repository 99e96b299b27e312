// Next.js: CORS in Proxy (proxy.ts exporting `proxy`, Next.js 16+; middleware.ts exporting
// `middleware` before), which sees every request including the OPTIONS preflight;
// next.config.js headers() can only send fixed values and cannot answer OPTIONS.
import { composeFix, list, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence, headerPrefixEvidence } from "../headers";
import { planFrom } from "../plan";
import { jsString } from "../quote";
import type { StackFixer } from "../types";
import { fetchApiHeaderLines } from "../js-cors-options";

export const nextjs: StackFixer = {
  id: "nextjs",
  label: "Next.js (proxy / middleware)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-powered-by", /next\.js/i),
      () => headerPrefixEvidence(headers, ["x-nextjs-", "x-vercel-"]),
      () => headerEvidence(headers, "server", /^vercel$/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const matcher = plan.pathPrefix === "/" ? "/:path*" : `${plan.pathPrefix}:path*`;
    const { preflight: preflightHeaders, response: responseHeaders } = fetchApiHeaderLines(plan);
    const snippet = [
      'import { NextResponse, type NextRequest } from "next/server";',
      "",
      `const allowedOrigins = new Set(${list(plan.origins, jsString)});`,
      "const preflightHeaders: Record<string, string> = {",
      ...preflightHeaders,
      "};",
      "const responseHeaders: Record<string, string> = {",
      ...responseHeaders,
      "};",
      "",
      "export function proxy(request: NextRequest) {",
      '  const origin = request.headers.get("origin") ?? "";',
      "  const allowed = allowedOrigins.has(origin);",
      '  const isPreflight = request.method === "OPTIONS" && request.headers.has("access-control-request-method");',
      "  const response = isPreflight ? new NextResponse(null, { status: 204 }) : NextResponse.next();",
      "  if (allowed) {",
      '    response.headers.set("Access-Control-Allow-Origin", origin);',
      "    for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);",
      "    if (isPreflight) for (const [name, value] of Object.entries(preflightHeaders)) response.headers.set(name, value);",
      "  }",
      '  response.headers.append("Vary", "Origin");',
      "  return response;",
      "}",
      "",
      `export const config = { matcher: ${jsString(matcher)} };`,
    ].join("\n");
    return composeFix(this, plan, {
      language: "ts",
      snippet,
      where: "proxy.ts at the project root, or in src/ if the app lives there (next to app/ or pages/). On Next.js 12 to 15 the file is middleware.ts and the function is named middleware; the rest is the same.",
      why: "Proxy answers the preflight itself with 204 and adds Access-Control-Allow-Origin only for a listed Origin, with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "Route handlers without an OPTIONS export answer the preflight 405, and auth checks in Proxy must skip OPTIONS: answering the preflight here, first, fixes both.",
        "Headers from next.config.js headers() are fixed values: they cannot answer OPTIONS or choose the origin per request.",
        "rewrites() to another backend in development make the call same-origin and hide this until production.",
      ],
    });
  },
};
