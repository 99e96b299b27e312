// Two shapes only a HAR (Chrome's export, DevTools' live log) writes, judged by the engine: a
// redirect failure that redirect: 'error' explains as well as a credentials refusal, and a CORS GET
// refused on an answer reused from the HTTP cache (status 0, no headers, the earlier answer known).
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/engine";
import type { EarlierResponse, InferredFact, ObservedExchange } from "../../src/engine/types";
import { API, DATA_URL, exchange, PAGE, redirect, respond } from "./fixtures";

const ACAO = "Access-Control-Allow-Origin";
const HAR_CANNOT_TELL: InferredFact = { fact: "redirect-mode", value: "follow (assumed)", evidence: "redirect: 'error' looks the same in this file." };

/** A 302 whose CORS headers pass without credentials (ACAO echoes the page, no ACAC), failed with net::ERR_FAILED. */
function failedAtPassingRedirect(more: Partial<ObservedExchange> = {}): ObservedExchange {
  return { ...exchange({ response: redirect(302, `${API}/next`, { [ACAO]: PAGE }), blocked: true }), ...more };
}

describe("a redirect failure the file cannot tell from redirect: 'error'", () => {
  it("is not blocked when the observer says so and nothing shows credentials: unknown, naming both readings and InvalidAllowCredentials", () => {
    const diagnosis = diagnose(failedAtPassingRedirect({ observerFacts: [HAR_CANNOT_TELL] }));
    expect(diagnosis.verdict).toBe("unknown");
    expect(diagnosis.explanation).toMatch(/redirect: 'error'/);
    expect(diagnosis.advisories.find((advisory) => advisory.id === "credentials-ambiguous")?.message).toContain("InvalidAllowCredentials");
  });

  it("is blocked (InvalidAllowCredentials) when credentials are stated or observed, or when the observer does not raise the doubt", () => {
    const stated = failedAtPassingRedirect({ observerFacts: [HAR_CANNOT_TELL], credentialsWitness: { mode: "include", via: "stated" } });
    expect(diagnose(stated)).toMatchObject({ verdict: "blocked", code: "InvalidAllowCredentials" });
    const cookie = { ...exchange({ response: redirect(302, `${API}/next`, { [ACAO]: PAGE }), blocked: true, cookie: true }), observerFacts: [HAR_CANNOT_TELL] };
    expect(diagnose(cookie)).toMatchObject({ verdict: "blocked", code: "InvalidAllowCredentials" });
    expect(diagnose(failedAtPassingRedirect())).toMatchObject({ verdict: "blocked", code: "InvalidAllowCredentials" });
  });
});

const SEEN = Date.parse("2026-12-07T12:09:09Z");
const stored: EarlierResponse = { seenAt: SEEN, status: 200, requestOrigin: null, allowOrigin: null, date: null, cacheControl: "max-age=600", hopByHop: false, resourceType: "image" };

/** Chrome's record of a fetch refused on a cached answer: status 0, provisional headers without Origin, no response. */
function refusedUnsent(more: Partial<ObservedExchange> = {}): ObservedExchange {
  return {
    url: DATA_URL,
    method: "GET",
    resourceType: "xmlhttprequest",
    initiator: PAGE,
    requestHeaders: [{ name: "User-Agent", value: "x" }],
    requestHeadersSent: false,
    redirects: [],
    error: "net::ERR_FAILED",
    completed: false,
    startedAt: SEEN + 80,
    ...more,
  };
}

describe("a CORS GET refused on an answer reused from the HTTP cache, written with no headers", () => {
  it("is judged as the earlier answer: no ACAO → MissingAllowOriginHeader, served from cache, inferred with evidence", () => {
    const diagnosis = diagnose(refusedUnsent({ earlier: stored }));
    expect(diagnosis).toMatchObject({ verdict: "blocked", code: "MissingAllowOriginHeader", failedParameter: "" });
    expect(diagnosis.title).toContain("served from cache");
    expect(diagnosis.inferred.find((fact) => fact.fact === "stored-answer")?.evidence).toContain("max-age=600");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).toContain("served-from-cache");
  });

  it("names the other origin the stored answer allowed (AllowOriginMismatch)", () => {
    const other = "http://localhost:47311";
    const diagnosis = diagnose(refusedUnsent({ earlier: { ...stored, requestOrigin: other, allowOrigin: other, resourceType: "xmlhttprequest" } }));
    expect(diagnosis).toMatchObject({ verdict: "blocked", code: "AllowOriginMismatch", failedParameter: other });
  });

  it("is not judged without an earlier answer, with one seen after it started, or one made for this origin", () => {
    for (const more of [{}, { earlier: { ...stored, seenAt: SEEN + 200 } }, { earlier: { ...stored, requestOrigin: PAGE, allowOrigin: PAGE } }]) {
      const diagnosis = diagnose(refusedUnsent(more));
      expect(diagnosis.verdict).not.toBe("blocked");
      expect(diagnosis.inferred.map((fact) => fact.fact)).not.toContain("stored-answer");
    }
  });

  it("leaves an exchange with a response (the webRequest shape) as it was", () => {
    const withResponse = { ...exchange({ response: respond(200, { [ACAO]: PAGE }) }), earlier: stored, startedAt: SEEN + 80 };
    expect(diagnose(withResponse).verdict).toBe("allowed");
  });
});
