// The checks along a redirect chain, one row per lab redirect case (Chromium 156's verdicts,
// docs/lab.md): which check fails, with which code, failedParameter and compared Origin.
import { describe, expect, it } from "vitest";
import { replayRedirects, type RedirectReplayInput } from "../../src/engine/redirect-checks";
import type { ObservedPreflight, ObservedRedirect } from "../../src/engine/types";
import { headers, type HeaderSpec } from "./fixtures";

const PAGE = "http://localhost:5173";
const A = "http://localhost:8081";
const B = "http://127.0.0.1:8082";

const hop = (url: string, status: number, location: string, spec: HeaderSpec = {}, origin?: string, preflightAfter?: ObservedPreflight): ObservedRedirect => ({
  url,
  status,
  location,
  headers: headers({ Location: location, ...spec }),
  ...(origin ? { requestHeaders: headers({ Origin: origin }) } : {}),
  ...(preflightAfter ? { preflightAfter } : {}),
});
const preflight = (url: string, origin: string, method: string, requested: string, status: number, spec: HeaderSpec): ObservedPreflight => ({
  url,
  requestHeaders: headers({ Origin: origin, "Access-Control-Request-Method": method, ...(requested ? { "Access-Control-Request-Headers": requested } : {}) }),
  response: { url, status, headers: headers(spec) },
});

interface Row {
  readonly name: string;
  readonly input: Omit<RedirectReplayInput, "pageOrigin" | "includeCredentials"> & { readonly includeCredentials?: boolean };
  readonly code?: string;
  readonly failedParameter?: string;
  readonly stage?: string;
  readonly comparedOrigin?: string;
  readonly finalOrigin: string;
}

const rows: Row[] = [
  {
    name: "redirect-same-origin-307-preflight: the preflight after the redirect refuses both headers",
    input: {
      firstUrl: `${PAGE}/x`,
      method: "GET",
      requestedHeaders: ["x-api-key", "x-trace-id"],
      redirects: [hop(`${PAGE}/x`, 307, `${A}/hop2`, {}, undefined, preflight(`${A}/hop2`, PAGE, "GET", "x-api-key,x-trace-id", 204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Headers": "content-type" }))],
    },
    code: "HeaderDisallowedByPreflightResponse",
    failedParameter: "x-api-key",
    stage: "preflight",
    comparedOrigin: PAGE,
    finalOrigin: PAGE,
  },
  {
    name: "redirect-preflight-ok-308-null-refused: second preflight with Origin null gets 403 without ACAO",
    input: {
      firstUrl: `${A}/x`,
      method: "PUT",
      requestedHeaders: ["x-lab"],
      redirects: [hop(`${A}/x`, 308, `${B}/hop2`, { "Access-Control-Allow-Origin": PAGE }, PAGE, preflight(`${B}/hop2`, "null", "PUT", "x-lab", 403, {}))],
    },
    code: "PreflightMissingAllowOriginHeader",
    failedParameter: "",
    stage: "preflight",
    comparedOrigin: "null",
    finalOrigin: "null",
  },
  {
    name: "redirect-preflight-ok-307-null-mismatch: the second preflight names the page origin",
    input: {
      firstUrl: `${A}/x`,
      method: "PUT",
      requestedHeaders: ["x-lab"],
      redirects: [hop(`${A}/x`, 307, `${B}/hop2`, { "Access-Control-Allow-Origin": PAGE }, PAGE, preflight(`${B}/hop2`, "null", "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }))],
    },
    code: "PreflightAllowOriginMismatch",
    failedParameter: PAGE,
    stage: "preflight",
    comparedOrigin: "null",
    finalOrigin: "null",
  },
  {
    name: "redirect-same-origin-userinfo: refused at the Location, the page's own 302 has no ACAO",
    input: { firstUrl: `${PAGE}/x`, method: "GET", requestedHeaders: [], redirects: [], refused: { url: `${PAGE}/x`, status: 302, headers: headers({ Location: "http://labuser:REDACTED@127.0.0.1:8082/hop2" }), location: "http://labuser:REDACTED@127.0.0.1:8082/hop2" } },
    code: "RedirectContainsCredentials",
    failedParameter: "",
    stage: "redirect",
    comparedOrigin: PAGE,
    finalOrigin: PAGE,
  },
  {
    name: "redirect-chain-cross-same-cross: the page's own hop answers null and passes",
    input: {
      firstUrl: `${A}/x`,
      method: "GET",
      requestedHeaders: [],
      redirects: [hop(`${A}/x`, 302, `${PAGE}/hop2`, { "Access-Control-Allow-Origin": PAGE }, PAGE), hop(`${PAGE}/hop2`, 302, `${B}/hop3`, { "Access-Control-Allow-Origin": "null" }, "null")],
    },
    finalOrigin: "null",
  },
  {
    name: "a redirect back to the page's origin without ACAO fails (the origin is null by then)",
    input: {
      firstUrl: `${A}/x`,
      method: "GET",
      requestedHeaders: [],
      redirects: [hop(`${A}/x`, 302, `${PAGE}/hop2`, { "Access-Control-Allow-Origin": PAGE }, PAGE), hop(`${PAGE}/hop2`, 302, `${B}/hop3`, {}, "null")],
    },
    code: "MissingAllowOriginHeader",
    failedParameter: "",
    stage: "redirect",
    comparedOrigin: "null",
    finalOrigin: "null",
  },
  {
    name: "control-redirect-preflight-twice: ACAO * passes both preflights",
    input: {
      firstUrl: `${A}/x`,
      method: "PUT",
      requestedHeaders: ["x-lab"],
      redirects: [hop(`${A}/x`, 307, `${B}/hop2`, { "Access-Control-Allow-Origin": PAGE }, PAGE, preflight(`${B}/hop2`, "null", "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }))],
    },
    finalOrigin: "null",
  },
  {
    name: "the same preflight answer fails with credentials (* is literal)",
    input: {
      firstUrl: `${A}/x`,
      method: "PUT",
      requestedHeaders: ["x-lab"],
      includeCredentials: true,
      redirects: [hop(`${A}/x`, 307, `${B}/hop2`, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Credentials": "true" }, PAGE, preflight(`${B}/hop2`, "null", "PUT", "x-lab", 204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-lab" }))],
    },
    code: "PreflightWildcardOriginNotAllowed",
    failedParameter: "",
    stage: "preflight",
    comparedOrigin: "null",
    finalOrigin: "null",
  },
];

describe("replayRedirects", () => {
  it.each(rows.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const replay = replayRedirects({ pageOrigin: PAGE, includeCredentials: false, ...row.input });
    expect(replay.failure?.failure.code).toBe(row.code);
    expect(replay.failure?.failure.failedParameter).toBe(row.failedParameter);
    expect(replay.failure?.stage).toBe(row.stage);
    expect(replay.failure?.comparedOrigin).toBe(row.comparedOrigin);
    expect(replay.finalOrigin).toBe(row.finalOrigin);
  });
});
