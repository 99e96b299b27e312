// The case catalog: every deliberately broken endpoint of the lab, the correct controls, hostile
// inputs and secret markers. `expected` is Chromium's verdict as observed live (the ground-truth
// e2e test checks every one); a `note` marks where that differs from a reading of the source.
import type { CorsErrorCode } from "../../src/engine/types";
import { CACHE_CASES } from "./cache-cases";
import type {
  HeaderLine,
  LabCase,
  LabOrigins,
  ResolvedCase,
  Responder,
  ResolvedExpected,
  ServeContext,
  ServedResponse,
} from "./types";

export const SECRET_MARKERS = {
  authorization: "LAB-SECRET-authorization-7f3a91c2",
  cookie: "LAB-SECRET-cookie-5c20e4b8",
  queryToken: "LAB-SECRET-token-a81d36f0",
} as const;
export const SECRET_COOKIE_NAME = "lab_session";

const HOSTILE_MARKUP = `<img src=x onerror=alert(1)>`;
const HOSTILE_BREAKOUT = `"><script>alert(1)</script>`;
/** 100 KB: far beyond any UI row, below Chromium's 256 KB response-header limit. */
export const HUGE_HEADER_BYTES = 100 * 1024;

const ACAO = "Access-Control-Allow-Origin";
const ACAC = "Access-Control-Allow-Credentials";
const ACAM = "Access-Control-Allow-Methods";
const ACAH = "Access-Control-Allow-Headers";
const MAX_AGE = "Access-Control-Max-Age";

/** What a server that "reflects the Origin" sends back. */
const echo = (context: ServeContext): string => context.requestOrigin ?? context.origins.pageOrigin;
const ok = (headers: readonly HeaderLine[] = [], body = "ok"): ServedResponse => ({ status: 200, headers, body });
const exact = (context: ServeContext): HeaderLine => [ACAO, echo(context)];
const credentialed = (context: ServeContext): HeaderLine[] => [exact(context), [ACAC, "true"]];
/** A correct preflight answer allowing the given methods and headers, with credentials. */
const goodPreflight =
  (methods: string, headers: string, status = 204) =>
  (context: ServeContext): ServedResponse => ({
    status,
    headers: [...credentialed(context), [ACAM, methods], [ACAH, headers], [MAX_AGE, "0"]],
  });
const noCorsPreflight = (status: number) => (): ServedResponse => ({ status, body: `status ${status}` });
const preflightWith =
  (status: number, headers: (context: ServeContext) => HeaderLine[]) =>
  (context: ServeContext): ServedResponse => ({ status, headers: [...headers(context), [MAX_AGE, "0"]] });

const PUT_TO_A = { target: "apiA", method: "PUT", body: "{}" } as const;
const GIF_1X1 = Uint8Array.from(
  Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"),
);
const image = (headers: readonly HeaderLine[] = []): ServedResponse => ({
  status: 200,
  headers,
  body: GIF_1X1,
  contentType: "image/gif",
});
const stylesheet = (headers: readonly HeaderLine[] = []): ServedResponse => ({
  status: 200,
  headers,
  body: "body { --lab: 1; }",
  contentType: "text/css",
});
const moduleScript = (headers: readonly HeaderLine[] = []): ServedResponse => ({
  status: 200,
  headers,
  body: "export const lab = 1;",
  contentType: "text/javascript",
});
/** Not a decodable font: CORS is decided on the headers, before any decoding. */
const font = (headers: readonly HeaderLine[] = []): ServedResponse => ({
  status: 200,
  headers,
  body: "not really a font",
  contentType: "font/woff2",
});
const LONG_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8," +
  "application/signed-exchange;v=b3;q=0.7,text/plain;q=0.6,text/csv;q=0.5";

const simpleGet = { target: "apiA" } as const;

const BROKEN: readonly LabCase[] = [
  // --- Plain CORS check on the response (no preflight) ---
  {
    id: "missing-acao",
    title: "Simple GET, server sends no Access-Control-Allow-Origin",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "no ACAO at all", response: () => ok() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "acao-other-origin",
    title: "ACAO names another origin",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: https://app.example.com", response: () => ok([[ACAO, "https://app.example.com"]]) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: "https://app.example.com" },
  },
  {
    id: "acao-trailing-slash",
    title: "ACAO is the page origin with a trailing slash",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: <origin>/", response: (c) => ok([[ACAO, `${c.origins.pageOrigin}/`]]) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: (o) => `${o.pageOrigin}/` },
  },
  {
    id: "acao-null",
    title: "ACAO: null for a page with a real origin",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: null", response: () => ok([[ACAO, "null"]]) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: "null" },
  },
  {
    id: "acao-wrong-port",
    title: "ACAO names the API's own origin instead of the page's",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: the API origin", response: (c) => ok([[ACAO, c.origins.apiA]]) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: (o) => o.apiA },
  },
  {
    id: "wildcard-with-credentials",
    title: "ACAO * on a credentialed fetch",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", credentials: "include" },
    server: { description: "ACAO: * with ACAC: true", response: () => ok([[ACAO, "*"], [ACAC, "true"]]) },
    expected: { blocked: true, code: "WildcardOriginNotAllowed", failedParameter: "" },
  },
  {
    id: "multiple-acao-comma",
    title: "ACAO lists two origins separated by a comma",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "ACAO: <origin>, https://app.example.com",
      response: (c) => ok([[ACAO, `${c.origins.pageOrigin}, https://app.example.com`]]),
    },
    expected: {
      blocked: true,
      code: "MultipleAllowOriginValues",
      failedParameter: (o) => `${o.pageOrigin}, https://app.example.com`,
    },
  },
  {
    id: "multiple-acao-duplicate-lines",
    title: "Proxy and app both add ACAO (two header lines)",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "two ACAO lines: the app echoes the origin, the proxy adds *",
      response: (c) => ok([exact(c), [ACAO, "*"]]),
    },
    expected: { blocked: true, code: "MultipleAllowOriginValues", failedParameter: (o) => `${o.pageOrigin}, *` },
  },
  {
    id: "invalid-acao-value",
    title: "ACAO without a scheme",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: app.example.com", response: () => ok([[ACAO, "app.example.com"]]) },
    expected: { blocked: true, code: "InvalidAllowOriginValue", failedParameter: "app.example.com" },
  },
  {
    id: "credentials-without-acac",
    title: "Credentialed fetch, exact ACAO but no Access-Control-Allow-Credentials",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", credentials: "include" },
    server: { description: "ACAO exact, no ACAC", response: (c) => ok([exact(c)]) },
    expected: { blocked: true, code: "InvalidAllowCredentials", failedParameter: "" },
  },
  {
    id: "credentials-acac-uppercase",
    title: "Access-Control-Allow-Credentials: TRUE (upper case)",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", credentials: "include" },
    server: { description: "ACAC: TRUE", response: (c) => ok([exact(c), [ACAC, "TRUE"]]) },
    expected: { blocked: true, code: "InvalidAllowCredentials", failedParameter: "TRUE" },
  },
  {
    id: "xhr-missing-acao",
    title: "XHR GET, no ACAO",
    kind: "broken",
    initiator: "xhr",
    request: { target: "apiB" },
    server: { description: "no ACAO", response: () => ok() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "xhr-with-credentials-wildcard",
    title: "XHR withCredentials, ACAO *",
    kind: "broken",
    initiator: "xhr",
    request: { target: "apiA", credentials: "include" },
    server: { description: "ACAO: *", response: () => ok([[ACAO, "*"]]) },
    expected: { blocked: true, code: "WildcardOriginNotAllowed", failedParameter: "" },
  },
  {
    id: "error-page-no-acao",
    title: "500 error page from a server that adds CORS headers only on 2xx",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "nginx `add_header` without `always`: the 500 page carries no ACAO",
      response: () => ({ status: 500, body: "<h1>500 Internal Server Error</h1>", contentType: "text/html" }),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "font-missing-acao",
    title: "@font-face from another origin without ACAO",
    kind: "broken",
    initiator: "font",
    request: { target: "apiB" },
    server: { description: "font served without ACAO", response: () => font() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "module-script-missing-acao",
    title: "<script type=module> from another origin without ACAO",
    kind: "broken",
    initiator: "script-module",
    request: { target: "apiA" },
    server: { description: "module served without ACAO", response: () => moduleScript() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "img-crossorigin-missing-acao",
    title: "<img crossorigin> without ACAO",
    kind: "broken",
    initiator: "img-crossorigin",
    request: { target: "apiB" },
    server: { description: "image served without ACAO", response: () => image() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "stylesheet-crossorigin-mismatch",
    title: "<link rel=stylesheet crossorigin> with ACAO for another origin",
    kind: "broken",
    initiator: "stylesheet-crossorigin",
    request: { target: "apiA" },
    server: { description: "ACAO: https://cdn.example.com", response: () => stylesheet([[ACAO, "https://cdn.example.com"]]) },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: "https://cdn.example.com" },
  },

  // --- Preflight response ---
  {
    id: "preflight-204-no-acao",
    title: "PUT, preflight answered 204 without CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: { description: "OPTIONS → 204, no ACAO", preflight: noCorsPreflight(204), response: (c) => ok([exact(c)]) },
    expected: { blocked: true, code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "preflight-401-auth-middleware",
    title: "Auth middleware rejects the preflight with 401 (no CORS headers)",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { Authorization: "Bearer lab-demo-token" } },
    server: {
      description: "OPTIONS hits the auth check before CORS: 401, no ACAO",
      preflight: () => ({ status: 401, headers: [["WWW-Authenticate", 'Bearer realm="lab"']], body: "unauthorized" }),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "preflight-404-no-acao",
    title: "No OPTIONS route: 404 without CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", method: "DELETE" },
    server: { description: "OPTIONS → 404, no ACAO", preflight: noCorsPreflight(404), response: (c) => ok([exact(c)]) },
    expected: { blocked: true, code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "preflight-500-no-acao",
    title: "OPTIONS crashes: 500 without CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { "X-Api-Key": "lab-demo-key" } },
    server: { description: "OPTIONS → 500, no ACAO", preflight: noCorsPreflight(500), response: (c) => ok([exact(c)]) },
    expected: { blocked: true, code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "preflight-404-with-acao",
    title: "Preflight 404 although it carries correct CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 404 with ACAO/ACAM/ACAH",
      preflight: goodPreflight("PUT", "content-type", 404),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightInvalidStatus", failedParameter: "" },
  },
  {
    id: "preflight-500-with-acao",
    title: "Preflight 500 with correct CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", method: "PATCH", body: "{}" },
    server: {
      description: "OPTIONS → 500 with ACAO/ACAM",
      preflight: goodPreflight("PATCH", "content-type", 500),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightInvalidStatus", failedParameter: "" },
  },
  {
    id: "preflight-401-with-acao",
    title: "Auth middleware answers the preflight 401 but CORS middleware ran first",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { Authorization: "Bearer lab-demo-token" }, credentials: "include" },
    server: {
      description: "OPTIONS → 401 with ACAO, ACAC, ACAH",
      preflight: goodPreflight("GET", "authorization", 401),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "PreflightInvalidStatus", failedParameter: "" },
  },
  {
    id: "preflight-redirect",
    title: "Preflight answered with a 301 (e.g. http→https or trailing-slash redirect)",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 301 to another origin",
      preflight: (c) => ({ status: 301, headers: [exact(c), ["Location", `${c.origins.apiB}/moved`]] }),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightDisallowedRedirect", failedParameter: "" },
  },
  {
    id: "preflight-acao-mismatch",
    title: "Preflight ACAO names another origin",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 204 with ACAO: https://app.example.com",
      preflight: preflightWith(204, () => [[ACAO, "https://app.example.com"], [ACAM, "PUT"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightAllowOriginMismatch", failedParameter: "https://app.example.com" },
  },
  {
    id: "preflight-wildcard-with-credentials",
    title: "Preflight ACAO * for a credentialed request",
    kind: "broken",
    initiator: "fetch",
    request: { ...PUT_TO_A, credentials: "include" },
    server: {
      description: "OPTIONS → 204 with ACAO: * and ACAC: true",
      preflight: preflightWith(204, () => [[ACAO, "*"], [ACAC, "true"], [ACAM, "PUT"]]),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "PreflightWildcardOriginNotAllowed", failedParameter: "" },
  },
  {
    id: "preflight-multiple-acao",
    title: "Preflight carries two ACAO lines",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 204 with ACAO twice (proxy + app)",
      preflight: preflightWith(204, (c) => [exact(c), exact(c), [ACAM, "PUT"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: {
      blocked: true,
      code: "PreflightMultipleAllowOriginValues",
      failedParameter: (o) => `${o.pageOrigin}, ${o.pageOrigin}`,
    },
  },
  {
    id: "preflight-invalid-acao",
    title: "Preflight ACAO is not a URL",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 204 with ACAO: localhost",
      preflight: preflightWith(204, () => [[ACAO, "localhost"], [ACAM, "PUT"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightInvalidAllowOriginValue", failedParameter: "localhost" },
  },
  {
    id: "preflight-missing-acac",
    title: "Credentialed PUT, preflight lacks Access-Control-Allow-Credentials",
    kind: "broken",
    initiator: "fetch",
    request: { ...PUT_TO_A, credentials: "include" },
    server: {
      description: "OPTIONS → 204 with exact ACAO, no ACAC",
      preflight: preflightWith(204, (c) => [exact(c), [ACAM, "PUT"]]),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "PreflightInvalidAllowCredentials", failedParameter: "" },
  },
  {
    id: "preflight-acac-yes",
    title: "Preflight sends Access-Control-Allow-Credentials: yes",
    kind: "broken",
    initiator: "xhr",
    request: { target: "apiB", method: "PUT", credentials: "include", body: "{}" },
    server: {
      description: "OPTIONS → 204 with ACAC: yes",
      preflight: preflightWith(204, (c) => [exact(c), [ACAC, "yes"], [ACAM, "PUT"]]),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "PreflightInvalidAllowCredentials", failedParameter: "yes" },
  },
  {
    id: "invalid-allow-methods",
    title: "Access-Control-Allow-Methods separated by semicolons",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "ACAM: GET;PUT;DELETE",
      preflight: preflightWith(204, (c) => [exact(c), [ACAM, "GET;PUT;DELETE"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "InvalidAllowMethodsPreflightResponse", failedParameter: "" },
  },
  {
    id: "invalid-allow-headers",
    title: "Access-Control-Allow-Headers with a colon-separated list",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "ACAH: x-api-key: x-trace-id",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "x-api-key: x-trace-id"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "InvalidAllowHeadersPreflightResponse", failedParameter: "" },
  },
  {
    id: "method-put-disallowed",
    title: "PUT, preflight allows only GET and POST",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "ACAM: GET, POST",
      preflight: preflightWith(204, (c) => [exact(c), [ACAM, "GET, POST"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" },
  },
  {
    id: "method-patch-lowercase",
    title: "fetch with method 'patch' (sent lower-case), server allows PATCH",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", method: "patch", body: "{}" },
    server: {
      description: "ACAM: GET, POST, PATCH (the comparison is case-sensitive)",
      preflight: preflightWith(204, (c) => [exact(c), [ACAM, "GET, POST, PATCH"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "MethodDisallowedByPreflightResponse", failedParameter: "patch" },
  },
  {
    id: "header-authorization-disallowed",
    title: "Authorization header not in Access-Control-Allow-Headers",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { Authorization: "Bearer lab-demo-token" } },
    server: {
      description: "ACAH: content-type",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "content-type"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "authorization" },
  },
  {
    id: "header-x-api-key-disallowed",
    title: "X-Api-Key not in Access-Control-Allow-Headers",
    kind: "broken",
    initiator: "xhr",
    request: { target: "apiB", headers: { "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "ACAH: authorization, content-type",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "authorization, content-type"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" },
  },
  {
    id: "header-content-type-json",
    title: "POST application/json, server allows only X-Requested-With",
    kind: "broken",
    initiator: "fetch",
    request: {
      target: "apiA",
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"lab":true}',
    },
    server: {
      description: "ACAH: x-requested-with",
      preflight: preflightWith(204, (c) => [exact(c), [ACAM, "POST"], [ACAH, "x-requested-with"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "content-type" },
  },
  {
    id: "header-long-safelisted-value",
    title: "Accept header longer than 128 bytes is no longer safelisted",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", headers: { Accept: LONG_ACCEPT } },
    server: {
      description: "ACAH: content-type (the server thinks Accept is always allowed)",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "content-type"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "accept" },
  },
  {
    id: "acah-wildcard-with-credentials",
    title: "ACAH * does not cover X-Api-Key on a credentialed request",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", credentials: "include", headers: { "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "ACAH: * with ACAC: true (the * is a literal header name with credentials)",
      preflight: preflightWith(204, (c) => [...credentialed(c), [ACAH, "*"]]),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" },
  },
  {
    id: "acah-wildcard-authorization",
    title: "ACAH * with an Authorization header (no credentials)",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiB", headers: { Authorization: "Bearer lab-demo-token" } },
    server: {
      description: "ACAH: *, ACAO exact",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "*"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: false },
    note:
      "The Fetch standard says `*` does not cover Authorization (Firefox warns about it), but Chromium 156 " +
      "lets the request through: a portability problem, not a Chromium failure.",
  },
  {
    id: "acam-wildcard-with-credentials",
    title: "ACAM * does not cover PUT on a credentialed request",
    kind: "broken",
    initiator: "fetch",
    request: { ...PUT_TO_A, credentials: "include" },
    server: {
      description: "ACAM: * with ACAC: true",
      preflight: preflightWith(204, (c) => [...credentialed(c), [ACAM, "*"]]),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: true, code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" },
  },
  {
    id: "preflight-ok-actual-500-no-acao",
    title: "Preflight passes, the actual PUT fails with a 500 page without ACAO",
    kind: "broken",
    initiator: "fetch",
    request: PUT_TO_A,
    server: {
      description: "OPTIONS → 204 correct; PUT → 500 without CORS headers (headers only on 2xx)",
      preflight: goodPreflight("PUT", "content-type"),
      response: () => ({ status: 500, body: "<h1>502 Bad Gateway</h1>", contentType: "text/html" }),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },

  // --- Redirects across origins ---
  {
    id: "redirect-hop-missing-acao",
    title: "302 to another origin; the redirect response has no ACAO",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "hop 1 (API A) 302 without ACAO → API B answers with ACAO *",
      response: () => ({ status: 302, redirect: { to: "apiB" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-target-missing-acao",
    title: "Redirect passes, the target origin sends no ACAO",
    kind: "broken",
    initiator: "xhr",
    request: simpleGet,
    server: {
      description: "hop 1 (API A) 307 with ACAO → API B answers without ACAO",
      response: (c) => ({ status: 307, headers: [exact(c)], redirect: { to: "apiB", status: 307 } }),
      hop2: () => ok(),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-tainted-origin",
    title: "After a cross-origin redirect the Origin is 'null', the target still echoes the page origin",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "hop 1 302 with ACAO; hop 2 sends ACAO: <page origin> instead of null/*",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB" } }),
      hop2: (c) => ok([[ACAO, c.origins.pageOrigin]]),
    },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: (o) => o.pageOrigin },
  },
  {
    id: "redirect-contains-credentials",
    title: "Redirect Location carries user:pass@",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "hop 1 302 with ACAO, Location http://user:pass@<API B>/…",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB", userinfo: "labuser:labpass" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: true, code: "RedirectContainsCredentials", failedParameter: "" },
  },

  // --- Redirects that start on the page's own origin, and redirects after a preflight ---
  {
    id: "redirect-same-origin-301-missing-acao",
    title: "Same-origin fetch, 301 to another origin that sends no ACAO",
    kind: "broken",
    initiator: "fetch",
    request: { target: "page" },
    server: {
      description: "page 301 → API A, which answers without ACAO",
      response: () => ({ status: 301, redirect: { to: "apiA", status: 301 } }),
      hop2: () => ok(),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-login-302",
    title: "fetch('/api/me') with an expired session: 302 to the identity provider's login page",
    kind: "broken",
    initiator: "fetch",
    request: { target: "page", pathSuffix: "/api/me" },
    server: {
      description: "page 302 → API B's HTML login page, without CORS headers",
      response: () => ({ status: 302, redirect: { to: "apiB", path: "hop2/login" } }),
      hop2: () => ({ status: 200, body: "<form>Sign in</form>", contentType: "text/html; charset=utf-8" }),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-same-origin-303-post",
    title: "Same-origin POST answered 303 to another origin whose ACAO names another site",
    kind: "broken",
    initiator: "fetch",
    request: { target: "page", method: "POST", body: "lab=1" },
    server: {
      description: "page 303 → API A (the browser follows with GET), ACAO: https://app.example.com",
      response: () => ({ status: 303, redirect: { to: "apiA", status: 303 } }),
      hop2: () => ok([[ACAO, "https://app.example.com"]]),
    },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: "https://app.example.com" },
  },
  {
    id: "redirect-same-origin-307-preflight",
    title: "Same-origin GET with X-Trace-Id and X-Api-Key, 307 to another origin: the preflight after the redirect refuses both",
    kind: "broken",
    initiator: "fetch",
    request: { target: "page", headers: { "X-Trace-Id": "lab-trace", "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "page 307 → API A; API A's preflight allows only content-type",
      response: () => ({ status: 307, redirect: { to: "apiA", status: 307 } }),
      hop2Preflight: preflightWith(204, (c) => [exact(c), [ACAH, "content-type"]]),
      hop2: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" },
    note:
      "Chromium 156 names the first disallowed header in sorted, lower-cased order (x-api-key), not in the order " +
      "the page set them (X-Trace-Id first); the preflight after the redirect carries Origin: <page>, not null.",
  },
  {
    id: "redirect-same-origin-userinfo",
    title: "Same-origin fetch redirected to user:pass@ on another origin",
    kind: "broken",
    initiator: "fetch",
    request: { target: "page" },
    server: {
      description: "page 302, Location http://labuser:labpass@<API B>/…",
      response: () => ({ status: 302, redirect: { to: "apiB", userinfo: "labuser:labpass" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: true, code: "RedirectContainsCredentials", failedParameter: "" },
  },
  {
    id: "redirect-preflight-ok-308-null-refused",
    title: "Preflight passes, the PUT is answered 308 to another origin whose second preflight (Origin: null) is refused",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", method: "PUT", headers: { "X-Lab": "1" }, body: "{}" },
    server: {
      description: "API A: good preflight, PUT → 308 to API B; API B allows only the page origin, so Origin null gets a 403 without ACAO",
      preflight: goodPreflight("PUT", "x-lab"),
      response: (c) => ({ status: 308, headers: [exact(c)], redirect: { to: "apiB", status: 308 } }),
      hop2Preflight: (c) =>
        c.requestOrigin === c.origins.pageOrigin ? goodPreflight("PUT", "x-lab")(c) : { status: 403, body: "origin not allowed" },
      hop2: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-preflight-ok-307-null-mismatch",
    title: "Preflight passes, the PUT is answered 307 to another origin whose second preflight names the page origin",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", method: "PUT", headers: { "X-Lab": "1" }, body: "{}" },
    server: {
      description: "API A: good preflight, PUT → 307 to API B; API B's preflight sends ACAO: <page origin> to Origin: null",
      preflight: goodPreflight("PUT", "x-lab"),
      response: (c) => ({ status: 307, headers: [exact(c)], redirect: { to: "apiB", status: 307 } }),
      hop2Preflight: preflightWith(204, (c) => [[ACAO, c.origins.pageOrigin], [ACAM, "PUT"], [ACAH, "x-lab"]]),
      hop2: (c) => ok([[ACAO, c.origins.pageOrigin]]),
    },
    expected: { blocked: true, code: "PreflightAllowOriginMismatch", failedParameter: (o) => o.pageOrigin },
  },
  {
    id: "redirect-chain-cross-same-cross",
    title: "API A → the page's origin → API B: the origin stays null (tainted) to the end",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "API A 302 (ACAO exact) → page 302 (echoes null) → API B sends ACAO: <page origin>",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "page" } }),
      hop2: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB", path: "hop3" } }),
      hop3: (c) => ok([[ACAO, c.origins.pageOrigin]]),
    },
    expected: { blocked: true, code: "AllowOriginMismatch", failedParameter: (o) => o.pageOrigin },
  },
  {
    id: "redirect-cross-back-to-page-no-acao",
    title: "API A redirects back to the page's own origin, which sends no CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "API A 302 (ACAO exact) → page answers 200 without ACAO (the origin is null by then)",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "page" } }),
      hop2: () => ok(),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-manual-missing-acao",
    title: "fetch with redirect: 'manual', the 302 has no ACAO",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", redirect: "manual" },
    server: {
      description: "API A 302 without ACAO → API B with ACAO *",
      response: () => ({ status: 302, redirect: { to: "apiB" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "redirect-loop-too-many",
    title: "An API that redirects to itself forever, every hop with correct CORS headers",
    kind: "broken",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "API A 302 → API A (the same URL again), ACAO exact on every hop: a redirect loop",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiA", path: "again" } }),
    },
    expected: { blocked: false, failedNotCors: "net::ERR_TOO_MANY_REDIRECTS" },
    note: "Fetch: more than 20 redirects is a network error; Chromium reports net::ERR_TOO_MANY_REDIRECTS without a CORS error.",
  },
  {
    id: "redirect-mode-error-cross-origin",
    title: "fetch with redirect: 'error', answered by a 302 to another origin that passes CORS",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", redirect: "error" },
    server: {
      description: "API A 302 (ACAO exact) → API B with ACAO *; the page asked for redirect: 'error'",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: false, failedNotCors: "net::ERR_FAILED" },
    note: "Chromium 156: no CORS error; webRequest shows onBeforeRedirect, then net::ERR_ABORTED, as for redirect: 'manual'.",
  },
  {
    id: "redirect-mode-error-missing-acao",
    title: "fetch with redirect: 'error', answered by a 302 to another origin without ACAO",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiA", redirect: "error" },
    server: {
      description: "API A 302 without ACAO → API B with ACAO *; the page asked for redirect: 'error'",
      response: () => ({ status: 302, redirect: { to: "apiB" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "header-several-disallowed-xhr",
    title: "XHR sets X-Trace-Id, then X-Api-Key; the preflight allows neither",
    kind: "broken",
    initiator: "xhr",
    request: { target: "apiA", headers: { "X-Trace-Id": "lab-trace", "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "ACAH: content-type",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "content-type"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" },
  },
  {
    id: "header-several-disallowed",
    title: "X-Api-Key and X-Trace-Id, the preflight allows neither",
    kind: "broken",
    initiator: "fetch",
    request: { target: "apiB", headers: { "X-Api-Key": "lab-demo-key", "X-Trace-Id": "lab-trace" } },
    server: {
      description: "ACAH: content-type",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "content-type"]]),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: true, code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" },
  },
];

/** Ten preflighted PUTs started at once, each to its own path with its own failure. */
type ParallelFailure = { code: CorsErrorCode; failedParameter: string } | null;
const PARALLEL: readonly LabCase[] = (
  [
    ["no-acao", noCorsPreflight(204), { code: "PreflightMissingAllowOriginHeader", failedParameter: "" }],
    ["status-404", goodPreflight("PUT", "x-lab", 404), { code: "PreflightInvalidStatus", failedParameter: "" }],
    ["method", preflightWith(204, (c) => [exact(c), [ACAM, "GET"], [ACAH, "x-lab"]]), { code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" }],
    ["header", preflightWith(204, (c) => [exact(c), [ACAM, "PUT"]]), { code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-lab" }],
    ["mismatch", preflightWith(204, () => [[ACAO, "https://other.example"], [ACAM, "PUT"], [ACAH, "x-lab"]]), { code: "PreflightAllowOriginMismatch", failedParameter: "https://other.example" }],
    ["redirect", () => ({ status: 308, headers: [["Location", "/elsewhere"]] }), { code: "PreflightDisallowedRedirect", failedParameter: "" }],
    ["status-500-bare", noCorsPreflight(500), { code: "PreflightMissingAllowOriginHeader", failedParameter: "" }],
    ["bad-methods", preflightWith(204, (c) => [exact(c), [ACAM, "PUT DELETE"], [ACAH, "x-lab"]]), { code: "InvalidAllowMethodsPreflightResponse", failedParameter: "" }],
    ["bad-headers", preflightWith(204, (c) => [exact(c), [ACAM, "PUT"], [ACAH, "x-lab;"]]), { code: "InvalidAllowHeadersPreflightResponse", failedParameter: "" }],
    ["passes", goodPreflight("PUT", "x-lab"), null],
  ] satisfies [string, Responder, ParallelFailure][]
).map(([name, preflight, failure], index): LabCase => ({
  id: `parallel-${index + 1}-${name}`,
  title: `Parallel PUT #${index + 1}: ${failure ? failure.code : "passes"}`,
  kind: failure ? "broken" : "control",
  initiator: "fetch",
  group: "parallel",
  request: { target: index % 2 === 0 ? "apiA" : "apiB", method: "PUT", headers: { "X-Lab": String(index + 1) }, body: "{}" },
  server: { description: `preflight: ${name}`, preflight, response: (c) => ok([exact(c)]) },
  expected: failure ? { blocked: true, ...failure } : { blocked: false },
}));

const CONTROLS: readonly LabCase[] = [
  {
    id: "control-redirect-same-to-cross",
    title: "Same-origin fetch, 308 to another origin that allows the page",
    kind: "control",
    initiator: "fetch",
    request: { target: "page" },
    server: {
      description: "page 308 → API A with ACAO: <page origin> (the origin is not tainted: the redirect left the page's own origin)",
      response: () => ({ status: 308, redirect: { to: "apiA", status: 308 } }),
      hop2: (c) => ok([exact(c), ["Vary", "Origin"]]),
    },
    expected: { blocked: false },
  },
  {
    id: "control-redirect-same-origin-only",
    title: "Same-origin fetch redirected within the page's origin",
    kind: "control",
    initiator: "fetch",
    request: { target: "page" },
    server: {
      description: "page 302 → page, no CORS headers, none needed",
      response: () => ({ status: 302, redirect: { to: "page" } }),
      hop2: () => ok(),
    },
    expected: { blocked: false },
  },
  {
    id: "control-redirect-manual",
    title: "fetch with redirect: 'manual', the 302 allows the page",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiA", redirect: "manual" },
    server: {
      description: "API A 302 with ACAO: <page origin>; the page gets an opaque redirect and the browser does not follow it",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB" } }),
      hop2: () => ok(),
    },
    expected: { blocked: false },
  },
  {
    id: "control-redirect-preflight-twice",
    title: "Preflighted PUT redirected 307 to a public API that allows any origin",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiA", method: "PUT", headers: { "X-Lab": "1" }, body: "{}" },
    server: {
      description: "API A: good preflight, PUT → 307 to API B; API B answers both its preflight and the PUT with ACAO *",
      preflight: goodPreflight("PUT", "x-lab"),
      response: (c) => ({ status: 307, headers: [exact(c)], redirect: { to: "apiB", status: 307 } }),
      hop2Preflight: () => ({ status: 204, headers: [[ACAO, "*"], [ACAM, "PUT"], [ACAH, "x-lab"], [MAX_AGE, "0"]] }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: false },
  },
  {
    id: "control-simple-get",
    title: "Simple GET with the exact origin in ACAO",
    kind: "control",
    initiator: "fetch",
    request: simpleGet,
    server: { description: "ACAO: <origin>, Vary: Origin", response: (c) => ok([exact(c), ["Vary", "Origin"]]) },
    expected: { blocked: false },
  },
  {
    id: "control-wildcard",
    title: "ACAO * without credentials",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiB" },
    server: { description: "ACAO: *", response: () => ok([[ACAO, "*"]]) },
    expected: { blocked: false },
  },
  {
    id: "control-preflight-credentials",
    title: "Credentialed PUT with Authorization and X-Api-Key, full preflight",
    kind: "control",
    initiator: "fetch",
    request: {
      ...PUT_TO_A,
      credentials: "include",
      headers: { Authorization: "Bearer lab-demo-token", "X-Api-Key": "lab-demo-key", "Content-Type": "application/json" },
    },
    server: {
      description: "OPTIONS → 204 with exact ACAO, ACAC true, ACAM PUT, ACAH listing every header",
      preflight: goodPreflight("GET, PUT", "authorization, x-api-key, content-type"),
      response: (c) => ok(credentialed(c)),
    },
    expected: { blocked: false },
  },
  {
    id: "control-redirect-allowed",
    title: "Cross-origin redirect done right",
    kind: "control",
    initiator: "fetch",
    request: simpleGet,
    server: {
      description: "hop 1 302 with exact ACAO → API B with ACAO *",
      response: (c) => ({ status: 302, headers: [exact(c)], redirect: { to: "apiB" } }),
      hop2: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: false },
  },
  {
    id: "control-font",
    title: "@font-face with ACAO *",
    kind: "control",
    initiator: "font",
    request: { target: "apiB" },
    server: { description: "font with ACAO: *", response: () => font([[ACAO, "*"]]) },
    expected: { blocked: false },
    note: "The body is not a real font: the page reports a decode error, Chromium's network verdict is 'allowed'.",
  },
  {
    id: "control-same-origin",
    title: "Same-origin fetch (CORS does not apply)",
    kind: "control",
    initiator: "fetch",
    request: { target: "page" },
    server: { description: "no CORS headers, none needed", response: () => ok() },
    expected: { blocked: false },
  },
  {
    id: "control-no-cors-image",
    title: "<img> without crossorigin (no-cors), no ACAO",
    kind: "control",
    initiator: "img-no-cors",
    request: { target: "apiB" },
    server: { description: "no CORS headers, none needed", response: () => image() },
    expected: { blocked: false },
  },
  {
    id: "control-preflight-cached",
    title: "Two PUTs to the same URL: the second one reuses the cached preflight",
    kind: "control",
    initiator: "fetch",
    request: { ...PUT_TO_A, repeat: 2 },
    server: {
      description: "OPTIONS → 204 with Access-Control-Max-Age: 600",
      preflight: (c) => ({ status: 204, headers: [exact(c), [ACAM, "PUT"], [MAX_AGE, "600"]] }),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: false },
  },
  {
    id: "control-preflight-cache-bypassed",
    title: "Two PUTs with cache: 'no-store': each sends its own preflight despite Max-Age",
    kind: "control",
    initiator: "fetch",
    request: { ...PUT_TO_A, repeat: 2, cache: "no-store" },
    server: {
      description: "OPTIONS → 204 with Access-Control-Max-Age: 600",
      preflight: (c) => ({ status: 204, headers: [exact(c), [ACAM, "PUT"], [MAX_AGE, "600"]] }),
      response: (c) => ok([exact(c)]),
    },
    expected: { blocked: false },
    note: "Observed in Chromium 156: a fetch with cache 'no-store' bypasses the preflight cache (2 OPTIONS).",
  },
  {
    id: "control-xhr-credentials",
    title: "XHR withCredentials with exact ACAO and ACAC true",
    kind: "control",
    initiator: "xhr",
    request: { target: "apiA", credentials: "include" },
    server: { description: "ACAO exact, ACAC true", response: (c) => ok(credentialed(c)) },
    expected: { blocked: false },
  },
  {
    id: "control-module-script",
    title: "<script type=module> with ACAO *",
    kind: "control",
    initiator: "script-module",
    request: { target: "apiB" },
    server: { description: "ACAO: *", response: () => moduleScript([[ACAO, "*"]]) },
    expected: { blocked: false },
  },
  {
    id: "control-img-crossorigin",
    title: "<img crossorigin> with exact ACAO",
    kind: "control",
    initiator: "img-crossorigin",
    request: { target: "apiA" },
    server: { description: "ACAO exact", response: (c) => image([exact(c)]) },
    expected: { blocked: false },
  },
  {
    id: "control-stylesheet-crossorigin",
    title: "<link rel=stylesheet crossorigin> with ACAO *",
    kind: "control",
    initiator: "stylesheet-crossorigin",
    request: { target: "apiB" },
    server: { description: "ACAO: *", response: () => stylesheet([[ACAO, "*"]]) },
    expected: { blocked: false },
  },
  {
    id: "control-acah-wildcard",
    title: "ACAH * covers X-Api-Key without credentials",
    kind: "control",
    initiator: "fetch",
    request: { target: "apiB", headers: { "X-Api-Key": "lab-demo-key" } },
    server: {
      description: "ACAO *, ACAH *",
      preflight: () => ({ status: 204, headers: [[ACAO, "*"], [ACAH, "*"]] }),
      response: () => ok([[ACAO, "*"]]),
    },
    expected: { blocked: false },
  },
];

/** Values that must pass through capture and the report as inert text. */
const HOSTILE: readonly LabCase[] = [
  {
    id: "hostile-markup",
    title: "URL and header values full of markup",
    kind: "hostile",
    initiator: "fetch",
    request: {
      target: "apiA",
      pathSuffix: `/${encodeURIComponent(HOSTILE_MARKUP)}`,
      query: { q: HOSTILE_BREAKOUT, html: HOSTILE_MARKUP },
      headers: { "X-Lab-Note": HOSTILE_BREAKOUT },
    },
    server: {
      description: "ACAO and X-Lab-Note are HTML/script",
      preflight: (c) => ({ status: 204, headers: [exact(c), [ACAH, "x-lab-note"]] }),
      response: () => ok([[ACAO, HOSTILE_BREAKOUT], ["X-Lab-Note", HOSTILE_MARKUP]], HOSTILE_MARKUP),
    },
    expected: { blocked: true, code: "InvalidAllowOriginValue", failedParameter: HOSTILE_BREAKOUT },
  },
  {
    id: "hostile-control-chars",
    title: "Response header values with control characters",
    kind: "hostile",
    initiator: "fetch",
    request: { target: "apiB" },
    server: {
      description: "raw bytes: BEL, ESC sequences, DEL and a vertical tab in header values; ACAO has an ESC",
      response: () => ({
        raw: true,
        status: 200,
        headers: [
          ["X-Lab-Control", "bell\x07 esc\x1b[31mred\x1b[0m del\x7f vt\x0b end"],
          [ACAO, "\x1b[2J"],
        ],
      }),
    },
    expected: { blocked: true, code: "InvalidAllowOriginValue", failedParameter: "\x1b[2J" },
  },
  {
    id: "hostile-huge-header",
    title: "A 100 KB response header, and a 100 KB ACAO",
    kind: "hostile",
    initiator: "fetch",
    request: { target: "apiA" },
    server: {
      description: "X-Lab-Big: 100 KB of 'A'; ACAO: https:// followed by 100 KB",
      response: () =>
        ok([
          ["X-Lab-Big", "A".repeat(HUGE_HEADER_BYTES)],
          [ACAO, `https://${"b".repeat(HUGE_HEADER_BYTES)}.example`],
        ]),
    },
    expected: {
      blocked: true,
      code: "AllowOriginMismatch",
      failedParameter: `https://${"b".repeat(HUGE_HEADER_BYTES)}.example`,
    },
  },
  {
    id: "hostile-non-ascii",
    title: "Percent-encoded UTF-8 in the URL, latin1 bytes in header values",
    kind: "hostile",
    initiator: "fetch",
    request: { target: "apiB", pathSuffix: "/caf%C3%A9/%E2%9C%93", query: { name: "Zoë ☃" } },
    server: {
      description: "raw latin1 bytes: ACAO http://café.example (é as byte 0xE9)",
      response: () => ({ raw: true, status: 200, headers: [["X-Lab-Latin1", "na\xefve caf\xe9"], [ACAO, "http://caf\xe9.example"]] }),
    },
    expected: { blocked: true, code: "InvalidAllowOriginValue", failedParameter: "" },
    note:
      "A non-UTF-8 byte in ACAO: Chromium reports InvalidAllowOriginValue with an empty failedParameter " +
      "(the value does not survive the conversion to a DevTools string).",
  },
];

/** Requests carrying secrets that must never be stored or reported. */
const SECRETS: readonly LabCase[] = [
  {
    id: "secret-authorization",
    title: "Bearer token in Authorization; the response lacks ACAO",
    kind: "secret",
    initiator: "fetch",
    request: { target: "apiA", headers: { Authorization: `Bearer ${SECRET_MARKERS.authorization}` } },
    server: {
      description: "preflight allows Authorization, the GET answers without ACAO",
      preflight: preflightWith(204, (c) => [exact(c), [ACAH, "authorization"]]),
      response: () => ok([], SECRET_MARKERS.authorization),
    },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
  {
    id: "secret-cookie",
    title: "Cookie set by the API origin, sent with credentials: include; ACAC missing",
    kind: "secret",
    initiator: "fetch",
    request: { target: "apiA", credentials: "include", setupCookie: true },
    server: {
      description: "the cookie endpoint sets lab_session; this GET echoes ACAO but omits ACAC",
      response: (c) => ok([exact(c), ["Set-Cookie", `lab_refresh=${SECRET_MARKERS.cookie}; Path=/; SameSite=Lax`]]),
    },
    expected: { blocked: true, code: "InvalidAllowCredentials", failedParameter: "" },
  },
  {
    id: "secret-query-token",
    title: "?token= secret in the query; no ACAO",
    kind: "secret",
    initiator: "fetch",
    request: { target: "apiB", query: { token: SECRET_MARKERS.queryToken } },
    server: { description: "no ACAO", response: () => ok() },
    expected: { blocked: true, code: "MissingAllowOriginHeader", failedParameter: "" },
  },
];

export const LAB_CASES: readonly LabCase[] = [...BROKEN, ...CACHE_CASES, ...PARALLEL, ...CONTROLS, ...HOSTILE, ...SECRETS];

export function findCase(id: string, cases: readonly LabCase[] = LAB_CASES): LabCase | undefined {
  return cases.find((labCase) => labCase.id === id);
}

function resolveExpected(expected: LabCase["expected"], origins: LabOrigins): ResolvedExpected {
  if (!expected.blocked) return expected;
  const parameter = expected.failedParameter;
  return { ...expected, failedParameter: typeof parameter === "function" ? parameter(origins) : parameter };
}

function originOf(target: LabCase["request"]["target"], origins: LabOrigins): string {
  if (target === "page") return origins.pageOrigin;
  return target === "apiA" ? origins.apiA : origins.apiB;
}

export function caseUrl(labCase: LabCase, origins: LabOrigins): string {
  return `${originOf(labCase.request.target, origins)}/case/${labCase.id}${labCase.request.pathSuffix ?? ""}`;
}

export function resolveCase(labCase: LabCase, origins: LabOrigins): ResolvedCase {
  const { target: _target, pathSuffix: _pathSuffix, setupCookie, ...request } = labCase.request;
  return {
    id: labCase.id,
    title: labCase.title,
    kind: labCase.kind,
    initiator: labCase.initiator,
    ...(labCase.group ? { group: labCase.group } : {}),
    ...(labCase.note ? { note: labCase.note } : {}),
    ...(labCase.lnaPage ? { lnaPage: labCase.lnaPage } : {}),
    misbehaviour: labCase.server.description,
    url: caseUrl(labCase, origins),
    target: labCase.request.target,
    ...(setupCookie ? { setupUrl: `${originOf(labCase.request.target, origins)}/lab/set-cookie` } : {}),
    ...(labCase.request.prime === "frame-fetch" ? { primeFrameUrl: `${origins.apiA}/lab/frame.html` } : {}),
    request,
    expected: resolveExpected(labCase.expected, origins),
  };
}
