import { describe, expect, it } from "vitest";
import { predictsRefusal } from "../../src/engine";
import type { ObservedExchange } from "../../src/engine/types";

const PAGE = "http://127.0.0.1:8000";
const API = "http://localhost:9000/api";
const h = (r: Record<string, string>) => Object.entries(r).map(([name, value]) => ({ name, value }));

/** A CORS GET whose response headers have arrived and whose end has not. */
function answered(response: Record<string, string>, request: Record<string, string> = {}, status = 200): ObservedExchange {
  return {
    url: API,
    method: "GET",
    resourceType: "xmlhttprequest",
    initiator: PAGE,
    requestHeaders: h({ Origin: PAGE, "Sec-Fetch-Mode": "cors", ...request }),
    requestHeadersSent: true,
    redirects: [],
    response: { url: API, status, headers: h(response) },
    completed: false,
  };
}

describe("predictsRefusal", () => {
  it("says refused only when the checks fail under every credentials mode the request allows", () => {
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": PAGE }))).toBe(false);
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": "*" }))).toBe(false);
    expect(predictsRefusal(answered({}))).toBe(true);
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": "http://other.test" }))).toBe(true);
    // A Cookie proves credentials: * no longer passes, and the exact origin needs ACAC: true.
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": "*" }, { Cookie: "sid=x" }))).toBe(true);
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": PAGE }, { Cookie: "sid=x" }))).toBe(true);
    expect(predictsRefusal(answered({ "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Credentials": "true" }, { Cookie: "sid=x" }))).toBe(false);
  });

  it("judges a redirect hop and a preflight answer, and nothing that is undecidable", () => {
    expect(predictsRefusal(answered({ Location: `${API}/next` }, {}, 302))).toBe(true);
    expect(predictsRefusal(answered({ Location: `${API}/next`, "Access-Control-Allow-Origin": PAGE }, {}, 302))).toBe(false);
    const preflightOnly: ObservedExchange = {
      url: API,
      method: "PUT",
      resourceType: "xmlhttprequest",
      initiator: PAGE,
      requestHeaders: [],
      requestHeadersSent: false,
      preflight: { url: API, requestHeaders: h({ Origin: PAGE, "Access-Control-Request-Method": "PUT" }), response: { url: API, status: 404, headers: [] } },
      redirects: [],
      completed: false,
    };
    expect(predictsRefusal(preflightOnly)).toBe(true);
    expect(predictsRefusal({ ...preflightOnly, preflight: { ...preflightOnly.preflight!, response: undefined } })).toBe(false);
    expect(predictsRefusal(answered({}, { "Sec-Fetch-Mode": "no-cors" }))).toBe(false);
  });
});
