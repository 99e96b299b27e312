// One row per case: what the capture layer observed → Chromium's verdict, code and failedParameter.
// Rows marked "Chromium 156" were observed live over CDP (Network.loadingFailed.corsErrorStatus).
import { describe, expect, it } from "vitest";
import { diagnose, PRODUCIBLE_CODES, type Diagnosis, type ObservedExchange, type Verdict } from "../../src/engine";
import { allowAll, answered, API, DATA_URL, exchange, PAGE, redirect, respond } from "./fixtures";

interface Row {
  readonly name: string;
  readonly exchange: ObservedExchange;
  readonly verdict: Verdict;
  readonly code?: string;
  readonly failedParameter?: string;
}

const ACAO = "Access-Control-Allow-Origin";
const ACAC = "Access-Control-Allow-Credentials";
const ACAM = "Access-Control-Allow-Methods";
const ACAH = "Access-Control-Allow-Headers";
function withoutPreflightAnswer(observed: ObservedExchange): ObservedExchange {
  return { ...observed, preflight: { url: observed.url, requestHeaders: observed.preflight?.requestHeaders ?? [] } };
}
const blockedAt = (status: number, spec: Record<string, string | string[]> = {}) => ({ blocked: true, response: respond(status, spec) });

const rows: Row[] = [
  // ── The table (Chromium 156) ──
  { name: "GET, no ACAO", exchange: exchange(blockedAt(200)), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  { name: "GET, ACAO http://example.com", exchange: exchange(blockedAt(200, { [ACAO]: "http://example.com" })), verdict: "blocked", code: "AllowOriginMismatch", failedParameter: "http://example.com" },
  { name: "GET with credentials, ACAO *", exchange: exchange({ cookie: true, ...blockedAt(200, { [ACAO]: "*" }) }), verdict: "blocked", code: "WildcardOriginNotAllowed", failedParameter: "" },
  { name: "preflight 404 without ACAO", exchange: exchange({ method: "PUT", preflight: answered(404), blocked: true }), verdict: "blocked", code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  { name: "preflight 404 with correct ACAO", exchange: exchange({ method: "PUT", preflight: answered(404, { [ACAO]: PAGE }), blocked: true }), verdict: "blocked", code: "PreflightInvalidStatus", failedParameter: "" },
  { name: "preflight 204 without ACAO", exchange: exchange({ method: "PUT", preflight: answered(204), blocked: true }), verdict: "blocked", code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  {
    name: "preflight lacks authorization in ACAH",
    exchange: exchange({ pageHeaders: { Authorization: "[redacted]", "Content-Type": "application/json" }, method: "POST", preflight: answered(204, { [ACAO]: PAGE, [ACAH]: "content-type" }), blocked: true }),
    verdict: "blocked", code: "HeaderDisallowedByPreflightResponse", failedParameter: "authorization",
  },
  { name: "PUT, ACAM GET, POST", exchange: exchange({ method: "PUT", preflight: answered(204, { [ACAO]: PAGE, [ACAM]: "GET, POST" }), blocked: true }), verdict: "blocked", code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" },
  { name: "method patch (not normalized), ACAM PATCH", exchange: exchange({ method: "patch", preflight: answered(204, { [ACAO]: PAGE, [ACAM]: "PATCH" }), blocked: true }), verdict: "blocked", code: "MethodDisallowedByPreflightResponse", failedParameter: "patch" },
  { name: "ACAO o1, o2", exchange: exchange(blockedAt(200, { [ACAO]: "http://a.test, http://b.test" })), verdict: "blocked", code: "MultipleAllowOriginValues", failedParameter: "http://a.test, http://b.test" },
  { name: "preflight answered with 302", exchange: exchange({ method: "PUT", preflight: answered(302, { Location: `${API}/login` }), blocked: true }), verdict: "blocked", code: "PreflightDisallowedRedirect", failedParameter: "" },
  { name: "credentials, exact ACAO, no ACAC", exchange: exchange(blockedAt(200, { [ACAO]: PAGE })), verdict: "blocked", code: "InvalidAllowCredentials", failedParameter: "" },
  { name: "ACAC TRUE", exchange: exchange({ cookie: true, ...blockedAt(200, { [ACAO]: PAGE, [ACAC]: "TRUE" }) }), verdict: "blocked", code: "InvalidAllowCredentials", failedParameter: "TRUE" },
  {
    name: "PUT + credentials, all headers right",
    exchange: exchange({ method: "PUT", cookie: true, pageHeaders: { "X-Token": "1" }, preflight: answered(204, allowAll("PUT", ["x-token"], true)), response: respond(200, { [ACAO]: PAGE, [ACAC]: "true", Vary: "Origin" }) }),
    verdict: "allowed",
  },
  { name: "GET with ACAO *", exchange: exchange({ response: respond(200, { [ACAO]: "*" }) }), verdict: "allowed" },

  // ── Allow-Origin variants (Chromium 156) ──
  { name: "ACAO * and ACAC true, credentials inferred (Chromium 156)", exchange: exchange(blockedAt(200, { [ACAO]: "*", [ACAC]: "true" })), verdict: "blocked", code: "WildcardOriginNotAllowed", failedParameter: "" },
  { name: "ACAO * without a Cookie, ERR_FAILED → credentials inferred", exchange: exchange(blockedAt(200, { [ACAO]: "*" })), verdict: "blocked", code: "WildcardOriginNotAllowed", failedParameter: "" },
  { name: "two ACAO lines are joined with ', '", exchange: exchange(blockedAt(200, { [ACAO]: [PAGE, PAGE] })), verdict: "blocked", code: "MultipleAllowOriginValues", failedParameter: `${PAGE}, ${PAGE}` },
  { name: "ACAO foo is not a URL", exchange: exchange(blockedAt(200, { [ACAO]: "foo" })), verdict: "blocked", code: "InvalidAllowOriginValue", failedParameter: "foo" },
  { name: "ACAO empty", exchange: exchange(blockedAt(200, { [ACAO]: "" })), verdict: "blocked", code: "InvalidAllowOriginValue", failedParameter: "" },
  { name: "ACAO with a space counts as multiple", exchange: exchange(blockedAt(200, { [ACAO]: "not a url" })), verdict: "blocked", code: "MultipleAllowOriginValues", failedParameter: "not a url" },
  { name: "ACAO with a trailing slash", exchange: exchange(blockedAt(200, { [ACAO]: `${PAGE}/` })), verdict: "blocked", code: "AllowOriginMismatch", failedParameter: `${PAGE}/` },
  { name: "ACAO null (Chromium 156)", exchange: exchange(blockedAt(200, { [ACAO]: "null" })), verdict: "blocked", code: "AllowOriginMismatch", failedParameter: "null" },
  { name: "ACAC duplicated: 'true, true'", exchange: exchange({ cookie: true, ...blockedAt(200, { [ACAO]: PAGE, [ACAC]: ["true", "true"] }) }), verdict: "blocked", code: "InvalidAllowCredentials", failedParameter: "true, true" },
  { name: "500 without ACAO", exchange: exchange(blockedAt(500)), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  { name: "exact ACAO, ACAC true, credentials", exchange: exchange({ cookie: true, response: respond(200, { [ACAO]: PAGE, [ACAC]: "true" }) }), verdict: "allowed" },

  // ── Preflight variants ──
  { name: "preflight ACAO * with credentials (Chromium 156)", exchange: exchange({ method: "PUT", preflight: answered(204, { [ACAO]: "*", [ACAC]: "true", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "PreflightWildcardOriginNotAllowed", failedParameter: "" },
  { name: "preflight ACAC yes (Chromium 156)", exchange: exchange({ method: "PUT", preflight: answered(204, { [ACAO]: PAGE, [ACAC]: "yes", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "PreflightInvalidAllowCredentials", failedParameter: "yes" },
  { name: "preflight ACAO mismatch", exchange: exchange({ method: "DELETE", preflight: answered(204, { [ACAO]: "https://app.test" }), blocked: true }), verdict: "blocked", code: "PreflightAllowOriginMismatch", failedParameter: "https://app.test" },
  { name: "preflight ACAO multiple", exchange: exchange({ method: "DELETE", preflight: answered(204, { [ACAO]: [PAGE, "*"] }), blocked: true }), verdict: "blocked", code: "PreflightMultipleAllowOriginValues", failedParameter: `${PAGE}, *` },
  { name: "preflight ACAO invalid", exchange: exchange({ method: "DELETE", preflight: answered(204, { [ACAO]: "localhost" }), blocked: true }), verdict: "blocked", code: "PreflightInvalidAllowOriginValue", failedParameter: "localhost" },
  { name: "preflight 500 with ACAO * (Chromium 156)", exchange: exchange({ method: "DELETE", preflight: answered(500, { [ACAO]: "*" }), blocked: true }), verdict: "blocked", code: "PreflightInvalidStatus", failedParameter: "" },
  { name: "preflight 302 without Location is not a redirect (Chromium 156)", exchange: exchange({ method: "PUT", preflight: answered(302, { [ACAO]: "*", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "PreflightInvalidStatus", failedParameter: "" },
  { name: "preflight 304 is not a redirect (Chromium 156)", exchange: exchange({ method: "PUT", preflight: answered(304, { [ACAO]: "*" }), blocked: true }), verdict: "blocked", code: "PreflightInvalidStatus", failedParameter: "" },
  { name: "preflight 401 without ACAO", exchange: exchange({ method: "PUT", preflight: answered(401), blocked: true }), verdict: "blocked", code: "PreflightMissingAllowOriginHeader", failedParameter: "" },
  { name: "ACAH not a token list (Chromium 156)", exchange: exchange({ method: "PUT", pageHeaders: { "x-a": "1" }, preflight: answered(204, { [ACAO]: "*", [ACAH]: "x-a, x b", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "InvalidAllowHeadersPreflightResponse", failedParameter: "" },
  { name: "ACAM not a token list", exchange: exchange({ method: "PUT", preflight: answered(204, { [ACAO]: "*", [ACAM]: "PUT;" }), blocked: true }), verdict: "blocked", code: "InvalidAllowMethodsPreflightResponse", failedParameter: "" },
  { name: "ACAM parse error wins over ACAH parse error", exchange: exchange({ method: "PUT", pageHeaders: { "x-a": "1" }, preflight: answered(204, { [ACAO]: "*", [ACAM]: "P(T", [ACAH]: "x a" }), blocked: true }), verdict: "blocked", code: "InvalidAllowMethodsPreflightResponse", failedParameter: "" },
  {
    name: "ACAM/ACAH with empty items parse (Chromium 156)",
    exchange: exchange({ method: "PUT", pageHeaders: { "x-a": "1" }, preflight: answered(204, { [ACAO]: "*", [ACAH]: "x-a,,x-b", [ACAM]: "PUT,,GET" }), response: respond(200, { [ACAO]: "*" }) }),
    verdict: "allowed",
  },
  {
    name: "ACAH * covers authorization without credentials (Chromium 156)",
    exchange: exchange({ method: "PUT", pageHeaders: { Authorization: "[redacted]" }, preflight: answered(204, { [ACAO]: "*", [ACAH]: "*", [ACAM]: "*" }), response: respond(200, { [ACAO]: "*" }) }),
    verdict: "allowed",
  },
  {
    name: "ACAH * does not count with credentials (Chromium 156)",
    exchange: exchange({ method: "POST", pageHeaders: { Authorization: "[redacted]" }, preflight: answered(204, { [ACAO]: PAGE, [ACAC]: "true", [ACAH]: "*", [ACAM]: "*" }), blocked: true }),
    verdict: "blocked", code: "HeaderDisallowedByPreflightResponse", failedParameter: "authorization",
  },
  {
    name: "ACAM * does not count with credentials; method checked before headers (Chromium 156)",
    exchange: exchange({ method: "PUT", pageHeaders: { "x-foo": "1" }, preflight: answered(204, { [ACAO]: PAGE, [ACAC]: "true", [ACAH]: "*", [ACAM]: "*" }), blocked: true }),
    verdict: "blocked", code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT",
  },
  { name: "first missing header in sorted order (Chromium 156)", exchange: exchange({ method: "PUT", pageHeaders: { "x-zz": "1", "x-aa": "1" }, preflight: answered(204, { [ACAO]: "*", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-aa" },
  { name: "content-type application/json needs ACAH (Chromium 156)", exchange: exchange({ method: "POST", pageHeaders: { "content-type": "application/json", "x-b": "1" }, preflight: answered(204, { [ACAO]: "*", [ACAM]: "PUT" }), blocked: true }), verdict: "blocked", code: "HeaderDisallowedByPreflightResponse", failedParameter: "content-type" },
  { name: "ACAM lists 'put' for PUT: case-sensitive (Chromium 156)", exchange: exchange({ method: "PUT", preflight: answered(204, { [ACAO]: "*", [ACAM]: "put" }), blocked: true }), verdict: "blocked", code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" },
  { name: "PATCH listed as PATCH", exchange: exchange({ method: "PATCH", preflight: answered(204, { [ACAO]: "*", [ACAM]: "GET, PATCH" }), response: respond(200, { [ACAO]: "*" }) }), verdict: "allowed" },
  { name: "preflight passes, actual response lacks ACAO", exchange: exchange({ method: "DELETE", preflight: answered(204, allowAll("DELETE", [], false)), ...blockedAt(200) }), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },

  // ── Redirects ──
  {
    name: "redirect Location with user:pass@ (Chromium 156)",
    exchange: exchange({ blocked: true, response: redirect(302, "http://u:p@api.test:8080/next", { [ACAO]: "*" }) }),
    verdict: "blocked", code: "RedirectContainsCredentials", failedParameter: "",
  },
  {
    name: "redirect with user:pass@ but no ACAO: the CORS check runs first (Chromium 156)",
    exchange: exchange({ blocked: true, response: redirect(302, "http://u:p@api.test:8080/next") }),
    verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "",
  },
  { name: "redirect to ftp: (Chromium 156)", exchange: exchange({ blocked: true, response: redirect(302, "ftp://api.test/x", { [ACAO]: "*" }) }), verdict: "blocked", code: "CorsDisabledScheme", failedParameter: "" },
  {
    name: "cross-origin redirect taints the origin to null (Chromium 156)",
    exchange: exchange({
      originHeader: "null",
      redirects: [redirect(302, "http://other.test:8080/echo", { [ACAO]: "*" })],
      ...blockedAt(200, { [ACAO]: PAGE }),
      response: respond(200, { [ACAO]: PAGE }, "http://other.test:8080/echo"),
    }),
    verdict: "blocked", code: "AllowOriginMismatch", failedParameter: PAGE,
  },
  {
    name: "followed redirect with ACAO * on each hop",
    exchange: exchange({ redirects: [redirect(301, `${API}/v2/data`, { [ACAO]: "*" })], response: respond(200, { [ACAO]: "*" }, `${API}/v2/data`) }),
    verdict: "allowed",
  },
  {
    name: "relative Location is resolved, not a disabled scheme",
    exchange: exchange({ redirects: [redirect(302, "/v2/data", { [ACAO]: "*" })], response: respond(200, { [ACAO]: "*" }, `${API}/v2/data`) }),
    verdict: "allowed",
  },
  { name: "relative Location on a refused redirect", exchange: exchange({ blocked: true, response: redirect(302, "/v2/data") }), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  {
    name: "redacted user:password in Location still counts",
    exchange: exchange({ blocked: true, response: redirect(302, "http://u:REDACTED@api.test:8080/next", { [ACAO]: "*" }) }),
    verdict: "blocked", code: "RedirectContainsCredentials", failedParameter: "",
  },
  { name: "redirect hop without ACAO is refused", exchange: exchange({ blocked: true, response: redirect(301, `${API}/v2/data`) }), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  {
    name: "same-origin request redirected cross-origin keeps the page's Origin (Chromium 156)",
    exchange: exchange({ url: `${PAGE}/api`, redirects: [redirect(302, DATA_URL, {}, `${PAGE}/api`)], response: respond(200, { [ACAO]: PAGE }) }),
    verdict: "allowed",
  },
  {
    name: "same-origin request redirected cross-origin: CORS applies from there",
    exchange: exchange({ url: `${PAGE}/api`, redirects: [redirect(302, DATA_URL, {}, `${PAGE}/api`)], ...blockedAt(200) }),
    verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "",
  },

  // ── Not CORS, or not a CORS failure ──
  { name: "DNS failure", exchange: exchange({ error: "net::ERR_NAME_NOT_RESOLVED" }), verdict: "unrelated-failure" },
  { name: "connection refused", exchange: exchange({ error: "net::ERR_CONNECTION_REFUSED" }), verdict: "unrelated-failure" },
  { name: "preflight connection refused", exchange: exchange({ method: "PUT", preflightError: "net::ERR_CONNECTION_REFUSED", error: "net::ERR_FAILED" }), verdict: "unrelated-failure" },
  { name: "blocked by an ad blocker", exchange: exchange({ error: "net::ERR_BLOCKED_BY_CLIENT" }), verdict: "unrelated-failure" },
  {
    name: "20 redirects with correct CORS headers, then net::ERR_TOO_MANY_REDIRECTS (Chromium 156: no CORS error)",
    exchange: exchange({
      redirects: Array.from({ length: 20 }, () => redirect(302, `${API}/again`, { [ACAO]: PAGE }, `${API}/again`)),
      response: redirect(302, `${API}/again`, { [ACAO]: PAGE }, `${API}/again`),
      error: "net::ERR_TOO_MANY_REDIRECTS",
    }),
    verdict: "unrelated-failure",
  },
  { name: "aborted", exchange: exchange({ error: "net::ERR_ABORTED" }), verdict: "unrelated-failure" },
  { name: "unknown error string", exchange: exchange({ error: "net::ERR_SOMETHING_NEW" }), verdict: "unrelated-failure" },
  { name: "ORB on a no-cors image", exchange: exchange({ resourceType: "image", originHeader: null, extraRequestHeaders: { "Sec-Fetch-Mode": "no-cors" }, error: "net::ERR_BLOCKED_BY_ORB" }), verdict: "unrelated-failure" },
  { name: "websocket handshake", exchange: exchange({ resourceType: "websocket", url: "ws://api.test:8080/socket", response: respond(101, {}, "ws://api.test:8080/socket") }), verdict: "not-cors" },
  {
    name: "cached preflight: page-set Authorization without OPTIONS is not taken as credentials",
    exchange: exchange({ method: "PUT", pageHeaders: { Authorization: "[redacted]" }, response: respond(200, { [ACAO]: "*" }) }),
    verdict: "allowed",
  },
  { name: "navigation", exchange: exchange({ resourceType: "main_frame", originHeader: null, response: respond(200) }), verdict: "not-cors" },
  { name: "same-origin fetch", exchange: exchange({ url: `${PAGE}/api`, originHeader: null, response: respond(200, {}, `${PAGE}/api`) }), verdict: "not-cors" },
  { name: "image without Origin", exchange: exchange({ resourceType: "image", originHeader: null, extraRequestHeaders: { Accept: "image/*" }, response: respond(200) }), verdict: "not-cors" },
  { name: "Sec-Fetch-Mode: no-cors", exchange: exchange({ resourceType: "script", extraRequestHeaders: { "Sec-Fetch-Mode": "no-cors" }, response: respond(200) }), verdict: "not-cors" },
  { name: "Sec-Fetch-Mode: cors over https", exchange: exchange({ url: "https://api.test/data", extraRequestHeaders: { "Sec-Fetch-Mode": "cors" }, blocked: true, response: respond(200, {}, "https://api.test/data") }), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  { name: "script with crossorigin, no ACAO", exchange: exchange({ resourceType: "script", ...blockedAt(200) }), verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" },
  { name: "simple POST text/plain, ACAO exact", exchange: exchange({ method: "POST", pageHeaders: { "Content-Type": "text/plain;charset=UTF-8" }, response: respond(200, { [ACAO]: PAGE }) }), verdict: "allowed" },

  // ── Local Network Access ──
  { name: "LNA from an insecure public page", exchange: exchange({ origin: "http://public.example", url: "http://192.168.1.20/api", error: "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS" }), verdict: "blocked", code: "InsecureLocalNetwork", failedParameter: "" },
  { name: "LNA permission denied for a secure page", exchange: exchange({ origin: "https://public.example", url: "http://10.0.0.5/api", error: "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS", ip: "10.0.0.5" }), verdict: "blocked", code: "LocalNetworkAccessPermissionDenied", failedParameter: "" },
  { name: "legacy PNA error string", exchange: exchange({ origin: "https://public.example", url: "http://localhost:3000/api", error: "net::ERR_BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS" }), verdict: "blocked", code: "LocalNetworkAccessPermissionDenied", failedParameter: "" },

  // ── Cannot tell ──
  { name: "ERR_FAILED although every check passes in both modes", exchange: exchange(blockedAt(200, { [ACAO]: PAGE, [ACAC]: "true" })), verdict: "unknown" },
  { name: "completed although the headers would fail", exchange: exchange({ response: respond(200) }), verdict: "unknown" },
  { name: "preflight answer not observed", exchange: withoutPreflightAnswer(exchange({ method: "PUT", preflight: answered(204), blocked: true })), verdict: "unknown" },
  { name: "ERR_FAILED before anything was observed", exchange: exchange({ method: "GET", blocked: true }), verdict: "unknown" },
  { name: "completed without any response headers", exchange: exchange({}), verdict: "unknown" },
  { name: "still in flight", exchange: { ...exchange({ response: respond(200, { [ACAO]: "*" }) }), completed: false }, verdict: "unknown" },
];

describe("diagnose: verdict table", () => {
  it("has at least 40 rows", () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it("covers every code the engine can produce", () => {
    const covered = new Set(rows.map((row) => row.code));
    expect(PRODUCIBLE_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it.each(rows)("$name → $verdict $code", (row) => {
    const diagnosis: Diagnosis = diagnose(row.exchange);
    expect({ verdict: diagnosis.verdict, code: diagnosis.code, failedParameter: diagnosis.failedParameter }).toEqual({
      verdict: row.verdict,
      code: row.code,
      failedParameter: row.failedParameter,
    });
  });
});

