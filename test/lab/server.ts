// The CORS lab: a page on one origin and an API on two others, all on loopback, answering each
// case's requests the deliberately wrong way the catalog describes. `npm run lab` starts it.
import { readFileSync } from "node:fs";
import { createServer, STATUS_CODES, validateHeaderName, validateHeaderValue } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LAB_CASES, SECRET_COOKIE_NAME, SECRET_MARKERS, resolveCase } from "./cases";
import { LNA_CASES, lnaLaunchFlags, lnaPageUrl } from "./lna";
import type { HeaderLine, LabCase, LabOrigins, ResolvedCase, Responder, ServedResponse, Target } from "./types";

export interface LabOptions {
  /** Port of the page; the two API listeners take the next two. Default: free ports. */
  readonly port?: number;
  /** Replace the catalog (tests of the lab itself). */
  readonly cases?: readonly LabCase[];
  /** Serve the Local Network Access cases (test/lab/lna.ts) instead of the main catalog. */
  readonly lna?: boolean;
}

export interface CaseHits {
  /** Requests per method (OPTIONS counts preflights) for one case, all hops together. */
  readonly [method: string]: number;
}

/** One request as the lab received it (the last few per case are kept). */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Lab {
  readonly pageOrigin: string;
  readonly apiOrigins: readonly string[];
  readonly origins: LabOrigins;
  readonly pageUrl: string;
  readonly cases: readonly ResolvedCase[];
  /**
   * Ports of the page, API A and API B, and (Local Network Access lab only, else 0) of the page
   * over https (for --ip-address-space-overrides).
   */
  readonly ports: { readonly page: number; readonly apiA: number; readonly apiB: number; readonly pageTls: number };
  hits(caseId: string): CaseHits;
  /** The last requests of a case, oldest first (at most RECEIVED_PER_CASE). */
  received(caseId: string): readonly ReceivedRequest[];
  close(): Promise<void>;
}

const CLIENT_SCRIPT = readFileSync(fileURLToPath(new URL("./page-client.js", import.meta.url)), "utf8");
const RECEIVED_PER_CASE = 20;
/** A throwaway self-signed certificate for public.test, trusted nowhere (Chromium is told to accept it). */
const TLS_KEY = fileURLToPath(new URL("./tls/lab-key.pem", import.meta.url));
const TLS_CERT = fileURLToPath(new URL("./tls/lab-cert.pem", import.meta.url));
/** Lets tests send (and the lab accept) request headers up to 1 MB. */
const MAX_REQUEST_HEADER_BYTES = 1024 * 1024;

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CORS Doctor lab</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2rem; }
li { margin: 0.2rem 0; }
.result { margin-left: 0.5rem; font-family: monospace; }
</style>
</head>
<body>
<h1>CORS Doctor lab</h1>
<p>Each button makes one cross-origin request the way its case describes. Open DevTools to watch.</p>
<p><button id="run-all" type="button">Run all cases</button></p>
<ol id="cases"></ol>
<script type="module" src="/lab/page-client.js"></script>
</body>
</html>
`;

/**
 * A page on API A's origin (another origin of the lab page's site) that fetches, in CORS mode, the
 * URL its parent posts to it and posts back how it went: a response it stores in the shared cache.
 */
const FRAME_HTML = `<!doctype html>
<meta charset="utf-8">
<title>CORS Doctor lab frame</title>
<script>
addEventListener("message", async (event) => {
  try {
    const response = await fetch(event.data);
    await response.text();
    parent.postMessage({ ok: true, status: response.status }, "*");
  } catch (error) {
    parent.postMessage({ ok: false, error: String(error) }, "*");
  }
});
parent.postMessage("lab-frame-ready", "*");
</script>
`;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function headerAllowed(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function originOf(target: Target, origins: LabOrigins): string {
  if (target === "page") return origins.pageOrigin;
  return target === "apiA" ? origins.apiA : origins.apiB;
}

function withUserinfo(origin: string, userinfo: string | undefined): string {
  return userinfo ? origin.replace("://", `://${userinfo}@`) : origin;
}

const notFound =
  (body: string): Responder =>
  () => ({ status: 404, body });

/** Which of a case's responders answers a request on `hop` (undefined: the first hop). */
function responderFor(labCase: LabCase, hop: string | undefined, method: string): Responder {
  const { server } = labCase;
  const preflight = method === "OPTIONS";
  if (hop === "hop2") return (preflight ? server.hop2Preflight : server.hop2) ?? notFound(preflight ? "no OPTIONS route" : "no second hop");
  if (hop === "hop3") return (preflight ? server.hop3Preflight : server.hop3) ?? notFound(preflight ? "no OPTIONS route" : "no third hop");
  return (preflight ? server.preflight : server.response) ?? notFound("no OPTIONS route");
}

function bodyBytes(body: ServedResponse["body"]): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
}

/** Writes a response byte for byte (latin1) on the socket: node refuses control characters. */
function writeRaw(request: IncomingMessage, status: number, headers: readonly HeaderLine[], body: Buffer): void {
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}`];
  for (const [name, value] of headers) head.push(`${name}: ${value}`);
  head.push(`Content-Length: ${body.length}`, "Connection: close", "", "");
  request.socket.end(Buffer.concat([Buffer.from(head.join("\r\n"), "latin1"), body]));
}

function send(request: IncomingMessage, response: ServerResponse, served: ServedResponse, extra: readonly HeaderLine[]): void {
  const status = served.status ?? 200;
  const body = bodyBytes(served.body);
  const headers: HeaderLine[] = [
    ...extra,
    ...(served.headers ?? []),
    ["Content-Type", served.contentType ?? "text/plain; charset=utf-8"],
    ["Cache-Control", served.cacheControl ?? "no-store"],
  ];
  if (served.raw || !headers.every(([name, value]) => headerAllowed(name, value))) {
    writeRaw(request, status, headers, body);
    return;
  }
  // A flat [name, value, name, value, …] list keeps duplicated header lines as separate lines.
  response.writeHead(status, headers.flat());
  response.end(request.method === "HEAD" ? undefined : body);
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const catalog = options.cases ?? (options.lna ? LNA_CASES : LAB_CASES);
  const byId = new Map(catalog.map((labCase) => [labCase.id, labCase]));
  const hitCounts = new Map<string, Map<string, number>>();
  const receivedByCase = new Map<string, ReceivedRequest[]>();
  // Known only once the listeners have their ports.
  const state: { origins?: LabOrigins; resolved: readonly ResolvedCase[] } = { resolved: [] };

  const countHit = (caseId: string, method: string): void => {
    const perMethod = hitCounts.get(caseId) ?? new Map<string, number>();
    perMethod.set(method, (perMethod.get(method) ?? 0) + 1);
    hitCounts.set(caseId, perMethod);
  };

  const handle = (listener: Target, request: IncomingMessage, response: ServerResponse): void => {
    const origins = state.origins;
    if (!origins) throw new Error("lab not started");
    const url = new URL(request.url ?? "/", originOf(listener, origins));
    const method = request.method ?? "GET";
    const requestOrigin = request.headers.origin;
    const context = { origins, requestOrigin, method };

    if (listener === "page" && method === "GET") {
      if (url.pathname === "/") return send(request, response, { body: PAGE_HTML, contentType: "text/html; charset=utf-8" }, []);
      if (url.pathname === "/lab/page-client.js")
        return send(request, response, { body: CLIENT_SCRIPT, contentType: "text/javascript; charset=utf-8" }, []);
      if (url.pathname === "/lab/cases.json")
        return send(request, response, { body: JSON.stringify(state.resolved), contentType: "application/json" }, []);
      if (url.pathname === "/favicon.ico") return send(request, response, { status: 204 }, []);
    }
    if (url.pathname === "/lab/frame.html" && method === "GET") {
      return send(request, response, { body: FRAME_HTML, contentType: "text/html; charset=utf-8" }, []);
    }
    if (url.pathname === "/lab/set-cookie") {
      // Correct CORS with credentials, so that the cookie is stored for the API's host.
      const allowed: HeaderLine[] = [
        ["Access-Control-Allow-Origin", requestOrigin ?? origins.pageOrigin],
        ["Access-Control-Allow-Credentials", "true"],
        ["Vary", "Origin"],
      ];
      const cookie: HeaderLine = ["Set-Cookie", `${SECRET_COOKIE_NAME}=${SECRET_MARKERS.cookie}; Path=/; SameSite=Lax; HttpOnly`];
      return send(request, response, { status: method === "OPTIONS" ? 204 : 200, body: "cookie set" }, [...allowed, cookie]);
    }

    const match = /^\/case\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const labCase = match?.[1] ? byId.get(match[1]) : undefined;
    if (!labCase) return send(request, response, { status: 404, body: "no such lab route" }, []);
    countHit(labCase.id, method);
    const received = receivedByCase.get(labCase.id) ?? [];
    received.push({ method, url: url.href, headers: { ...request.headers } });
    if (received.length > RECEIVED_PER_CASE) received.shift();
    receivedByCase.set(labCase.id, received);

    // `/case/<id>` is the first hop; `/case/<id>/hop2…` and `/case/<id>/hop3…` are redirect targets.
    const hop = /^\/(hop[23])(\/|$)/.exec(match?.[2] ?? "")?.[1];
    const responder = responderFor(labCase, hop, method);
    const served = responder(context);
    const extra: HeaderLine[] = [];
    if (served.redirect) {
      const target = withUserinfo(originOf(served.redirect.to, origins), served.redirect.userinfo);
      extra.push(["Location", `${target}/case/${labCase.id}/${served.redirect.path ?? "hop2"}${url.search}`]);
    }
    send(request, response, served, extra);
  };

  const answer = (listener: Target) => (request: IncomingMessage, response: ServerResponse) => {
    // Read the body (if any) before answering, so that the connection stays reusable.
    request.resume();
    request.on("end", () => {
      try {
        handle(listener, request, response);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
        response.end(`lab error: ${String(error)}`);
      }
    });
  };
  const makeServer = (listener: Target): Server => createServer({ maxHeaderSize: MAX_REQUEST_HEADER_BYTES }, answer(listener));

  const servers: Record<string, Server> = { page: makeServer("page"), apiA: makeServer("apiA"), apiB: makeServer("apiB") };
  const pagePort = await listen(servers.page!, options.port ?? 0);
  const apiAPort = await listen(servers.apiA!, options.port ? options.port + 1 : 0);
  const apiBPort = await listen(servers.apiB!, options.port ? options.port + 2 : 0);
  let pageTlsPort = 0;
  if (options.lna) {
    // The secure public page of the Local Network Access cases (test/lab/lna.ts).
    const tls = createTlsServer({ key: readFileSync(TLS_KEY), cert: readFileSync(TLS_CERT), maxHeaderSize: MAX_REQUEST_HEADER_BYTES }, answer("page"));
    servers.pageTls = tls;
    pageTlsPort = await listen(tls, options.port ? options.port + 3 : 0);
  }
  // `localhost` for the page and API A: same site (cookies flow), different origins (ports).
  const labOrigins: LabOrigins = {
    pageOrigin: `http://localhost:${pagePort}`,
    apiA: `http://localhost:${apiAPort}`,
    apiB: `http://127.0.0.1:${apiBPort}`,
  };
  const resolved = catalog.map((labCase) => resolveCase(labCase, labOrigins));
  state.origins = labOrigins;
  state.resolved = resolved;

  return {
    pageOrigin: labOrigins.pageOrigin,
    apiOrigins: [labOrigins.apiA, labOrigins.apiB],
    origins: labOrigins,
    pageUrl: `${labOrigins.pageOrigin}/`,
    cases: resolved,
    ports: { page: pagePort, apiA: apiAPort, apiB: apiBPort, pageTls: pageTlsPort },
    hits: (caseId) => Object.fromEntries(hitCounts.get(caseId) ?? []),
    received: (caseId) => [...(receivedByCase.get(caseId) ?? [])],
    async close() {
      await Promise.all(
        Object.values(servers).map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

async function main(): Promise<void> {
  const port = process.env.LAB_PORT ? Number(process.env.LAB_PORT) : undefined;
  const lna = process.env.LAB_LNA === "1";
  const lab = await startLab({ ...(port ? { port } : {}), lna });
  console.log(`CORS lab page: ${lab.pageUrl}`);
  if (lna) {
    console.log(`Local Network Access cases. Start Chromium with: ${lnaLaunchFlags(lab.ports).join(" ")}`);
    console.log(`Secure page: ${lnaPageUrl("secure-public", lab.ports)}  non-secure page: ${lnaPageUrl("insecure-public", lab.ports)}`);
  }
  console.log(`API origins:   ${lab.apiOrigins.join("  ")}`);
  console.log(`${lab.cases.length} cases. Ctrl+C stops the lab.`);
  const stop = (): void => {
    void lab.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
