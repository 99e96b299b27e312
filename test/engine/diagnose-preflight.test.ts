// diagnosePreflight(): the preflight judged alone, when the request itself was deliberately not
// sent (cors-doctor probe without --send-actual): Chromium's code when it fails; "unknown" with the
// preflight's checks when it passes, saying the response was not checked.
import { describe, expect, it } from "vitest";
import { diagnosePreflight, type ObservedExchange } from "../../src/engine";
import { headers } from "./fixtures";

const PAGE = "http://localhost:5173";
const API = "http://localhost:8081/items/7";

function withheld(allowMethods: string): ObservedExchange {
  return {
    url: API,
    method: "PUT",
    resourceType: "xmlhttprequest",
    initiator: PAGE,
    requestHeaders: headers({ Origin: PAGE, "X-Lab": "1" }),
    requestHeadersSent: false,
    completed: false,
    redirects: [],
    credentialsWitness: { mode: "include", via: "probe" },
    preflight: {
      url: API,
      requestHeaders: headers({ Origin: PAGE, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-lab" }),
      response: {
        url: API,
        status: 204,
        headers: headers({ "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Methods": allowMethods, "Access-Control-Allow-Headers": "x-lab" }),
      },
    },
  };
}

describe("diagnosePreflight", () => {
  it("passes with the preflight's checks, and says the request was not sent", () => {
    const diagnosis = diagnosePreflight(withheld("PUT"));
    expect(diagnosis.verdict).toBe("unknown");
    expect(diagnosis.title).toBe("Preflight passes; the request was not sent");
    expect(diagnosis.explanation).toMatch(/with credentials\. The request itself was not sent/);
    expect(diagnosis.checks.map((check) => [check.header, check.ok])).toContainEqual(["Access-Control-Allow-Methods", true]);
    expect(diagnosis.preflightReasons.map((reason) => reason.kind)).toEqual(["method", "header"]);
  });

  it("says a request without a preflight was not sent, and judges nothing", () => {
    const { preflight: _preflight, ...simple } = withheld("PUT");
    expect(diagnosePreflight({ ...simple, method: "POST" })).toMatchObject({ verdict: "unknown", title: "Not sent", checks: [] });
  });

  it("names Chromium's code when the preflight fails", () => {
    const diagnosis = diagnosePreflight(withheld("GET"));
    expect(diagnosis).toMatchObject({ verdict: "blocked", code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" });
  });
});
