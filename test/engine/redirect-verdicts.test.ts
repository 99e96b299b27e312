// diagnose() on redirect chains shaped as the capture records them in Chromium 156 (the lab's
// redirect cases): Chromium's code and failedParameter, and words that name the page, the redirect
// and where the fix belongs.
import { describe, expect, it } from "vitest";
import { diagnose, type HeaderField, type ObservedExchange, type ObservedPreflight } from "../../src/engine";
import { headers, type HeaderSpec } from "./fixtures";

const PAGE = "http://localhost:5173";
const A = "http://localhost:8081";
const B = "http://127.0.0.1:8082";
const CORS: HeaderSpec = { "Sec-Fetch-Mode": "cors" };

const preflight = (url: string, origin: string, method: string, requested: string, status: number, spec: HeaderSpec = {}): ObservedPreflight => ({
  url,
  requestHeaders: headers({ Origin: origin, "Access-Control-Request-Method": method, ...(requested ? { "Access-Control-Request-Headers": requested } : {}) }),
  response: { url, status, headers: headers(spec) },
});
const base = (url: string, method = "GET"): Pick<ObservedExchange, "url" | "method" | "resourceType" | "initiator" | "completed"> => ({
  url,
  method,
  resourceType: "xmlhttprequest",
  initiator: PAGE,
  completed: false,
});
const sentWith = (spec: HeaderSpec): HeaderField[] => headers(spec);

interface Row {
  readonly name: string;
  readonly exchange: ObservedExchange;
  readonly verdict: string;
  readonly code?: string;
  readonly failedParameter?: string;
  readonly explains?: readonly RegExp[];
  readonly fix?: RegExp;
  readonly redirectKind?: string;
}

const rows: Row[] = [
  {
    name: "redirect-same-origin-301-missing-acao",
    exchange: {
      ...base(`${PAGE}/x`),
      requestHeaders: sentWith({ ...CORS, Origin: PAGE }),
      requestHeadersSent: true,
      redirects: [{ url: `${PAGE}/x`, status: 301, location: `${A}/hop2`, headers: headers({ Location: `${A}/hop2` }) }],
      response: { url: `${A}/hop2`, status: 200, headers: [] },
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "MissingAllowOriginHeader",
    failedParameter: "",
    explains: [/started on the page's own origin/, new RegExp(`The page at ${PAGE} requested`)],
    fix: /keep the API on the page's origin/,
    redirectKind: "left-page-origin",
  },
  {
    name: "redirect-login-302",
    exchange: {
      ...base(`${PAGE}/api/me`),
      requestHeaders: sentWith({ ...CORS, Origin: PAGE }),
      requestHeadersSent: true,
      redirects: [{ url: `${PAGE}/api/me`, status: 302, location: `${B}/login?return_to=%2Fapi%2Fme`, headers: headers({ Location: `${B}/login?return_to=%2Fapi%2Fme` }) }],
      response: { url: `${B}/login?return_to=%2Fapi%2Fme`, status: 200, headers: headers({ "Content-Type": "text/html" }) },
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "MissingAllowOriginHeader",
    failedParameter: "",
    explains: [/looks like a login page/],
    fix: /401/,
    redirectKind: "login",
  },
  {
    name: "redirect-same-origin-307-preflight (several headers refused)",
    exchange: {
      ...base(`${PAGE}/x`),
      requestHeaders: sentWith({ ...CORS, "X-Api-Key": "[redacted]", "X-Trace-Id": "t" }),
      requestHeadersSent: false,
      redirects: [
        {
          url: `${PAGE}/x`,
          status: 307,
          location: `${A}/hop2`,
          headers: headers({ Location: `${A}/hop2` }),
          preflightAfter: preflight(`${A}/hop2`, PAGE, "GET", "x-api-key,x-trace-id", 204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Headers": "content-type" }),
        },
      ],
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "HeaderDisallowedByPreflightResponse",
    failedParameter: "x-api-key",
    explains: [/headers x-api-key, x-trace-id/, /would fail again on x-trace-id/, /new preflight/],
    fix: /x-api-key, x-trace-id/,
    redirectKind: "left-page-origin",
  },
  {
    name: "redirect-same-origin-userinfo (no request headers observed at all)",
    exchange: {
      ...base(`${PAGE}/x`),
      requestHeaders: [],
      requestHeadersSent: true,
      redirects: [],
      response: { url: `${PAGE}/x`, status: 302, headers: headers({ Location: "http://labuser:REDACTED@127.0.0.1:8082/hop2" }) },
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "RedirectContainsCredentials",
    failedParameter: "",
    fix: /redirecting server .*without user:password@/,
    redirectKind: "credentials-in-location",
  },
  {
    name: "redirect-preflight-ok-308-null-refused",
    exchange: {
      ...base(`${A}/x`, "PUT"),
      requestHeaders: sentWith({ ...CORS, Origin: PAGE, "X-Lab": "1" }),
      requestHeadersSent: false,
      preflight: preflight(`${A}/x`, PAGE, "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }),
      redirects: [
        {
          url: `${A}/x`,
          status: 308,
          location: `${B}/hop2`,
          headers: headers({ Location: `${B}/hop2`, "Access-Control-Allow-Origin": PAGE }),
          requestHeaders: sentWith({ ...CORS, Origin: PAGE, "X-Lab": "1" }),
          preflightAfter: preflight(`${B}/hop2`, "null", "PUT", "x-lab", 403),
        },
      ],
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "PreflightMissingAllowOriginHeader",
    failedParameter: "",
    explains: [/changed the request's origin from http:\/\/localhost:5173 to null/, /Fetch standard/, /with Origin: null/],
    fix: /Do not allow the origin null/,
    redirectKind: "tainted-origin",
  },
  {
    name: "redirect-chain-cross-same-cross",
    exchange: {
      ...base(`${A}/x`),
      requestHeaders: sentWith({ ...CORS, Origin: "null" }),
      requestHeadersSent: true,
      redirects: [
        { url: `${A}/x`, status: 302, location: `${PAGE}/hop2`, headers: headers({ Location: `${PAGE}/hop2`, "Access-Control-Allow-Origin": PAGE }), requestHeaders: sentWith({ ...CORS, Origin: PAGE }) },
        { url: `${PAGE}/hop2`, status: 302, location: `${B}/hop3`, headers: headers({ Location: `${B}/hop3`, "Access-Control-Allow-Origin": "null" }), requestHeaders: sentWith({ ...CORS, Origin: "null" }) },
      ],
      response: { url: `${B}/hop3`, status: 200, headers: headers({ "Access-Control-Allow-Origin": PAGE }) },
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "AllowOriginMismatch",
    failedParameter: PAGE,
    explains: [/back to the page's own/],
    fix: /have the page call http:\/\/127\.0\.0\.1:8082\/hop3 directly/,
    redirectKind: "tainted-origin",
  },
  {
    name: "control-redirect-manual: the 3xx passed, the browser stopped with ERR_ABORTED on purpose",
    exchange: {
      ...base(`${A}/x`),
      requestHeaders: sentWith({ ...CORS, Origin: PAGE }),
      requestHeadersSent: true,
      redirects: [],
      response: { url: `${A}/x`, status: 302, headers: headers({ Location: `${B}/hop2`, "Access-Control-Allow-Origin": PAGE }) },
      error: "net::ERR_ABORTED",
    },
    verdict: "allowed",
  },
  {
    name: "redirect-manual-missing-acao: the 3xx itself is checked",
    exchange: {
      ...base(`${A}/x`),
      requestHeaders: sentWith({ ...CORS, Origin: PAGE }),
      requestHeadersSent: true,
      redirects: [],
      response: { url: `${A}/x`, status: 302, headers: headers({ Location: `${B}/hop2` }) },
      error: "net::ERR_FAILED",
    },
    verdict: "blocked",
    code: "MissingAllowOriginHeader",
    failedParameter: "",
  },
  {
    name: "control-redirect-preflight-twice (allowed, no false alarm)",
    exchange: {
      ...base(`${A}/x`, "PUT"),
      requestHeaders: sentWith({ ...CORS, Origin: "null", "X-Lab": "1" }),
      requestHeadersSent: true,
      completed: true,
      preflight: preflight(`${A}/x`, PAGE, "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }),
      redirects: [
        {
          url: `${A}/x`,
          status: 307,
          location: `${B}/hop2`,
          headers: headers({ Location: `${B}/hop2`, "Access-Control-Allow-Origin": PAGE }),
          requestHeaders: sentWith({ ...CORS, Origin: PAGE, "X-Lab": "1" }),
          preflightAfter: preflight(`${B}/hop2`, "null", "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }),
        },
      ],
      response: { url: `${B}/hop2`, status: 200, headers: headers({ "Access-Control-Allow-Origin": "*" }) },
    },
    verdict: "allowed",
  },
];

describe("diagnose: redirects across origins", () => {
  it.each(rows.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const diagnosis = diagnose(row.exchange);
    expect(diagnosis.verdict, diagnosis.explanation).toBe(row.verdict);
    expect(diagnosis.code).toBe(row.code);
    expect(diagnosis.failedParameter).toBe(row.failedParameter);
    expect(diagnosis.explanation).not.toMatch(/page at null|request from null/i);
    for (const pattern of row.explains ?? []) expect(diagnosis.explanation).toMatch(pattern);
    if (row.fix) expect(diagnosis.genericFix).toMatch(row.fix);
    expect(diagnosis.requirements?.redirect?.kind).toBe(row.redirectKind);
    if (row.name.startsWith("control-redirect-manual")) expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "redirect-mode", value: "manual" }));
    // Fixes are made for the page's own origin, never for null.
    if (diagnosis.requirements) expect(diagnosis.requirements.origin).toBe(PAGE);
  });
});
