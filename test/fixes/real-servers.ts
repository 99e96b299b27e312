// Minimal real servers for the fix proofs. Each one embeds the generated snippet verbatim (only
// the marked "existing directives" line of nginx/Caddy is followed by the test's own content),
// adds an authentication check that answers 401 without `Authorization: Bearer t` (the broken
// lab case: auth answering the preflight), and a PUT /api/items/7 that echoes x-request-id.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CADDY_CONTENT_MARKER } from "../../src/fixes/stacks/caddy";
import { NGINX_CONTENT_MARKER } from "../../src/fixes/stacks/nginx";
import { type ComponentId, PATHS } from "../helpers/requirements";
import { APACHE, apacheBaseConfig, CADDY, GO, NGINX, nginxConfig, PYTHON, RUBY } from "./parsers";
import { ITEM_ROUTE, nextApp } from "./next-apps";

export const TOKEN = "Bearer t";
export const API_PATH = "/api/items/7";
export const RS_CORS_SOURCE = PATHS.rsCors;
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerSpec {
  /** Files to write in the server's directory, then the command that runs it. */
  readonly files: (snippet: string, port: number, dir: string) => Record<string, string>;
  readonly command: (port: number, dir: string) => readonly [string, ...string[]];
  /** Executable files (CGI scripts). */
  readonly executables?: readonly string[];
  /** Extra environment (e.g. a build cache kept between runs). */
  readonly env?: Record<string, string>;
  /** How long to wait for the port, when the server compiles first. */
  readonly readyTimeoutMs?: number;
  /** The optional components it runs on (test/helpers/requirements.ts); none for the Node stacks. */
  readonly needs?: readonly ComponentId[];
}

const nodeApp = (body: (snippet: string, port: number) => string): ServerSpec => ({
  files: (snippet, port) => ({ "app.mjs": body(snippet, port) }),
  command: (_port, dir) => [process.execPath, join(dir, "app.mjs")],
});

export const SERVERS: Record<string, ServerSpec> = {
  express: nodeApp((snippet, port) => `import express from "express";
const app = express();
${snippet}
app.use((req, res, next) => (req.get("authorization") === ${JSON.stringify(TOKEN)} ? next() : res.status(401).end()));
app.put(${JSON.stringify(API_PATH)}, (req, res) => {
  res.set("x-request-id", req.get("x-request-id") ?? "");
  res.json({ ok: true });
});
app.listen(${port}, "127.0.0.1");
`),
  fastify: nodeApp((snippet, port) => `import Fastify from "fastify";
const app = Fastify();
${snippet}
app.addHook("onRequest", async (request, reply) => {
  if (request.headers.authorization !== ${JSON.stringify(TOKEN)}) return reply.code(401).send();
});
app.put(${JSON.stringify(API_PATH)}, async (request, reply) => {
  reply.header("x-request-id", request.headers["x-request-id"] ?? "");
  return { ok: true };
});
await app.listen({ port: ${port}, host: "127.0.0.1" });
`),
  koa: nodeApp((snippet, port) => `import Koa from "koa";
const app = new Koa();
${snippet}
app.use(async (ctx, next) => {
  if (ctx.get("authorization") !== ${JSON.stringify(TOKEN)}) { ctx.status = 401; return; }
  await next();
});
app.use(async (ctx) => {
  if (ctx.method === "PUT" && ctx.path === ${JSON.stringify(API_PATH)}) {
    ctx.set("x-request-id", ctx.get("x-request-id"));
    ctx.body = { ok: true };
  }
});
app.listen(${port}, "127.0.0.1");
`),
  hono: nodeApp((snippet, port) => `import { Hono } from "hono";
import { serve } from "@hono/node-server";
const app = new Hono();
${snippet}
app.use("*", async (c, next) => {
  if (c.req.header("authorization") !== ${JSON.stringify(TOKEN)}) return c.body(null, 401);
  await next();
});
app.put(${JSON.stringify(API_PATH)}, (c) => {
  c.header("x-request-id", c.req.header("x-request-id") ?? "");
  return c.json({ ok: true });
});
serve({ fetch: app.fetch, port: ${port}, hostname: "127.0.0.1" });
`),
  // Next.js 16: the snippet is proxy.ts; the route handler authenticates (next build, next start).
  nextjs: nextApp({ "api/items/7/route.ts": ITEM_ROUTE }),
  // The Worker module runs unchanged on Node's fetch API; its upstream is the authenticating API.
  "cloudflare-workers": {
    files: (snippet, port) => ({
      "worker.mjs": snippet,
      "host.mjs": `import http from "node:http";
globalThis.fetch = async (request) => {
  if (request.headers.get("authorization") !== ${JSON.stringify(TOKEN)}) return new Response(null, { status: 401 });
  return Response.json({ ok: true }, { headers: { "x-request-id": request.headers.get("x-request-id") ?? "" } });
};
const worker = (await import("./worker.mjs")).default;
const skipped = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);
http.createServer(async (req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (!skipped.has(name) && typeof value === "string") headers.set(name, value);
  const response = await worker.fetch(new Request("http://" + req.headers.host + req.url, { method: req.method, headers }), {}, {});
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  res.writeHead(response.status);
  res.end(Buffer.from(await response.arrayBuffer()));
}).listen(${port}, "127.0.0.1");
`,
    }),
    command: (_port, dir) => [process.execPath, join(dir, "host.mjs")],
  },
  // Flask: authentication in the view, the usual place; flask-cors answers OPTIONS itself.
  flask: {
    files: (snippet, port) => ({
      "app.py": `from flask import Flask, jsonify, request

app = Flask(__name__)

${snippet}

@app.route(${JSON.stringify(API_PATH)}, methods=["PUT"])
def item():
    if request.headers.get("Authorization") != ${JSON.stringify(TOKEN)}:
        return "", 401
    response = jsonify(ok=True)
    response.headers["x-request-id"] = request.headers.get("x-request-id", "")
    return response

app.run(host="127.0.0.1", port=${port})
`,
    }),
    command: (_port, dir) => [PYTHON, join(dir, "app.py")],
    needs: ["flask-cors"],
  },
  // FastAPI: an auth middleware added before the snippet's CORSMiddleware (which must be outermost).
  fastapi: {
    files: (snippet, port) => ({
      "app.py": `import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

app = FastAPI()

@app.middleware("http")
async def authenticate(request: Request, call_next):
    if request.headers.get("authorization") != ${JSON.stringify(TOKEN)}:
        return Response(status_code=401)
    return await call_next(request)

${snippet}

@app.put(${JSON.stringify(API_PATH)})
async def item(request: Request):
    return JSONResponse({"ok": True}, headers={"x-request-id": request.headers.get("x-request-id", "")})

uvicorn.run(app, host="127.0.0.1", port=${port}, log_level="warning")
`,
    }),
    command: (_port, dir) => [PYTHON, join(dir, "app.py")],
    needs: ["fastapi"],
  },
  // Django: an authentication middleware already in MIDDLEWARE; the snippet inserts CorsMiddleware first.
  django: {
    files: (snippet, port) => ({
      "app.py": `import sys
from wsgiref.simple_server import make_server

from django.conf import settings

INSTALLED_APPS = []
MIDDLEWARE = ["__main__.Authenticate"]

${snippet}

settings.configure(
    DEBUG=False,
    SECRET_KEY="only-for-this-test",
    ALLOWED_HOSTS=["localhost", "127.0.0.1"],
    ROOT_URLCONF="__main__",
    INSTALLED_APPS=INSTALLED_APPS,
    MIDDLEWARE=MIDDLEWARE,
    **{name: value for name, value in dict(globals()).items() if name.startswith("CORS_")},
)

import django
django.setup()

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


class Authenticate:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("Authorization") != ${JSON.stringify(TOKEN)}:
            return HttpResponse(status=401)
        return self.get_response(request)


@csrf_exempt
def item(request):
    response = JsonResponse({"ok": True})
    response["x-request-id"] = request.headers.get("x-request-id", "")
    return response


urlpatterns = [path(${JSON.stringify(API_PATH.slice(1))}, item)]
make_server("127.0.0.1", ${port}, get_wsgi_application()).serve_forever()
`,
    }),
    command: (_port, dir) => [PYTHON, join(dir, "app.py")],
    needs: ["django-cors-headers"],
  },
  nginx: {
    files: (snippet, port, dir) => ({
      "nginx.conf": nginxConfig(
        dir,
        port,
        snippet.replace(
          NGINX_CONTENT_MARKER,
          `${NGINX_CONTENT_MARKER}
    if ($http_authorization != ${JSON.stringify(TOKEN)}) {
        return 401;
    }
    add_header X-Request-Id $http_x_request_id always;
    default_type application/json;
    return 200 '{"ok":true}';`,
        ),
      ),
    }),
    command: (_port, dir) => [NGINX, "-p", dir, "-c", join(dir, "nginx.conf")],
    needs: ["nginx"],
  },
  // Apache: the snippet at server level, the API a CGI script that checks the token itself.
  apache: {
    files: (snippet, port, dir) => ({
      "httpd.conf": `${apacheBaseConfig(dir, port).replaceAll("mpm_event", "mpm_prefork")}
LoadModule cgi_module /usr/lib/apache2/modules/mod_cgi.so
${snippet}
ScriptAlias ${API_PATH} ${JSON.stringify(join(dir, "item.cgi"))}
<Directory ${JSON.stringify(dir)}>
    CGIPassAuth On
    Require all granted
</Directory>
`,
      "item.cgi": `#!/bin/sh
if [ "$HTTP_AUTHORIZATION" != ${JSON.stringify(TOKEN)} ]; then
  printf 'Status: 401 Unauthorized\\r\\n\\r\\n'
  exit 0
fi
printf 'Content-Type: application/json\\r\\nX-Request-Id: %s\\r\\n\\r\\n{"ok":true}' "$HTTP_X_REQUEST_ID"
`,
    }),
    command: (_port, dir) => [APACHE, "-DFOREGROUND", "-f", join(dir, "httpd.conf")],
    executables: ["item.cgi"],
    needs: ["apache2"],
  },
  // Go: the snippet is a file of package main; the test adds the mux, an auth wrapper and main().
  "go-nethttp": {
    files: (snippet, port) => ({
      "go.mod": "module fixproof\n\ngo 1.19\n",
      "cors.go": snippet,
      "main.go": `package main

import "net/http"

func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != ${JSON.stringify(TOKEN)} {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc(${JSON.stringify(API_PATH)}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", r.Header.Get("X-Request-Id"))
		w.Write([]byte(\`{"ok":true}\`))
	})
	panic(http.ListenAndServe("127.0.0.1:${port}", withCORS(authenticate(mux))))
}
`,
    }),
    command: () => [GO, "run", "."],
    env: { GOCACHE: join(tmpdir(), "cors-doctor-go-build-cache"), GOFLAGS: "-mod=mod", GOPROXY: "off" },
    readyTimeoutMs: 180_000,
    needs: ["go"],
  },
  // rs/cors from Debian's golang-github-rs-cors-dev; the snippet's statements go into main().
  "go-rs-cors": {
    files: (snippet, port) => {
      const lines = snippet.split("\n");
      return {
        "go.mod": `module fixproof\n\ngo 1.19\n\nrequire github.com/rs/cors v1.7.0\n\nreplace github.com/rs/cors => ${RS_CORS_SOURCE}\n`,
        "main.go": `package main

import "net/http"
${lines.filter((line) => line.startsWith("import ")).join("\n")}

func main() {
	inner := http.NewServeMux()
	inner.HandleFunc(${JSON.stringify(API_PATH)}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", r.Header.Get("X-Request-Id"))
		w.Write([]byte(\`{"ok":true}\`))
	})
	var mux http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != ${JSON.stringify(TOKEN)} {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		inner.ServeHTTP(w, r)
	})
${lines.filter((line) => !line.startsWith("import ")).join("\n")}
	panic(http.ListenAndServe("127.0.0.1:${port}", handler))
}
`,
      };
    },
    command: () => [GO, "run", "."],
    env: { GOCACHE: join(tmpdir(), "cors-doctor-go-build-cache"), GOFLAGS: "-mod=mod", GOPROXY: "off" },
    readyTimeoutMs: 180_000,
    needs: ["go", "rs-cors"],
  },
  // Rails: the initializer runs against a stand-in for Rails.application.config.middleware that
  // records the middleware, which then wraps a plain Rack app on WEBrick (rack-cors from Debian).
  rails: {
    files: (snippet, port) => ({
      "app.rb": `require "rack"
require "rack/cors"
require "rack/handler/webrick"

class RecordedMiddleware
  attr_reader :entries
  def initialize
    @entries = []
  end

  def insert_before(_position, klass, *args, &block)
    @entries.unshift([klass, args, block])
  end
end

module Rails
  Config = Struct.new(:middleware)
  Application = Struct.new(:config)
  def self.application
    @application ||= Application.new(Config.new(RecordedMiddleware.new))
  end
end

${snippet}

api = lambda do |env|
  return [401, {}, []] unless env["HTTP_AUTHORIZATION"] == ${JSON.stringify(TOKEN)}
  return [404, {}, []] unless env["PATH_INFO"] == ${JSON.stringify(API_PATH)} && env["REQUEST_METHOD"] == "PUT"
  [200, { "content-type" => "application/json", "x-request-id" => env["HTTP_X_REQUEST_ID"].to_s }, ['{"ok":true}']]
end
entries = Rails.application.config.middleware.entries
app = Rack::Builder.new do
  entries.each { |klass, args, block| use(klass, *args, &block) }
  run api
end
Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: ${port}, AccessLog: [])
`,
    }),
    command: (_port, dir) => [RUBY, join(dir, "app.rb")],
    needs: ["ruby", "rack-cors"],
  },
  caddy: {
    files: (snippet, port) => ({
      Caddyfile: `{
\tadmin off
\tauto_https off
}
:${port} {
\tbind 127.0.0.1
${snippet.replace(
  CADDY_CONTENT_MARKER,
  `${CADDY_CONTENT_MARKER}
@unauthorized not header Authorization ${JSON.stringify(TOKEN)}
respond @unauthorized 401
header X-Request-Id {http.request.header.X-Request-Id}
respond \`{"ok":true}\` 200`,
)}
}
`,
    }),
    command: (_port, dir) => [CADDY, "run", "--adapter", "caddyfile", "--config", join(dir, "Caddyfile")],
    needs: ["caddy"],
  },
};

export interface RunningServer {
  readonly port: number;
  readonly output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolveCheck(true);
    });
    socket.once("error", () => resolveCheck(false));
  });
}

/** Process groups of servers started and not yet stopped: stopped in afterAll, killed at exit. */
const running = new Map<number, () => Promise<void>>();
process.once("exit", () => {
  for (const group of running.keys()) signalGroup(group, "SIGKILL");
});

/** Signals a process group; false when it has no process left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the condition holds or the deadline passes; says which. */
async function pollUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return true;
}

/** Stops every server a test left running (its process group, children included). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop()));
}

/**
 * Starts a real server for a stack. A server that cannot start (binary missing, port taken, bad
 * config, never listening) rejects with a message naming the stack and the server's output; its
 * whole process group is gone by then.
 */
export async function startServer(stack: string, snippet: string, port: number, spec: ServerSpec | undefined = SERVERS[stack]): Promise<RunningServer> {
  if (!spec) throw new Error(`no real server for ${stack}`);
  if (await portAccepts(port)) throw new Error(`${stack}: port ${port} is already taken by another process`);
  const dir = mkdtempSync(join(tmpdir(), `fix-${stack}-`));
  chmodSync(dir, 0o755); // Apache's workers run as nobody and must read the CGI script.
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"));
  mkdirSync(join(dir, "home"));
  for (const [name, content] of Object.entries(spec.files(snippet, port, dir))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  for (const name of spec.executables ?? []) chmodSync(join(dir, name), 0o755);
  const [command, ...args] = spec.command(port, dir);
  let log = "";
  let spawnError: Error | undefined;
  const child = spawn(command, args, {
    cwd: dir,
    env: {
      ...process.env,
      HOME: join(dir, "home"),
      XDG_DATA_HOME: join(dir, "home"),
      XDG_CONFIG_HOME: join(dir, "home"),
      PYTHONDONTWRITEBYTECODE: "1",
      ...spec.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: Apache's prefork MPM signals its whole group when it shuts down, and
    // stopping the group also stops what the server started (go run's compiled program).
    detached: true,
  });
  // A missing or unrunnable binary is reported here (not as an uncaught exception).
  child.once("error", (error) => (spawnError = error));
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = (): string => log;
  const group = child.pid;
  const stop = async (): Promise<void> => {
    if (group !== undefined) {
      running.delete(group);
      if (signalGroup(group, "SIGTERM") && !(await pollUntil(() => !signalGroup(group, 0), 10_000))) {
        signalGroup(group, "SIGKILL");
        await pollUntil(() => !signalGroup(group, 0), 5_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (group !== undefined) running.set(group, stop);
  const failure = (why: string): Error => new Error(`${stack}: ${why}${log ? `:\n${log}` : ""}`);
  const timeoutMs = spec.readyTimeoutMs ?? 30_000;
  try {
    const listening = await pollUntil(async () => {
      if (spawnError) throw failure(`could not start ${command} (${spawnError.message})`);
      if (child.exitCode !== null || child.signalCode !== null) throw failure(`server exited with ${child.exitCode ?? child.signalCode}`);
      return portAccepts(port);
    }, timeoutMs);
    if (!listening) throw failure(`server did not listen on ${port} within ${timeoutMs} ms`);
    if (child.exitCode !== null) throw failure(`server exited with ${child.exitCode} (another process answers on ${port})`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, output, stop };
}
