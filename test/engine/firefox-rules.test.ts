// Firefox's differences in what an extension observes, one rule per row (docs/firefox.md).
import { describe, expect, it } from "vitest";
import { completedUnverified, firefoxCredentialsAssumption, isRefusalError } from "../../src/engine/firefox-rules";
import type { ObservedExchange } from "../../src/engine";
import { exchange, headers, redirect, respond } from "./fixtures";

const firefox = (observed: ObservedExchange): ObservedExchange => ({ ...observed, browser: "firefox" });

describe("which errors are the browser refusing the request", () => {
  const rows: readonly [string, ObservedExchange, boolean][] = [
    ["Chromium: net::ERR_FAILED", exchange({ error: "net::ERR_FAILED" }), true],
    ["Chromium: NS_ERROR_DOM_BAD_URI means nothing", exchange({ error: "NS_ERROR_DOM_BAD_URI" }), false],
    ["Firefox: NS_ERROR_DOM_BAD_URI (a failed preflight)", firefox(exchange({ error: "NS_ERROR_DOM_BAD_URI" })), true],
    ["Firefox: NS_ERROR_UNEXPECTED after a 302 it did not follow", firefox(exchange({ response: redirect(302, "http://b.test/x"), error: "NS_ERROR_UNEXPECTED" })), true],
    ["Firefox: NS_ERROR_NET_ON_RECEIVING_FROM after a redirect to user:pass@", firefox(exchange({ response: redirect(302, "http://u:p@b.test/x"), error: "NS_ERROR_NET_ON_RECEIVING_FROM" })), true],
    ["Firefox: a cancelled redirect is not a refusal", firefox(exchange({ response: redirect(302, "http://b.test/x"), error: "NS_BINDING_ABORTED" })), false],
    ["Firefox: the redirect limit (a 21st redirect) is not a refusal", firefox(exchange({ response: redirect(302, "http://b.test/x"), error: "NS_ERROR_REDIRECT_LOOP" })), false],
    ["Firefox: connection refused", firefox(exchange({ error: "NS_ERROR_CONNECTION_REFUSED" })), false],
    ["Firefox: completed", firefox(exchange({ response: respond(200) })), false],
  ];
  it.each(rows)("%s", (_name, observed, refusal) => expect(isRefusalError(observed)).toBe(refusal));
});

describe("a completed request decides nothing in Firefox", () => {
  it("holds for Firefox's onCompleted with a response, not for Chromium's", () => {
    const completed = { ...exchange({ response: respond(200) }), completed: true };
    expect(completedUnverified(firefox(completed))).toBe(true);
    expect(completedUnverified(completed)).toBe(false);
    expect(completedUnverified(firefox({ ...completed, response: undefined }))).toBe(false);
  });
});

describe("the credentials mode assumed in Firefox without a Cookie", () => {
  it("assumes 'include' when the server sends Access-Control-Allow-Credentials, whatever its value", () => {
    for (const value of ["true", "TRUE", "yes"]) {
      const assumption = firefoxCredentialsAssumption(headers({ "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": value }));
      expect(assumption.include).toBe(true);
      expect(assumption.evidence).toContain(`Access-Control-Allow-Credentials: ${value}`);
    }
  });
  it("assumes no credentials otherwise", () => {
    expect(firefoxCredentialsAssumption(headers({ "Access-Control-Allow-Origin": "*" })).include).toBe(false);
  });
});
