// Firefox's exchanges, shaped as Firefox ESR 153 delivers them (docs/firefox.md), one row per lab
// case: a refused response completes, a refused preflight fails with NS_ERROR_DOM_BAD_URI, a
// refused redirect with an odd error. Verdict, Chromium's code and Firefox's reason.
import { describe, expect, it } from "vitest";
import { diagnose, outcomeOf, type ObservedExchange } from "../../src/engine";
import { answered, API, DATA_URL, exchange, PAGE, redirect, respond, type ExchangeSpec } from "./fixtures";

const ACAO = "Access-Control-Allow-Origin";
const ACAC = "Access-Control-Allow-Credentials";
const completed = (spec: ExchangeSpec): ObservedExchange => ({ ...exchange(spec), browser: "firefox" });
const failed = (spec: ExchangeSpec, error = "NS_ERROR_DOM_BAD_URI"): ObservedExchange => ({ ...exchange({ ...spec, blocked: true }), browser: "firefox", error });

interface Row {
  readonly name: string;
  readonly exchange: ObservedExchange;
  readonly verdict: string;
  readonly code?: string;
  readonly firefox?: string;
  readonly firefoxLine?: string;
}

const rows: Row[] = [
  { name: "missing-acao (completed)", exchange: completed({ response: respond(200) }), verdict: "blocked", code: "MissingAllowOriginHeader", firefox: "CORSMissingAllowOrigin", firefoxLine: "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200." },
  { name: "control-simple-get (completed)", exchange: completed({ response: respond(200, { [ACAO]: PAGE }) }), verdict: "allowed" },
  { name: "acao-other-origin", exchange: completed({ response: respond(200, { [ACAO]: "https://app.example.com" }) }), verdict: "blocked", code: "AllowOriginMismatch", firefox: "CORSAllowOriginNotMatchingOrigin" },
  { name: "multiple-acao-comma: one line, compared whole", exchange: completed({ response: respond(200, { [ACAO]: `${PAGE}, https://b.test` }) }), verdict: "blocked", code: "MultipleAllowOriginValues", firefox: "CORSAllowOriginNotMatchingOrigin" },
  { name: "multiple-acao-duplicate-lines", exchange: completed({ response: respond(200, { [ACAO]: [PAGE, "*"] }) }), verdict: "blocked", code: "MultipleAllowOriginValues", firefox: "CORSMultipleAllowOriginNotAllowed" },
  { name: "multiple-acao-duplicate-lines as Firefox shows them (joined)", exchange: completed({ response: respond(200, { [ACAO]: `${PAGE}, *` }) }), verdict: "blocked", code: "MultipleAllowOriginValues", firefox: "CORSMultipleAllowOriginNotAllowed" },
  { name: "wildcard-with-credentials: ACAC tells credentials are used", exchange: completed({ response: respond(200, { [ACAO]: "*", [ACAC]: "true" }) }), verdict: "blocked", code: "WildcardOriginNotAllowed", firefox: "CORSNotSupportingCredentials" },
  { name: "credentials-acac-uppercase", exchange: completed({ response: respond(200, { [ACAO]: PAGE, [ACAC]: "TRUE" }) }), verdict: "blocked", code: "InvalidAllowCredentials", firefox: "CORSMissingAllowCredentials" },
  { name: "secret-cookie: a Cookie proves credentials", exchange: completed({ cookie: true, response: respond(200, { [ACAO]: PAGE }) }), verdict: "blocked", code: "InvalidAllowCredentials", firefox: "CORSMissingAllowCredentials" },
  { name: "control-wildcard (no credentials assumed)", exchange: completed({ response: respond(200, { [ACAO]: "*" }) }), verdict: "allowed" },
  { name: "preflight-404-no-acao", exchange: failed({ method: "DELETE", preflight: answered(404) }), verdict: "blocked", code: "PreflightMissingAllowOriginHeader", firefox: "CORSMissingAllowOrigin", firefoxLine: "Status code: 404." },
  { name: "preflight-404-with-acao", exchange: failed({ method: "PUT", preflight: answered(404, { [ACAO]: PAGE }) }), verdict: "blocked", code: "PreflightInvalidStatus", firefox: "CORSPreflightDidNotSucceed" },
  { name: "preflight-redirect with ACAO", exchange: failed({ method: "PUT", preflight: answered(301, { [ACAO]: PAGE, Location: `${API}/moved` }) }), verdict: "blocked", code: "PreflightDisallowedRedirect", firefox: "CORSExternalRedirectNotAllowed" },
  { name: "parallel-6-redirect: 308 without ACAO", exchange: failed({ method: "PUT", preflight: answered(308, { Location: `${API}/moved` }) }), verdict: "blocked", code: "PreflightDisallowedRedirect", firefox: "CORSMissingAllowOrigin", firefoxLine: "Status code: 308." },
  { name: "method-put-disallowed", exchange: failed({ method: "PUT", preflight: answered(204, { [ACAO]: PAGE, "Access-Control-Allow-Methods": "GET, POST" }) }), verdict: "blocked", code: "MethodDisallowedByPreflightResponse", firefox: "CORSMethodNotFound" },
  { name: "invalid-allow-methods", exchange: failed({ method: "PUT", preflight: answered(204, { [ACAO]: PAGE, "Access-Control-Allow-Methods": "GET;PUT;DELETE" }) }), verdict: "blocked", code: "InvalidAllowMethodsPreflightResponse", firefox: "CORSInvalidAllowMethod", firefoxLine: "invalid token ‘GET;PUT;DELETE’" },
  { name: "redirect-hop-missing-acao: NS_ERROR_UNEXPECTED after the 302", exchange: failed({ response: redirect(302, "http://127.0.0.1:9/hop2") }, "NS_ERROR_UNEXPECTED"), verdict: "blocked", code: "MissingAllowOriginHeader", firefox: "CORSMissingAllowOrigin", firefoxLine: "Status code: 302." },
  { name: "redirect-contains-credentials", exchange: failed({ response: redirect(302, "http://user:pass@127.0.0.1:9/hop2", { [ACAO]: PAGE }) }, "NS_ERROR_NET_ON_RECEIVING_FROM"), verdict: "blocked", code: "RedirectContainsCredentials", firefox: "CORSDidNotSucceed" },
  {
    name: "redirect-same-origin-userinfo: a same-origin fetch's 302 to user:pass@ on another origin, its request headers unseen",
    exchange: { ...failed({ url: `${PAGE}/me`, response: redirect(302, "http://user:pass@127.0.0.1:9/hop2", {}, `${PAGE}/me`) }, "NS_ERROR_UNEXPECTED"), requestHeaders: [] },
    verdict: "blocked",
    code: "RedirectContainsCredentials",
    firefox: "CORSDidNotSucceed",
  },
  { name: "connection refused is not CORS", exchange: failed({}, "NS_ERROR_CONNECTION_REFUSED"), verdict: "unrelated-failure" },
];

describe("Firefox exchanges", () => {
  it.each(rows)("$name", (row) => {
    const diagnosis = diagnose(row.exchange);
    expect(diagnosis.browser).toBe("firefox");
    expect(diagnosis.verdict).toBe(row.verdict);
    expect(diagnosis.code).toBe(row.code);
    expect(diagnosis.firefoxReason?.key).toBe(row.firefox);
    if (row.firefoxLine) expect(diagnosis.firefoxReason?.consoleMessage).toContain(row.firefoxLine);
    if (row.verdict === "blocked") expect(diagnosis.firefoxReason?.consoleMessage).toMatch(/^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘?http/);
    // The stored outcome agrees with the full diagnosis.
    expect(outcomeOf(row.exchange)).toBe(row.verdict === "unrelated-failure" ? "unrelated-failure" : row.verdict);
  });

  it("says a completed response was judged from its headers alone", () => {
    const diagnosis = diagnose(completed({ response: respond(200) }));
    expect(diagnosis.inferred.find((fact) => fact.fact === "verdict-source")?.evidence).toMatch(/onCompleted.*headers alone/);
  });

  it("says which credentials mode it assumed and what the other gives", () => {
    const assumedInclude = diagnose(completed({ response: respond(200, { [ACAO]: "*", [ACAC]: "true" }) }));
    expect(assumedInclude.inferred.find((fact) => fact.fact === "credentials-mode")?.value).toBe("include (assumed)");
    expect(assumedInclude.advisories.find((a) => a.id === "credentials-assumed")?.message).toBe("If the page sends no credentials, Firefox lets it through.");
    const assumedOmit = diagnose(completed({ response: respond(200, { [ACAO]: "*" }) }));
    expect(assumedOmit.inferred.find((fact) => fact.fact === "credentials-mode")?.value).toBe("omit or same-origin (assumed)");
    expect(assumedOmit.advisories.find((a) => a.id === "credentials-assumed")?.message).toBe(
      "If the page sends credentials (credentials: 'include' or withCredentials), Firefox blocks it: CORSNotSupportingCredentials (Chromium: WildcardOriginNotAllowed).",
    );
  });

  it("keeps Chromium's reading of Firefox's error strings unchanged in Chromium", () => {
    const chromium = { ...exchange({ method: "PUT", preflight: answered(404), blocked: true }), error: "NS_ERROR_DOM_BAD_URI" };
    expect(diagnose(chromium).verdict).toBe("unrelated-failure");
    expect(diagnose(chromium).browser).toBeUndefined();
    expect(diagnose(exchange({ response: respond(200) })).firefoxReason).toBeUndefined();
  });

  it("keeps the browser through sanitizing (a stored record read back)", () => {
    const stored = JSON.parse(JSON.stringify(completed({ url: DATA_URL, response: respond(200) }))) as ObservedExchange;
    expect(diagnose(stored).browser).toBe("firefox");
  });
});
