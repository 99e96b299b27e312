// Realistic ReportEntry fixtures for the panel and popup tests, one per kind of failure the UI
// must present, plus generators for large and hostile inputs.
import type { HeaderList } from "../../src/engine/types";
import type { Fix } from "../../src/fixes/types";
import type { ReportDiagnosis, ReportEntry } from "../../src/shared/report";

export const PAGE_ORIGIN = "https://app.example.test";
export const FIXTURE_TAB = 1;
const T0 = Date.UTC(2026, 10, 25, 14, 0, 0);

function headers(...pairs: [string, string][]): HeaderList {
  return pairs.map(([name, value]) => ({ name, value }));
}

function fix(stack: string, title: string, language: string, snippet: string, where: string, warnings: string[] = []): Fix {
  return {
    stack,
    title,
    language,
    snippet,
    where,
    why: `Allows only ${PAGE_ORIGIN}; every other origin is still refused.`,
    warnings,
  };
}

const baseDiagnosis: ReportDiagnosis = {
  verdict: "blocked",
  browser: "chromium",
  code: null,
  failedParameter: null,
  stage: null,
  title: "",
  explanation: "",
  consoleMessage: null,
  firefoxReason: null,
  preflightReasons: [],
  checks: [],
  inferred: [],
  advisories: [],
  genericFix: null,
  requirements: null,
};

export type EntryOverrides = Partial<Omit<ReportEntry, "diagnosis">> & { diagnosis?: Partial<ReportDiagnosis> };

export function makeEntry(overrides: EntryOverrides = {}): ReportEntry {
  const { diagnosis, ...rest } = overrides;
  const url = rest.url ?? "https://api.example.test/v1/things";
  return {
    id: "req-0",
    tabId: FIXTURE_TAB,
    url,
    finalUrl: url,
    method: "GET",
    initiator: PAGE_ORIGIN,
    documentUrl: `${PAGE_ORIGIN}/dashboard`,
    resourceType: "xmlhttprequest",
    startedAt: T0,
    blocked: true,
    preflight: null,
    request: { headers: headers(["Origin", PAGE_ORIGIN], ["Accept", "*/*"]), sent: true },
    redirects: [],
    response: null,
    error: "net::ERR_FAILED",
    detectedStacks: [],
    fixes: [],
    redacted: [],
    ...rest,
    diagnosis: { ...baseDiagnosis, ...diagnosis },
  };
}

/** POST with Authorization: the auth middleware answers the preflight 401 without CORS headers. */
export const preflight401 = makeEntry({
  id: "req-preflight-401",
  url: "https://api.example.test/v1/orders",
  method: "POST",
  startedAt: T0 + 1000,
  preflight: {
    url: "https://api.example.test/v1/orders",
    status: 401,
    requestHeaders: headers(
      ["Origin", PAGE_ORIGIN],
      ["Access-Control-Request-Method", "POST"],
      ["Access-Control-Request-Headers", "authorization,content-type"],
    ),
    responseHeaders: headers(["X-Powered-By", "Express"], ["WWW-Authenticate", 'Bearer realm="api"']),
  },
  request: {
    headers: headers(["Origin", PAGE_ORIGIN], ["Authorization", "[redacted]"], ["Content-Type", "application/json"]),
    sent: false,
  },
  redacted: ["authorization"],
  detectedStacks: [{ stack: "express", evidence: "X-Powered-By: Express" }],
  fixes: [
    fix("express", "Express (cors)", "js", `app.use(cors({ origin: "${PAGE_ORIGIN}", allowedHeaders: ["authorization", "content-type"] }));\n// before the auth middleware`, "In your app, before any authentication middleware.", ["Register cors() before the auth middleware: a preflight never carries Authorization."]),
    fix("nginx", "nginx", "nginx", `if ($request_method = OPTIONS) {\n  add_header Access-Control-Allow-Origin "${PAGE_ORIGIN}" always;\n  return 204;\n}`, "In the server block for api.example.test."),
    fix("fastify", "Fastify (@fastify/cors)", "js", `await app.register(cors, { origin: "${PAGE_ORIGIN}" });`, "Where the app registers plugins."),
  ],
  diagnosis: {
    code: "PreflightMissingAllowOriginHeader",
    failedParameter: "",
    stage: "preflight",
    title: "Preflight answered 401 without Access-Control-Allow-Origin",
    explanation: `The browser asked https://api.example.test with an OPTIONS preflight whether ${PAGE_ORIGIN} may send POST with the authorization header. The server answered 401 and sent no Access-Control-Allow-Origin, so the browser never sent the POST.`,
    consoleMessage: `Access to fetch at 'https://api.example.test/v1/orders' from origin '${PAGE_ORIGIN}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    preflightReasons: [
      { kind: "header", subject: "authorization", detail: "The request sets the Authorization header, which is not CORS-safelisted." },
      { kind: "content-type", subject: "content-type", detail: "Content-Type application/json is not one of the three safelisted types." },
    ],
    checks: [
      { stage: "preflight", header: "Access-Control-Allow-Origin", expected: PAGE_ORIGIN, received: null, ok: false, failing: true },
      { stage: "preflight", header: "Status", expected: "2xx", received: "401", ok: false, note: "Chromium checks the origin before the status." },
    ],
    advisories: [{ id: "preflight-401", message: "Chromium reports the missing header even though the status was 401: fix authentication first for OPTIONS." }],
    genericFix: "Answer OPTIONS before authentication, with Access-Control-Allow-Origin and Access-Control-Allow-Headers.",
  },
});

/** PUT refused because the preflight lists only GET and POST. */
export const putDisallowed = makeEntry({
  id: "req-put-method",
  url: "https://api.example.test/v1/items/42",
  method: "PUT",
  startedAt: T0 + 2000,
  resourceType: "fetch",
  preflight: {
    url: "https://api.example.test/v1/items/42",
    status: 204,
    requestHeaders: headers(["Origin", PAGE_ORIGIN], ["Access-Control-Request-Method", "PUT"]),
    responseHeaders: headers(["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Methods", "GET, POST"]),
  },
  request: { headers: headers(["Origin", PAGE_ORIGIN], ["Content-Type", "text/plain"]), sent: false },
  fixes: [
    fix("fastify", "Fastify (@fastify/cors)", "js", `await app.register(cors, { origin: "${PAGE_ORIGIN}", methods: ["GET", "POST", "PUT"] });`, "Where the app registers plugins."),
    fix("express", "Express (cors)", "js", `app.use(cors({ origin: "${PAGE_ORIGIN}", methods: ["GET", "POST", "PUT"] }));`, "In your app, before the routes."),
  ],
  diagnosis: {
    code: "MethodDisallowedByPreflightResponse",
    failedParameter: "PUT",
    stage: "preflight",
    title: "PUT not in Access-Control-Allow-Methods",
    explanation: `The preflight answer allows GET, POST but the page sends PUT, so the browser refused to send it.`,
    consoleMessage: `Access to fetch at 'https://api.example.test/v1/items/42' from origin '${PAGE_ORIGIN}' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`,
    preflightReasons: [{ kind: "method", subject: "PUT", detail: "PUT is not a CORS-safelisted method (GET, HEAD, POST)." }],
    checks: [
      { stage: "preflight", header: "Access-Control-Allow-Origin", expected: PAGE_ORIGIN, received: PAGE_ORIGIN, ok: true },
      { stage: "preflight", header: "Access-Control-Allow-Methods", expected: "PUT (or *)", received: "GET, POST", ok: false, failing: true },
    ],
    genericFix: "Add PUT to Access-Control-Allow-Methods in the preflight response.",
  },
});

/** A cross-origin GET that passed. */
export const allowedGet = makeEntry({
  id: "req-allowed",
  url: "https://cdn.example.test/data.json",
  startedAt: T0 + 3000,
  blocked: false,
  error: null,
  response: {
    url: "https://cdn.example.test/data.json",
    status: 200,
    requestHeaders: headers(["Origin", PAGE_ORIGIN]),
    responseHeaders: headers(["Access-Control-Allow-Origin", "*"], ["Content-Type", "application/json"]),
  },
  diagnosis: {
    verdict: "allowed",
    title: "Allowed",
    explanation: "The server allows every origin with Access-Control-Allow-Origin: *.",
    checks: [{ stage: "response", header: "Access-Control-Allow-Origin", expected: `${PAGE_ORIGIN} or *`, received: "*", ok: true }],
  },
});

/** Cookies sent with a wildcard origin: credentials inferred from the Cookie header. */
export const wildcardCredentials = makeEntry({
  id: "req-wildcard",
  url: "https://api.example.test/v1/me",
  startedAt: T0 + 4000,
  request: { headers: headers(["Origin", PAGE_ORIGIN], ["Cookie", "[redacted]"]), sent: true },
  redacted: ["cookie"],
  response: {
    url: "https://api.example.test/v1/me",
    status: 200,
    requestHeaders: headers(["Origin", PAGE_ORIGIN], ["Cookie", "[redacted]"]),
    responseHeaders: headers(["Access-Control-Allow-Origin", "*"], ["X-Powered-By", "Express"]),
  },
  detectedStacks: [{ stack: "express", evidence: "X-Powered-By: Express" }],
  fixes: [
    fix("express", "Express (cors)", "js", `app.use(cors({ origin: "${PAGE_ORIGIN}", credentials: true }));`, "In your app, before the routes.", ["origin: '*' with credentials: true still sends a literal *."]),
    fix("koa", "Koa (@koa/cors)", "js", `app.use(cors({ origin: "${PAGE_ORIGIN}", credentials: true }));`, "Before the router."),
    fix("hono", "Hono (cors)", "ts", `app.use("/v1/*", cors({ origin: "${PAGE_ORIGIN}", credentials: true }));`, "Before the routes."),
  ],
  diagnosis: {
    code: "WildcardOriginNotAllowed",
    failedParameter: "",
    stage: "response",
    title: "Wildcard origin with credentials",
    explanation: `The server answered Access-Control-Allow-Origin: *, but the request was sent with credentials, which requires the exact origin ${PAGE_ORIGIN}.`,
    consoleMessage: `Access to fetch at 'https://api.example.test/v1/me' from origin '${PAGE_ORIGIN}' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
    checks: [
      { stage: "response", header: "Access-Control-Allow-Origin", expected: `${PAGE_ORIGIN} (not * with credentials)`, received: "*", ok: false, failing: true },
      { stage: "response", header: "Access-Control-Allow-Credentials", expected: "true", received: null, ok: false },
    ],
    inferred: [
      { fact: "credentials-mode", value: "include", evidence: "The request carried a Cookie header; cross-origin requests carry cookies only with credentials 'include'." },
    ],
    genericFix: "Reflect the exact origin instead of * and send Access-Control-Allow-Credentials: true.",
  },
});

/** Followed redirect to another server that sends no CORS headers. */
export const redirectMissingHeader = makeEntry({
  id: "req-redirect",
  url: "https://api.example.test/old/report",
  finalUrl: "https://files.example.test/report.csv",
  startedAt: T0 + 5000,
  resourceType: "fetch",
  redirects: [
    {
      url: "https://api.example.test/old/report",
      status: 302,
      location: "https://files.example.test/report.csv",
      responseHeaders: headers(["Location", "https://files.example.test/report.csv"], ["Access-Control-Allow-Origin", PAGE_ORIGIN]),
    },
  ],
  response: {
    url: "https://files.example.test/report.csv",
    status: 200,
    requestHeaders: headers(["Origin", "null"]),
    responseHeaders: headers(["Server", "nginx/1.27.0"], ["Content-Type", "text/csv"]),
  },
  detectedStacks: [{ stack: "nginx", evidence: "Server: nginx/1.27.0" }],
  fixes: [
    fix("nginx", "nginx", "nginx", `location /report.csv {\n  add_header Access-Control-Allow-Origin "null" always;\n}`, "In the server block for files.example.test.", ["After a cross-origin redirect the Origin becomes null."]),
    fix("apache", "Apache httpd", "apache", `Header always set Access-Control-Allow-Origin "null"`, "In the virtual host for files.example.test."),
  ],
  diagnosis: {
    code: "MissingAllowOriginHeader",
    failedParameter: "",
    stage: "response",
    title: "Redirect target sends no Access-Control-Allow-Origin",
    explanation: "The request was redirected from api.example.test to files.example.test, which answered 200 without Access-Control-Allow-Origin.",
    consoleMessage: `Access to fetch at 'https://files.example.test/report.csv' (redirected from 'https://api.example.test/old/report') from origin '${PAGE_ORIGIN}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    checks: [
      { stage: "redirect", header: "Access-Control-Allow-Origin", expected: PAGE_ORIGIN, received: PAGE_ORIGIN, ok: true },
      { stage: "response", header: "Access-Control-Allow-Origin", expected: "null", received: null, ok: false, failing: true },
    ],
    advisories: [{ id: "redirect-tainted-origin", message: "After a cross-origin redirect the browser sends Origin: null." }],
    genericFix: "Make files.example.test send Access-Control-Allow-Origin for this origin, or avoid the redirect.",
  },
});

export const ALL_FIXTURES: readonly ReportEntry[] = [preflight401, putDisallowed, allowedGet, wildcardCredentials, redirectMissingHeader];

/** `count` entries cycling through the fixtures, each with its own id, URL and time. */
export function manyEntries(count: number): ReportEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const template = ALL_FIXTURES[index % ALL_FIXTURES.length]!;
    return { ...template, id: `bulk-${index}`, url: `${template.url}?n=${index}`, startedAt: T0 + index };
  });
}

export const HOSTILE_IMG = "<img src=x onerror=alert(1)>";
export const HOSTILE_SCRIPT = `"><script>alert(2)</script>`;

/** Every page-controlled field filled with markup that must stay text. */
export const hostileEntry: ReportEntry = makeEntry({
  id: "req-hostile",
  url: `https://evil.example.test/${HOSTILE_IMG}?q=${HOSTILE_SCRIPT}`,
  method: "POST",
  startedAt: T0 + 6000,
  resourceType: HOSTILE_IMG,
  initiator: PAGE_ORIGIN,
  preflight: {
    url: `https://evil.example.test/${HOSTILE_IMG}`,
    status: 200,
    requestHeaders: headers(["Origin", PAGE_ORIGIN], ["Access-Control-Request-Method", "POST"], ["Access-Control-Request-Headers", "x-evil"]),
    responseHeaders: headers(["Access-Control-Allow-Origin", HOSTILE_SCRIPT], ["X-Evil", HOSTILE_IMG]),
  },
  request: { headers: headers(["Origin", PAGE_ORIGIN], ["X-Evil", `${HOSTILE_IMG}'; rm -rf ~; echo '${HOSTILE_SCRIPT}`]), sent: false },
  detectedStacks: [{ stack: "express", evidence: `X-Powered-By: ${HOSTILE_IMG}` }],
  fixes: [fix("express", `Express ${HOSTILE_SCRIPT}`, "js", `app.use(cors({ origin: "${HOSTILE_IMG}" })); ${HOSTILE_SCRIPT}`, HOSTILE_IMG, [HOSTILE_SCRIPT])],
  diagnosis: {
    code: "PreflightAllowOriginMismatch",
    failedParameter: HOSTILE_SCRIPT,
    stage: "preflight",
    title: `Origin mismatch ${HOSTILE_IMG}`,
    explanation: `The server sent ${HOSTILE_SCRIPT} and ${HOSTILE_IMG}.`,
    consoleMessage: `blocked ${HOSTILE_IMG}`,
    preflightReasons: [{ kind: "header", subject: "x-evil", detail: `Header ${HOSTILE_IMG} is not safelisted.` }],
    checks: [{ stage: "preflight", header: "Access-Control-Allow-Origin", expected: PAGE_ORIGIN, received: HOSTILE_SCRIPT, ok: false, failing: true }],
    inferred: [{ fact: "credentials-mode", value: HOSTILE_IMG, evidence: HOSTILE_SCRIPT }],
    advisories: [{ id: "x", message: HOSTILE_IMG }],
    genericFix: HOSTILE_SCRIPT,
  },
});

/** A failure that is not a CORS check: the network error, an Origin, no response. */
export function networkFailure(id: string, url: string, error: string, startedAt = T0 + 7000): ReportEntry {
  return makeEntry({
    id,
    url,
    startedAt,
    blocked: false,
    error,
    diagnosis: {
      verdict: "unrelated-failure",
      title: `Network error: ${error.replace(/^net::/, "")}`,
      explanation: `The request to ${url} failed with ${error}. This is not a CORS failure; CORS headers would not change it.`,
    },
  });
}

/** One of each kind of failure people mistake for CORS. */
export const NOT_CORS_FIXTURES: readonly ReportEntry[] = [
  networkFailure("req-refused", "http://localhost:9999/api/items", "net::ERR_CONNECTION_REFUSED"),
  networkFailure("req-dns", "https://api.exmaple.test/v1/items", "net::ERR_NAME_NOT_RESOLVED"),
  networkFailure("req-adblock", "https://stats.example.test/track.js", "net::ERR_BLOCKED_BY_CLIENT"),
  networkFailure("req-mixed", "http://api.example.test/v1/items", "net::ERR_FAILED"),
  networkFailure("req-cert", "https://self-signed.example.test/v1/items", "net::ERR_CERT_AUTHORITY_INVALID"),
  makeEntry({
    id: "req-lna",
    url: "http://192.168.1.20/status",
    startedAt: T0 + 7500,
    error: "net::ERR_FAILED",
    diagnosis: {
      code: "LocalNetworkAccessPermissionDenied",
      failedParameter: "",
      stage: "response",
      title: "Local network access was not permitted",
      explanation: `${PAGE_ORIGIN} tried to reach http://192.168.1.20/status in the local address space.`,
    },
  }),
];

/** `count` copies of one blocked request (same server, code and parameter), each its own id and time. */
export function sameCause(template: ReportEntry, count: number, prefix: string): ReportEntry[] {
  return Array.from({ length: count }, (_, index) => ({ ...template, id: `${prefix}-${index}`, url: `${template.url}?page=${index}`, startedAt: template.startedAt + index }));
}
