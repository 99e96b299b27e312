// The cause behind the headers: a response reused from a cache (its evidence, said first, with
// Vary: Origin), and a Local Network Access refusal that webRequest shows only as net::ERR_FAILED.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/engine";
import { cacheFinding, dateSkewOf, earlierResponseOf, storable } from "../../src/engine/cache-evidence";
import type { EarlierResponse, ObservedExchange } from "../../src/engine/types";
import { exchange, PAGE, respond } from "./fixtures";

const ACAO = "Access-Control-Allow-Origin";
const DATE = "Mon, 07 Dec 2026 11:26:35 GMT";
const DATE_MS = Date.parse(DATE);
const OTHER = "http://other.page.test:3000";

/** What the extension saw of the no-cors load that filled the cache. */
const noCorsEarlier: EarlierResponse = {
  seenAt: DATE_MS + 300,
  status: 200,
  requestOrigin: null,
  allowOrigin: null,
  date: DATE,
  cacheControl: "max-age=600",
  hopByHop: true,
  resourceType: "image",
};

function blockedWith(headers: Record<string, string>, more: Partial<ObservedExchange> = {}): ObservedExchange {
  return { ...exchange({ response: respond(200, headers), blocked: true }), startedAt: DATE_MS + 800, ...more };
}

describe("a response reused from a cache", () => {
  it("names the browser's cache, the earlier no-cors load and Vary: Origin first, keeping Chromium's code", () => {
    const diagnosis = diagnose(blockedWith({ "Cache-Control": "max-age=600", Date: DATE }, { earlier: noCorsEarlier }));
    expect(diagnosis.code).toBe("MissingAllowOriginHeader");
    expect(diagnosis.failedParameter).toBe("");
    expect(diagnosis.title).toContain("served from cache");
    expect(diagnosis.explanation).toMatch(/^Served from the browser's HTTP cache \(the Date of an earlier answer, without its hop-by-hop headers\)/);
    expect(diagnosis.explanation).toContain("no-cors load");
    expect(diagnosis.explanation).toContain("Disable cache");
    expect(diagnosis.explanation).toContain("Vary: Origin");
    const fact = diagnosis.inferred[0];
    expect(fact).toMatchObject({ fact: "served-from-cache", value: "the browser's HTTP cache" });
    expect(fact?.evidence).toContain(DATE);
    expect(fact?.evidence).toContain("hop-by-hop");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).toContain("served-from-cache");
    expect(diagnosis.genericFix).toMatch(/^Send Vary: Origin on every response/);
  });

  it("names the other origin of the site whose answer was stored (AllowOriginMismatch)", () => {
    const earlier = { ...noCorsEarlier, requestOrigin: OTHER, allowOrigin: OTHER, resourceType: "xmlhttprequest" };
    const diagnosis = diagnose(blockedWith({ [ACAO]: OTHER, "Cache-Control": "max-age=600", Date: DATE }, { earlier }));
    expect(diagnosis.code).toBe("AllowOriginMismatch");
    expect(diagnosis.failedParameter).toBe(OTHER);
    expect(diagnosis.explanation).toContain(`a request from ${OTHER}`);
    expect(diagnosis.explanation).toContain(`cannot be reused for ${PAGE}`);
  });

  it("leaves the server's own refusal to it when the stored answer was made for this origin, or carries a fixed wrong ACAO", () => {
    const sameOrigin = { ...noCorsEarlier, requestOrigin: PAGE };
    expect(diagnose(blockedWith({ "Cache-Control": "max-age=600", Date: DATE }, { earlier: sameOrigin })).explanation).not.toMatch(/^Served from/);
    const fixed = { ...noCorsEarlier, requestOrigin: OTHER, allowOrigin: "https://app.example.com" };
    const diagnosis = diagnose(blockedWith({ [ACAO]: "https://app.example.com", "Cache-Control": "max-age=600", Date: DATE }, { earlier: fixed }));
    expect(diagnosis.code).toBe("AllowOriginMismatch");
    expect(diagnosis.explanation).not.toMatch(/^Served from/);
  });

  it("names a CDN from its hit headers and Age, and says which layer must key on the Origin", () => {
    const diagnosis = diagnose(blockedWith({ "Cache-Control": "max-age=600", Age: "120", "X-Cache": "Hit from cloudfront", Date: DATE }));
    expect(diagnosis.code).toBe("MissingAllowOriginHeader");
    expect(diagnosis.explanation).toMatch(/^Served from a shared cache \(a CDN or proxy\) in front of the server \(X-Cache: Hit from cloudfront; Age: 120\)/);
    expect(diagnosis.inferred[0]?.evidence).toContain("X-Cache: Hit from cloudfront");
    expect(diagnosis.inferred[0]?.evidence).toContain("Age: 120");
    expect(diagnosis.genericFix).toContain("CloudFront");
  });

  it.each([
    ["cf-cache-status: HIT", { "cf-cache-status": "HIT" }],
    ["Fastly's X-Cache with X-Served-By", { "X-Cache": "MISS, HIT", "X-Served-By": "cache-fra1, cache-ams2" }],
    ["X-Cache-Status: STALE", { "X-Cache-Status": "STALE" }],
  ])("reads %s as a shared cache's hit", (_name, headers) => {
    expect(cacheFinding(blockedWith(headers))?.layer).toBe("shared");
  });

  it("never calls a cache hit on the clock alone, but does once the server's clock is known to be right", () => {
    const old = blockedWith({ Date: DATE, "Cache-Control": "max-age=86400" }, { startedAt: DATE_MS + 3_600_000 });
    expect(cacheFinding(old)).toBeNull();
    expect(diagnose(old).explanation).not.toContain("cache");
    const checked = cacheFinding({ ...old, serverDateSkew: 400 });
    expect(checked?.layer).toBe("either");
    expect(checked?.evidence.join(" ")).toContain("60 min older");
  });

  it("does not take a fresh answer within the same second for the earlier one", () => {
    const withHopByHop = blockedWith({ Date: DATE, Connection: "keep-alive", "Transfer-Encoding": "chunked" }, { earlier: noCorsEarlier });
    expect(cacheFinding(withHopByHop)).toBeNull();
    const otherDate = blockedWith({ Date: "Mon, 07 Dec 2026 11:26:36 GMT" }, { earlier: noCorsEarlier });
    expect(cacheFinding(otherDate)).toBeNull();
    const seenAfterStart = blockedWith({ Date: DATE }, { earlier: { ...noCorsEarlier, seenAt: DATE_MS + 900 } });
    expect(cacheFinding(seenAfterStart)).toBeNull();
  });

  it("flags no allowed request, even one served from a cache", () => {
    const allowed = { ...exchange({ response: respond(200, { [ACAO]: PAGE, Age: "30", "X-Cache": "HIT", Vary: "Origin" }) }), startedAt: DATE_MS };
    const diagnosis = diagnose(allowed);
    expect(diagnosis.verdict).toBe("allowed");
    expect(diagnosis.inferred.map((fact) => fact.fact)).not.toContain("served-from-cache");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).not.toContain("served-from-cache");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).not.toContain("vary-origin");
  });

  it.each([
    ["max-age=600", { "Cache-Control": "max-age=600" }, true],
    ["no-store", { "Cache-Control": "no-store, max-age=600" }, false],
    ["an ETag alone", { ETag: '"1"' }, true],
    ["nothing", {}, false],
    ["max-age=0", { "Cache-Control": "max-age=0" }, false],
  ])("storable: %s", (_name, spec, expected) => {
    expect(storable(respond(200, spec).headers)).toBe(expected);
  });
});

describe("a Local Network Access refusal that webRequest shows as net::ERR_FAILED", () => {
  const PUBLIC_PAGE = "https://app.example.com";
  const LOOPBACK = "http://localhost:8080/api";

  it("names a preflighted request from a public page to loopback, with what the user and the page can do", () => {
    const diagnosis = diagnose(exchange({ origin: PUBLIC_PAGE, url: LOOPBACK, method: "PUT", pageHeaders: { "Content-Type": "application/json" }, preflightError: "net::ERR_FAILED", error: "net::ERR_FAILED" }));
    expect(diagnosis.verdict).toBe("blocked");
    expect(diagnosis.code).toBe("LocalNetworkAccessPermissionDenied");
    expect(diagnosis.failedParameter).toBe("");
    expect(diagnosis.title).toContain("probable");
    expect(diagnosis.explanation).toContain("Local network access");
    expect(diagnosis.explanation).toContain("targetAddressSpace");
    expect(diagnosis.explanation).toContain("not the cause");
    expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "local-network-access", value: "probable" }));
  });

  it("names a simple request failing so too, and the insecure page's code", () => {
    const simple = diagnose(exchange({ origin: "http://app.example.com", url: "http://192.168.1.20/status", error: "net::ERR_FAILED" }));
    expect(simple.code).toBe("InsecureLocalNetwork");
  });

  it("leaves a loopback page calling loopback, and a public target, alone", () => {
    const fromLoopback = diagnose(exchange({ origin: "http://localhost:3000", url: LOOPBACK, method: "PUT", pageHeaders: { "Content-Type": "application/json" }, preflightError: "net::ERR_FAILED", error: "net::ERR_FAILED" }));
    expect(fromLoopback.code).not.toBe("LocalNetworkAccessPermissionDenied");
    const toPublic = diagnose(exchange({ origin: PUBLIC_PAGE, url: "https://api.example.net/x", method: "PUT", pageHeaders: { "Content-Type": "application/json" }, preflightError: "net::ERR_FAILED", error: "net::ERR_FAILED" }));
    expect(toPublic.code).toBeUndefined();
  });

  it("keeps a real network error a network error", () => {
    const refused = diagnose(exchange({ origin: PUBLIC_PAGE, url: LOOPBACK, method: "PUT", pageHeaders: { "Content-Type": "application/json" }, preflightError: "net::ERR_CONNECTION_REFUSED", error: "net::ERR_FAILED" }));
    expect(refused.verdict).toBe("unrelated-failure");
  });
});

describe("the earlier answer, as a reader of a whole file fills it", () => {
  const answer = (responseHeaders: Record<string, string>, status = 200) => ({
    seenAt: noCorsEarlier.seenAt,
    status,
    resourceType: "image",
    requestHeaders: respond(200, {}).headers,
    responseHeaders: respond(status, responseHeaders).headers,
  });

  it("gives the same evidence as the extension's memory, and none for an answer no cache may hand over", () => {
    expect(earlierResponseOf(answer({ "Cache-Control": "max-age=600", Date: DATE, Connection: "keep-alive" }))).toEqual(noCorsEarlier);
    expect(earlierResponseOf(answer({ "Cache-Control": "max-age=600", Vary: "Origin" }))).toBeNull();
    expect(earlierResponseOf(answer({ "Cache-Control": "no-store" }))).toBeNull();
    expect(earlierResponseOf(answer({ "Cache-Control": "max-age=600" }, 404))).toBeNull();
  });

  it("measures a server's clock from one answer", () => {
    expect(dateSkewOf({ seenAt: DATE_MS + 300, responseHeaders: respond(200, { Date: DATE }).headers })).toBe(700);
    expect(dateSkewOf({ seenAt: DATE_MS, responseHeaders: [] })).toBeNull();
  });
});
