// Minimal real Next.js apps (App Router) for the fix proofs: the CORS code is proxy.ts (the file
// the Next.js fix names), the routes are route handlers that authenticate themselves (401 without
// `Authorization: Bearer t`). Each app is built once with `next build` in its own temp dir and
// served with `next start` on 127.0.0.1 (`next dev` is not used: it asks the npm registry whether
// Next.js is up to date). Telemetry is off, and CI=1 makes Next.js fail instead of installing a
// missing TypeScript package, so nothing here talks to the network.
import { join } from "node:path";
import { createRequire } from "node:module";
import type { ServerSpec } from "./real-servers";

const token = JSON.stringify("Bearer t");

/** The next CLI, resolved when an app starts (a checkout whose node_modules predates it fails only these proofs). */
function nextBin(): string {
  try {
    return createRequire(import.meta.url).resolve("next/dist/bin/next");
  } catch {
    throw new Error("next is not installed (a devDependency): run npm ci");
  }
}

/** Route files, by path under app/, for the routes the proofs call. */
export type NextRoutes = Record<string, string>;

const unauthorized = `if (request.headers.get("authorization") !== ${token}) return new Response(null, { status: 401 });`;

/** PUT /api/items/7: authenticated, echoes x-request-id (the lab's broken case). */
export const ITEM_ROUTE = `export function PUT(request: Request) {
  ${unauthorized}
  return Response.json({ ok: true }, { headers: { "x-request-id": request.headers.get("x-request-id") ?? "" } });
}
`;

/** GET /api/items (public) and POST /api/items (authenticated JSON). */
export const ITEMS_ROUTE = `export function GET() {
  return Response.json({ items: [] });
}

export async function POST(request: Request) {
  ${unauthorized}
  await request.json();
  return Response.json({ ok: true }, { status: 201 });
}
`;

/**
 * A Next.js app whose proxy.ts is the snippet (verbatim). `next build` then `next start`: the
 * server listens only once the build has passed, type checking included (a snippet that does not
 * type-check in a real Next.js app fails here, with the build's output).
 */
export function nextApp(routes: NextRoutes): ServerSpec {
  return {
    files: (snippet) => ({
      "package.json": '{ "name": "cors-fix-proof", "private": true }\n',
      "next.config.mjs": "export default {};\n",
      "proxy.ts": snippet,
      ...Object.fromEntries(Object.entries(routes).map(([path, source]) => [join("app", path), source])),
    }),
    // Webpack, not Turbopack: Turbopack refuses a node_modules outside the app's root (the temp
    // dir links the project's).
    command: (port) => [
      "/bin/sh",
      "-c",
      `"$0" "$1" build --webpack && exec "$0" "$1" start -H 127.0.0.1 -p ${port}`,
      process.execPath,
      nextBin(),
    ],
    env: { NEXT_TELEMETRY_DISABLED: "1", CI: "1" },
    readyTimeoutMs: 240_000,
    needs: [],
  };
}

/** The CORS code a Next.js team already had in proxy.ts: the page origin, GET and POST, two headers, credentials. */
export function existingNextConfig(pageOrigin: string): string {
  return `import { NextResponse, type NextRequest } from "next/server";

const allowedOrigins = [${JSON.stringify(pageOrigin)}];

export function proxy(request: NextRequest) {
  const origin = request.headers.get("origin") ?? "";
  const response = request.method === "OPTIONS" ? new NextResponse(null, { status: 204 }) : NextResponse.next();
  if (allowedOrigins.includes(origin)) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Allow-Credentials", "true");
    response.headers.set("Access-Control-Allow-Methods", "GET, POST");
    response.headers.set("Access-Control-Allow-Headers", "content-type, authorization");
  }
  response.headers.append("Vary", "Origin");
  return response;
}

export const config = { matcher: "/api/:path*" };
`;
}
