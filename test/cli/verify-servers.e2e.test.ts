// `cors-doctor verify` on real servers: each JavaScript stack the project proves fixes on
// (test/fixes/policy-apps.ts: Express, Fastify, Koa, Hono, NestJS) and nginx, then every other
// stack of the fix proofs (test/fixes/real-servers.ts; Next.js left out: two next builds). The policy is made
// the panel's way: the requests a page makes (GET, a JSON POST with Authorization, a PUT with
// x-request-id), probed on the server with its existing configuration, become report entries;
// the server view's policy and fix come from them (src/fixes/servers.ts), and Export policy's file
// (src/fixes/policy-file.ts) is what verify reads. Then, per stack: the existing (broken) config
// exits 1 naming the PUT; the fix pasted exits 0; an over-permissive config (origin: true with
// credentials) exits 1 with the security finding; so does a server that allows the origin null.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeTransport } from "../../src/cli/http";
import { probeEntry } from "../../src/cli/probe";
import { probe } from "../../src/cli/probe-run";
import { runVerify } from "../../src/cli/verify";
import { policyFile } from "../../src/fixes/policy-file";
import { NGINX_CONTENT_MARKER } from "../../src/fixes/stacks/nginx";
import { completeReport } from "../../src/fixes/servers";
import type { Fix } from "../../src/fixes/types";
import { REPORT_FORMAT, REPORT_VERSION } from "../../src/report/types";
import { memoryIo } from "../helpers/cli-io";
import { requires } from "../helpers/requirements";
import { NGINX, nginxConfig } from "../fixes/parsers";
import { CADDY_CONTENT_MARKER } from "../../src/fixes/stacks/caddy";
import { existingConfig, JS_STACKS, jsApp, type JsStack } from "../fixes/policy-apps";
import { API_PATH, freePort, SERVERS, startServer, stopAllServers, TOKEN, type ServerSpec } from "../fixes/real-servers";

const PAGE = "http://localhost:5173";
const REQUESTS = [
  { method: "GET", path: "/api/items", headers: [] },
  { method: "POST", path: "/api/items", headers: [{ name: "Content-Type", value: "application/json" }, { name: "Authorization", value: TOKEN }], body: "{}" },
  { method: "PUT", path: "/api/items/7", headers: [{ name: "Authorization", value: TOKEN }, { name: "X-Request-Id", value: "req-42" }] },
];
const transport = nodeTransport({ timeoutMs: 10_000, insecure: false });
const matrix: string[] = [];

/** What the panel would show for this server: its report entries, server policy and fixes. */
async function panelView(serverOrigin: string, requests: readonly (typeof REQUESTS)[number][] = REQUESTS) {
  const entries = [];
  for (const [index, request] of requests.entries()) {
    const outcome = await probe({ url: `${serverOrigin}${request.path}`, pageOrigin: PAGE, credentials: "include", ...request }, transport, { sendActual: true });
    entries.push({ ...probeEntry(outcome, Date.now()), id: `r${index}` });
  }
  const report = completeReport({ format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: new Date().toISOString(), entries });
  const server = report.servers.find((each) => each.origin === serverOrigin)!;
  return { entries: report.entries, server, file: policyFile(report.servers, report.entries, new Date()) };
}

async function verify(file: unknown, recorded: string, target: string) {
  const io = memoryIo({ files: { "cors-policy.json": JSON.stringify(file) } });
  const code = await runVerify(["cors-policy.json", "--server", `${recorded}=${target}`, "-H", `Authorization: ${TOKEN}`, "--rate", "50", "--junit", "cors.xml"], io);
  return { code, output: io.output(), errors: io.errors(), junit: io.written.get("cors.xml") ?? "" };
}

async function withServer<T>(label: string, snippet: string, spec: ServerSpec, run: (origin: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = await startServer(label, snippet, port, spec);
  try {
    return await run(`http://localhost:${port}`);
  } finally {
    await server.stop();
  }
}

/** Origin-reflecting configurations, as teams write them: every origin allowed, with credentials. */
function reflectingConfig(stack: JsStack): string {
  switch (stack) {
    case "express":
      return 'import cors from "cors";\napp.use(cors({ origin: true, credentials: true }));';
    case "fastify":
      return 'import cors from "@fastify/cors";\nawait app.register(cors, { origin: true, credentials: true });';
    case "koa":
      return 'import cors from "@koa/cors";\napp.use(cors({ origin: (ctx) => ctx.get("Origin"), credentials: true }));';
    case "hono":
      return 'import { cors } from "hono/cors";\napp.use("*", cors({ origin: (origin) => origin, credentials: true }));';
    case "nestjs":
      return "app.enableCors({ origin: true, credentials: true });";
  }
}

describe("cors-doctor verify on real servers: broken exits 1, the panel's fix 0, over-permissive 1", () => {
  afterAll(async () => {
    await stopAllServers();
    console.log(`verify matrix (stack: broken, fixed, over-permissive → exit code)\n${matrix.join("\n")}`);
  });

  async function proveStack(label: string, stack: string, spec: ServerSpec, broken: string, pick: (fix: Fix) => string, permissive: Record<string, string>, requests = REQUESTS): Promise<void> {
    const row: string[] = [];
    let recorded = "";
    let file: unknown;
    let fix: Fix | undefined;
    await withServer(`${label}-broken`, broken, spec, async (origin) => {
      recorded = origin;
      const view = await panelView(origin, requests);
      file = view.file;
      fix = view.server.fixes.find((candidate) => candidate.stack === stack);
      const result = await verify(file, recorded, origin);
      expect(result.code, result.output).toBe(1);
      expect(result.output).toMatch(/FAIL +needed +PUT \/api\/items\/7 from http:\/\/localhost:5173 with authorization, x-request-id, credentials is allowed\n +blocked: (MethodDisallowedByPreflightResponse \(PUT\)|HeaderDisallowedByPreflightResponse \(x-request-id\)|PreflightMissingAllowOriginHeader)/);
      expect(result.junit).toMatch(/<failure message="blocked: /);
      row.push(`broken ${result.code}`);
    });
    if (!fix) throw new Error(`no fix for ${stack}`);
    await withServer(`${label}-fixed`, pick(fix), spec, async (origin) => {
      const result = await verify(file, recorded, origin);
      expect(result.code, `${pick(fix!)}\n${result.output}`).toBe(0);
      expect(result.output).toMatch(/0 failed, 0 skipped, 0 network errors/);
      row.push(`fixed ${result.code}`);
    });
    for (const [name, config] of Object.entries(permissive)) {
      await withServer(`${label}-${name}`, config, spec, async (origin) => {
        const result = await verify(file, recorded, origin);
        expect(result.code, result.output).toBe(1);
        const finding = name === "reflects-null" ? /allows the origin null/ : /reflects any origin with credentials/;
        expect(result.output).toMatch(finding);
        expect(result.junit).toMatch(/type="security"/);
        row.push(`${name} ${result.code}`);
      });
    }
    matrix.push(`  ${label.padEnd(18)} ${row.join(", ")}`);
  }

  it.for(JS_STACKS)("%s", async (stack) => {
    const permissive: Record<string, string> = { "origin-true": reflectingConfig(stack) };
    if (stack === "express") permissive["reflects-null"] = `import cors from "cors";\napp.use(cors({ origin: [${JSON.stringify(PAGE)}, "null"], credentials: true, allowedHeaders: ["authorization", "content-type", "x-request-id"] }));`;
    await proveStack(stack, stack, jsApp(stack, "esm"), existingConfig(stack, "esm", PAGE), (fix) => fix.variants?.find((variant) => variant.id === "esm")?.snippet ?? fix.snippet, permissive);
  });

  // nginx alone: it answers the routes itself (return 200 / 201), CORS in its configuration.
  it("nginx", async (testContext) => {
    requires(testContext, "nginx");
    const routes = '        default_type application/json;\n        return 200 \'{"ok":true}\';';
    const spec: ServerSpec = {
      files: (snippet, port, dir) => ({ "nginx.conf": nginxConfig(dir, port, snippet) }),
      command: (_port, dir) => [NGINX, "-p", dir, "-c", join(dir, "nginx.conf")],
      needs: ["nginx"],
    };
    const location = (cors: string): string => `    location /api/ {\n${cors}\n${routes}\n    }`;
    const broken = location(`        add_header Access-Control-Allow-Origin "${PAGE}" always;\n        add_header Access-Control-Allow-Credentials "true" always;\n        if ($request_method = OPTIONS) { return 204; }`);
    const reflecting = location(
      '        add_header Access-Control-Allow-Origin $http_origin always;\n        add_header Access-Control-Allow-Credentials "true" always;\n        add_header Access-Control-Allow-Methods "GET, POST, PUT" always;\n        add_header Access-Control-Allow-Headers "authorization, content-type, x-request-id" always;\n        if ($request_method = OPTIONS) { return 204; }',
    );
    await proveStack("nginx", "nginx", spec, broken, (fix) => fix.snippet.replace(NGINX_CONTENT_MARKER, `${NGINX_CONTENT_MARKER}\n${routes}`), { "origin-true": reflecting });
  });

  // The other stacks the fix proofs run (test/fixes/real-servers.ts: one authenticated PUT
  // /api/items/7). Broken: the server without any CORS configuration (its preflight answers 401).
  const PUT_ONLY = [REQUESTS[2]!];
  const BROKEN: Record<string, string> = {
    caddy: `\t${CADDY_CONTENT_MARKER}`,
    "go-nethttp": 'package main\n\nimport "net/http"\n\nfunc withCORS(next http.Handler) http.Handler { return next }\n',
    "go-rs-cors": "\thandler := mux",
    "cloudflare-workers": "export default { fetch: (request) => fetch(request) };\n",
  };
  /** Every origin allowed with credentials, as each stack lets one write it. */
  const REFLECTING: Record<string, string> = {
    flask: "from flask_cors import CORS\nCORS(app, supports_credentials=True)",
    fastapi: 'from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True, allow_methods=["*"], allow_headers=["*"])',
    django: 'INSTALLED_APPS = ["corsheaders"]\nMIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True',
    apache: 'Header always set Access-Control-Allow-Origin "%{HTTP_ORIGIN}e"\nHeader always set Access-Control-Allow-Credentials "true"',
    caddy: `\theader Access-Control-Allow-Origin {http.request.header.Origin}\n\theader Access-Control-Allow-Credentials true\n\t${CADDY_CONTENT_MARKER}`,
    "go-nethttp":
      'package main\n\nimport "net/http"\n\nfunc withCORS(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tw.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))\n\t\tw.Header().Set("Access-Control-Allow-Credentials", "true")\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n',
    "go-rs-cors": 'import "github.com/rs/cors"\n\thandler := cors.New(cors.Options{AllowOriginFunc: func(origin string) bool { return true }, AllowCredentials: true}).Handler(mux)',
    rails: 'Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins(/.*/)\n    resource "*", headers: :any, methods: :any, credentials: true\n  end\nend',
    "cloudflare-workers":
      'export default {\n  async fetch(request) {\n    const response = await fetch(request);\n    const headers = new Headers(response.headers);\n    headers.set("Access-Control-Allow-Origin", request.headers.get("Origin") ?? "");\n    headers.set("Access-Control-Allow-Credentials", "true");\n    return new Response(response.body, { status: response.status, headers });\n  },\n};\n',
  };
  const OTHER_STACKS = Object.keys(SERVERS).filter((stack) => !(JS_STACKS as readonly string[]).includes(stack) && stack !== "nginx" && stack !== "nextjs");

  it.for(OTHER_STACKS)("%s", async (stack, testContext) => {
    requires(testContext, ...(SERVERS[stack]?.needs ?? []));
    expect(API_PATH).toBe(PUT_ONLY[0]!.path);
    const reflecting = REFLECTING[stack];
    const permissive: Record<string, string> = reflecting !== undefined ? { "origin-true": reflecting } : {};
    await proveStack(stack, stack, SERVERS[stack]!, BROKEN[stack] ?? "", (fix) => fix.snippet, permissive, PUT_ONLY);
  });
});
