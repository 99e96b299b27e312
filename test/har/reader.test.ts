// How the reader joins a HAR's entries into the engine's exchanges: preflights with their
// requests, redirect hops into one request, the page's origin, the credentials mode, redaction,
// and each writer's way of recording an outcome. The inputs are file shapes (see
// test/helpers/har-input.ts); what the browsers really write is proved by test/har/agreement.test.ts.
import { describe, expect, it } from "vitest";
import { asWebRequestValue } from "../../src/har/entries";
import { harReport, isProvisionalEntry, mayBeProvisionalEntry, mayBeStoppedByPreflight, readHarLog } from "../../src/har/reader";
import type { HarReadResult } from "../../src/har/types";
import { API, CHROME, entry, FIREFOX, har, PAGE, PLAYWRIGHT } from "../helpers/har-input";

const ALLOW = { "Access-Control-Allow-Origin": PAGE };

function only(result: HarReadResult) {
  expect(result.exchanges).toHaveLength(1);
  return result.exchanges[0]!;
}

function noticeIds(result: HarReadResult): string[] {
  return result.notices.map((notice) => notice.id);
}

/** Chrome's shape of a request its preflight stopped: the request first (status 0, no Origin), then its preflight. */
function stoppedByPreflight(at: number, headers: Record<string, string>, asked: string, preflightStatus = 404) {
  return [
    entry({ method: "PUT", url: `${API}/items`, status: 0, request: headers, error: "net::ERR_FAILED", resourceType: "fetch", at }),
    entry({
      method: "OPTIONS",
      url: `${API}/items`,
      status: preflightStatus,
      request: { Origin: PAGE, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": asked },
      error: null,
      resourceType: "preflight",
      at: at + 1,
    }),
  ];
}

describe("pairing preflights with their requests", () => {
  it("Chrome: the request its preflight stopped comes first, without Origin; the Origin is the preflight's, and it never left", () => {
    const result = readHarLog(har(stoppedByPreflight(0, { "Content-Type": "application/json" }, "content-type")));
    const item = only(result);
    expect(item.id).toBe("h0");
    expect(item.entries).toEqual([0, 1]);
    const { exchange } = item;
    expect(exchange.requestHeadersSent).toBe(false);
    expect(exchange.error).toBe("net::ERR_FAILED");
    expect(exchange.preflight?.response?.status).toBe(404);
    expect(exchange.requestHeaders).toContainEqual({ name: "Origin", value: PAGE });
    expect(exchange.observerFacts?.map((fact) => fact.fact)).toEqual(["initiator", "origin-sent"]);
    const entryOf = harReport(result, 0).entries[0]!;
    expect(entryOf.blocked).toBe(true);
    expect(entryOf.diagnosis.stage).toBe("preflight");
  });

  it("parallel requests to one URL: each preflight goes to the request whose headers it asked for", () => {
    const a = stoppedByPreflight(0, { "X-A": "1" }, "x-a");
    const b = stoppedByPreflight(0, { "X-B": "1" }, "x-b");
    // Order in the file: request A, request B, preflight for B, preflight for A.
    const result = readHarLog(har([a[0]!, b[0]!, b[1]!, a[1]!]));
    const byId = Object.fromEntries(result.exchanges.map((item) => [item.id, item.entries]));
    expect(byId).toEqual({ h0: [0, 3], h1: [1, 2] });
  });

  it("a preflight pairs only with a request of the method it asked for, and the nearest in time", () => {
    const entries = [
      entry({ method: "DELETE", url: `${API}/items`, request: { Origin: PAGE }, response: ALLOW, at: 0 }),
      entry({ method: "PUT", url: `${API}/items`, request: { Origin: PAGE }, response: ALLOW, at: 10 }),
      entry({ method: "OPTIONS", url: `${API}/items`, request: { Origin: PAGE, "Access-Control-Request-Method": "PUT" }, response: ALLOW, resourceType: "preflight", at: 11 }),
      entry({ method: "PUT", url: `${API}/items`, request: { Origin: PAGE }, response: ALLOW, at: 5_000 }),
    ];
    const result = readHarLog(har(entries));
    expect(result.exchanges.map((item) => [item.id, item.entries])).toEqual([
      ["h0", [0]],
      ["h1", [1, 2]],
      ["h3", [3]],
    ]);
  });

  it("a preflight whose request is not in the file is left out, with a notice", () => {
    const preflight = stoppedByPreflight(0, {}, "x-a")[1]!;
    const result = readHarLog(har([preflight]));
    expect(result.exchanges).toEqual([]);
    expect(noticeIds(result)).toContain("orphan-preflights");
  });

  it("Firefox: an OPTIONS with Access-Control-Request-Method is a preflight; a request it stopped has status 0 and is Firefox's refusal", () => {
    const entries = [
      entry({ method: "PUT", url: `${API}/items`, status: 0, request: { Origin: PAGE, "X-Lab": "1" } }),
      entry({ method: "OPTIONS", url: `${API}/items`, status: 204, request: { Origin: PAGE, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-lab" }, response: ALLOW }),
    ];
    const { exchange } = only(readHarLog(har(entries, { creator: FIREFOX })));
    expect(exchange.browser).toBe("firefox");
    expect(exchange.error).toBe("NS_ERROR_DOM_BAD_URI");
    expect(exchange.requestHeadersSent).toBe(false);
    expect(exchange.preflight?.requestHeaders).toContainEqual({ name: "Access-Control-Request-Headers", value: "x-lab" });
  });
});

describe("joining redirect hops", () => {
  const hop1 = (extra: Record<string, string> = ALLOW) =>
    entry({ url: `${API}/start`, status: 302, request: { Origin: PAGE }, response: { ...extra, Location: "http://127.0.0.1:5300/end" }, redirectURL: "http://127.0.0.1:5300/end", resourceType: "fetch", at: 0 });

  it("Chrome: one entry per hop becomes one request, with the Origin sent at each hop", () => {
    const entries = [hop1(), entry({ url: "http://127.0.0.1:5300/end", request: { Origin: "null" }, response: {}, error: "net::ERR_FAILED", resourceType: "fetch", at: 3 })];
    const item = only(readHarLog(har(entries)));
    expect(item.entries).toEqual([0, 1]);
    const { exchange } = item;
    expect(exchange.url).toBe(`${API}/start`);
    expect(exchange.redirects).toHaveLength(1);
    expect(exchange.redirects[0]).toMatchObject({ url: `${API}/start`, status: 302, location: "http://127.0.0.1:5300/end", requestHeaders: [{ name: "Origin", value: PAGE }] });
    expect(exchange.requestHeaders).toEqual([{ name: "Origin", value: "null" }]);
    expect(exchange.response?.url).toBe("http://127.0.0.1:5300/end");
    expect(exchange.initiator).toBe(PAGE);
    expect(harReport(readHarLog(har(entries)), 0).entries[0]!.redirects[0]!.origin).toBe(PAGE);
  });

  it("Chrome: a 3xx the browser refused (its own _error) ends the request, whatever entry comes later", () => {
    const refused = entry({ url: `${API}/start`, status: 302, request: { Origin: PAGE }, response: { Location: "http://127.0.0.1:5300/end" }, redirectURL: "http://127.0.0.1:5300/end", error: "net::ERR_FAILED", at: 0 });
    const later = entry({ url: "http://127.0.0.1:5300/end", request: { Origin: PAGE }, response: ALLOW, at: 50 });
    const result = readHarLog(har([refused, later]));
    expect(result.exchanges.map((item) => item.entries)).toEqual([[0], [1]]);
    expect(result.exchanges[0]!.exchange).toMatchObject({ error: "net::ERR_FAILED", redirects: [], response: { status: 302 } });
  });

  it("a preflight sent after a redirect belongs to that hop (preflightAfter)", () => {
    const entries = [
      entry({ method: "PUT", url: `${API}/start`, status: 307, request: { Origin: PAGE }, response: { ...ALLOW, Location: "http://127.0.0.1:5300/end" }, redirectURL: "http://127.0.0.1:5300/end", at: 0 }),
      entry({ method: "PUT", url: "http://127.0.0.1:5300/end", status: 0, request: { "X-Lab": "1" }, error: "net::ERR_FAILED", at: 3 }),
      entry({ method: "OPTIONS", url: "http://127.0.0.1:5300/end", status: 200, request: { Origin: "null", "Access-Control-Request-Method": "PUT" }, resourceType: "preflight", at: 4 }),
    ];
    const { exchange, entries: joined } = only(readHarLog(har(entries)));
    expect(joined).toEqual([0, 1, 2]);
    expect(exchange.preflight).toBeUndefined();
    expect(exchange.redirects[0]!.preflightAfter?.url).toBe("http://127.0.0.1:5300/end");
    expect(exchange.requestHeadersSent).toBe(false);
  });

  it.each([
    ["a status-0 entry for the unsent target", [entry({ url: "http://127.0.0.1:5300/end", status: 0, request: { Origin: "null" }, at: 3 })], [0, 1]],
    ["no entry for the target", [], [0]],
  ])("Firefox: a redirect it refused, with %s, ends on the 3xx (Firefox's NS_ERROR_UNEXPECTED)", (_what, rest, joined) => {
    const item = only(readHarLog(har([hop1({}), ...rest], { creator: FIREFOX })));
    expect(item.entries).toEqual(joined);
    expect(item.exchange).toMatchObject({ browser: "firefox", error: "NS_ERROR_UNEXPECTED", redirects: [], response: { status: 302 }, completed: false });
  });
});

describe("redirects nothing followed, and the redirect limit (Firefox and other writers)", () => {
  const hop = (i: number, extra: Record<string, string> = {}) =>
    entry({ url: `${API}/loop${i}`, status: 302, request: { Origin: i === 0 ? PAGE : "null" }, response: { "Access-Control-Allow-Origin": "*", Location: `${API}/loop${i + 1}`, ...extra }, redirectURL: `${API}/loop${i + 1}`, at: i });

  it("a 3xx whose headers pass, that nothing followed, was read by the page (redirect: 'manual' or 'error'): completed, no refusal", () => {
    const result = readHarLog(har([entry({ url: `${API}/start`, status: 302, request: { Origin: PAGE }, response: { ...ALLOW, Location: `${API}/end` }, redirectURL: `${API}/end` })], { creator: FIREFOX }));
    const { exchange } = only(result);
    expect(exchange).toMatchObject({ completed: true, response: { status: 302 } });
    expect(exchange.error).toBeUndefined();
    expect(exchange.observerFacts?.find((fact) => fact.fact === "verdict-source")?.evidence).toMatch(/read the redirect itself/);
    expect(harReport(result, 0).entries[0]!.blocked).toBe(false);
  });

  it("more than 20 redirects is the redirect limit, a network error: not blocked", () => {
    const result = readHarLog(har(Array.from({ length: 21 }, (_, i) => hop(i)), { creator: FIREFOX }));
    const item = only(result);
    expect(item.exchange.redirects).toHaveLength(20);
    expect(item.exchange.error).toBe("NS_ERROR_REDIRECT_LOOP");
    expect(harReport(result, 0).entries[0]!.diagnosis.verdict).toBe("unrelated-failure");
  });
});

describe("header values as Chrome's HAR writes them (one character per byte)", () => {
  it.each([
    ["ASCII", "http://a.example", "http://a.example"],
    ["UTF-8 bytes", "caf\u00c3\u00a9", "caf\u00e9"],
    ["a latin1 byte (not UTF-8): webRequest gives no text", "http://caf\u00e9.example", ""],
    ["characters beyond one byte: already text", "\u2603", "\u2603"],
  ])("%s", (_what, written, seen) => {
    expect(asWebRequestValue(written)).toBe(seen);
  });
});

describe("the page's origin", () => {
  it.each([
    ["the Origin header", { Origin: PAGE, Referer: "http://other.test/x" }, [], "Origin header"],
    ["the Referer, when no Origin was recorded", { "Sec-Fetch-Mode": "cors", Referer: `${PAGE}/app/page.html` }, [], "Referer"],
    ["the page's URL (log.pages), when neither", { "Sec-Fetch-Mode": "cors" }, [{ id: "page_1", title: `${PAGE}/app/` }], "log.pages"],
  ])("comes from %s, and says so", (_what, request, pages, evidence) => {
    const result = readHarLog(har([entry({ url: `${API}/a`, request, response: ALLOW, pageref: "page_1" })], { pages }));
    const { exchange } = only(result);
    expect(exchange.initiator).toBe(PAGE);
    const fact = exchange.observerFacts?.find((each) => each.fact === "initiator");
    expect(fact?.evidence).toContain(evidence);
    expect(harReport(result, 0).entries[0]!.diagnosis.inferred[0]).toEqual(fact);
  });

  it.each([
    ["a same-origin request", entry({ url: `${PAGE}/api`, request: { "Sec-Fetch-Mode": "cors", Referer: `${PAGE}/` } })],
    ["a same-origin POST with Origin", entry({ method: "POST", url: `${PAGE}/api`, request: { Origin: PAGE } })],
    ["a navigation", entry({ url: `${API}/`, request: { "Sec-Fetch-Mode": "navigate" }, resourceType: "document" })],
    ["an image without Origin (no-cors)", entry({ url: `${API}/logo.png`, request: { Referer: `${PAGE}/` }, resourceType: "image" })],
    ["a no-cors request with Origin", entry({ method: "POST", url: `${API}/form`, request: { Origin: PAGE, "Sec-Fetch-Mode": "no-cors" } })],
  ])("leaves out %s", (_what, input) => {
    const result = readHarLog(har([input]));
    expect(result.exchanges).toEqual([]);
    expect(noticeIds(result)).toContain("no-cross-origin");
  });
});

describe("the credentials mode", () => {
  const credentialed = (request: Record<string, string>) => entry({ url: `${API}/me`, request: { Origin: PAGE, ...request }, response: { "Access-Control-Allow-Origin": "*" }, error: "net::ERR_FAILED", resourceType: "fetch" });

  it("a Cookie (redacted on arrival) shows credentials 'include'; no sanitized notice then", () => {
    const result = readHarLog(har([credentialed({ Cookie: "session=s3cr3t" })]));
    const { exchange } = only(result);
    expect(exchange.requestHeaders).toContainEqual({ name: "Cookie", value: "[redacted]" });
    expect(exchange.redactedHeaders).toContain("cookie");
    expect(noticeIds(result)).not.toContain("sanitized");
    const diagnosis = harReport(result, 0).entries[0]!.diagnosis;
    expect(diagnosis.code).toBe("WildcardOriginNotAllowed");
    expect(diagnosis.inferred.find((fact) => fact.fact === "credentials-mode")?.value).toBe("include");
  });

  it("Sec-Fetch-Storage-Access shows it in a sanitized file", () => {
    const result = readHarLog(har([credentialed({ "Sec-Fetch-Storage-Access": "none" })]));
    expect(noticeIds(result)).toContain("sanitized");
    expect(harReport(result, 0).entries[0]!.diagnosis.code).toBe("WildcardOriginNotAllowed");
  });

  it("a Chrome file without any Cookie or Authorization gets the 'sanitized' notice; each request says what it assumed", () => {
    const result = readHarLog(har([entry({ url: `${API}/me`, request: { Origin: PAGE }, response: {}, error: "net::ERR_FAILED", resourceType: "fetch" })]));
    expect(result.notices.find((notice) => notice.id === "sanitized")?.message).toMatch(/Export HAR \(sanitized\)/);
    const fact = harReport(result, 0).entries[0]!.diagnosis.inferred.find((each) => each.fact === "credentials-mode");
    expect(fact?.value).toBe("unknown");
  });

  it.each([
    ["include", "include", "WildcardOriginNotAllowed"],
    ["omit", "omit or same-origin", null],
  ] as const)("--credentials %s states the mode (credentialsWitness 'stated'), and the diagnosis says so", (mode, value, code) => {
    const input = har([entry({ url: `${API}/me`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": "*" }, resourceType: "fetch", ...(code ? { error: "net::ERR_FAILED" } : {}) })]);
    const result = readHarLog(input, { credentials: mode });
    expect(only(result).exchange.credentialsWitness).toEqual({ mode, via: "stated" });
    expect(noticeIds(result)).toContain("credentials-stated");
    const diagnosis = harReport(result, 0).entries[0]!.diagnosis;
    expect(diagnosis.code).toBe(code);
    const fact = diagnosis.inferred.find((each) => each.fact === "credentials-mode");
    expect(fact?.value).toBe(value);
    expect(fact?.evidence).toMatch(/stated by whoever read this recording/);
  });
});

describe("redaction on import", () => {
  it("removes secrets from headers, URLs and Location, and never reads cookies arrays or request bodies", () => {
    const entries = [
      entry({
        method: "POST",
        url: `${API}/login?access_token=tok123&page=2`,
        request: { Origin: PAGE, Authorization: "Bearer abc.def", "X-Api-Key": "key-999", "Content-Type": "text/plain" },
        response: { ...ALLOW, "Set-Cookie": "sid=zzz", Location: `${API}/next?token=loc456` },
        cookies: [{ name: "sid", value: "cookie-value-777" }],
        postData: '{"password":"hunter2"}',
        resourceType: "fetch",
      }),
    ];
    const result = readHarLog(har(entries));
    const text = JSON.stringify(result) + JSON.stringify(harReport(result, 0));
    for (const secret of ["tok123", "abc.def", "key-999", "zzz", "loc456", "cookie-value-777", "hunter2"]) expect(text).not.toContain(secret);
    const { exchange } = only(result);
    expect(exchange.url).toBe(`${API}/login?access_token=REDACTED&page=2`);
    expect(exchange.redactedHeaders).toEqual(expect.arrayContaining(["authorization", "x-api-key", "set-cookie"]));
  });
});

describe("what each writer records of the outcome", () => {
  it("Chrome: an answered request without _error completed; with it, refused (its headers kept)", () => {
    const result = readHarLog(
      har([
        entry({ url: `${API}/ok`, request: { Origin: PAGE }, response: ALLOW, error: null, resourceType: "xhr", fromCache: "disk" }),
        entry({ url: `${API}/no`, request: { Origin: PAGE }, response: { "X-Other": "1" }, error: "net::ERR_FAILED", resourceType: "fetch" }),
      ]),
      {},
    );
    const [ok, no] = result.exchanges.map((item) => item.exchange);
    expect(ok).toMatchObject({ completed: true, resourceType: "xmlhttprequest", response: { fromCache: true } });
    expect(ok!.error).toBeUndefined();
    expect(no).toMatchObject({ completed: false, error: "net::ERR_FAILED", response: { headers: [{ name: "X-Other", value: "1" }] } });
    expect(harReport(result, 0).entries.map((each) => [each.blocked, each.diagnosis.code])).toEqual([
      [false, null],
      [true, "MissingAllowOriginHeader"],
    ]);
  });

  it("Chrome: a request with no response, no error and status 0 is unfinished: left out, with a notice", () => {
    const result = readHarLog(har([entry({ url: `${API}/slow`, status: 0, request: { Origin: PAGE }, resourceType: "fetch" })]));
    expect(result.exchanges).toEqual([]);
    expect(noticeIds(result)).toContain("unfinished");
  });

  it("Firefox: a refused response keeps status 200 and completes; the engine judges its headers by Firefox's rules", () => {
    const result = readHarLog(har([entry({ url: `${API}/no`, request: { Origin: PAGE, "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors" }, response: {} })], { creator: FIREFOX }));
    expect(result.flavor).toBe("firefox");
    expect(only(result).exchange).toMatchObject({ browser: "firefox", completed: true, resourceType: "xmlhttprequest" });
    expect(noticeIds(result)).toContain("firefox");
    const diagnosis = harReport(result, 0).entries[0]!.diagnosis;
    expect(diagnosis.firefoxReason?.key).toBe("CORSMissingAllowOrigin");
  });

  it("another writer (Playwright): judged from headers by the one judge, said so; a file without any preflight gets a notice", () => {
    const entries = [
      entry({ url: `${API}/no`, request: { Origin: PAGE }, response: {} }),
      entry({ method: "PUT", url: `${API}/put`, request: { Origin: PAGE, "Content-Type": "application/json" }, response: ALLOW }),
    ];
    const result = readHarLog(har(entries, { creator: PLAYWRIGHT }));
    expect(result.flavor).toBe("other");
    expect(result.creator).toBe("Playwright 1.57.0");
    expect(noticeIds(result)).toEqual(expect.arrayContaining(["other-writer", "no-preflights"]));
    const [refused, passed] = result.exchanges.map((item) => item.exchange);
    expect(refused).toMatchObject({ error: "net::ERR_FAILED", completed: false });
    expect(refused!.observerFacts?.find((fact) => fact.fact === "verdict-source")?.evidence).toMatch(/fail Chromium's checks/);
    expect(passed).toMatchObject({ completed: true });
    expect(harReport(result, 0).entries.map((each) => each.diagnosis.verdict)).toEqual(["blocked", "allowed"]);
  });

  it("another writer's failed request without its headers (Playwright: status -1, _failureText) is counted in a notice, not judged", () => {
    const failed = { ...entry({ url: `${API}/a`, request: { Referer: `${PAGE}/` }, resourceType: "fetch" }), response: { status: -1, headers: [], _failureText: "net::ERR_FAILED" } };
    const result = readHarLog(har([failed], { creator: PLAYWRIGHT }));
    expect(result.exchanges).toEqual([]);
    expect(result.notices.find((notice) => notice.id === "headers-missing")?.message).toMatch(/^1 cross-origin request failed/);
  });

  it("the flavour comes from log.creator", () => {
    const one = [entry({ url: `${API}/a`, request: { Origin: PAGE }, response: ALLOW })];
    expect(readHarLog(har(one, { creator: CHROME })).flavor).toBe("chromium");
    expect(readHarLog(har(one, { creator: FIREFOX })).flavor).toBe("firefox");
    expect(readHarLog(har(one, { creator: { name: "WebKit Web Inspector", version: "1" } })).flavor).toBe("other");
  });
});

describe("determinism, provisional entries and the report", () => {
  it("the same entries give the same result", () => {
    const input = har([...stoppedByPreflight(0, { "X-A": "1" }, "x-a"), entry({ url: `${API}/b`, request: { Origin: PAGE }, response: ALLOW, at: 9 })]);
    expect(readHarLog(structuredClone(input))).toEqual(readHarLog(structuredClone(input)));
  });

  it.each([
    ["status 0, no headers, no _error, no redirectURL", entry({ url: `${API}/a`, status: 0 }), true],
    ["no response at all", { request: { method: "GET", url: `${API}/a` } }, true],
    ["status 0 with _error (stopped by its preflight)", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED" }), false],
    ["an answer", entry({ url: `${API}/a`, response: ALLOW }), false],
    ["a redirect", entry({ url: `${API}/a`, status: 0, redirectURL: `${API}/b` }), false],
    ["not an entry", "x", false],
  ])("isProvisionalEntry: %s → %s", (_what, input, provisional) => {
    expect(isProvisionalEntry(input)).toBe(provisional);
  });

  it.each([
    ["status 0 with _error, sent with Origin (a refused response whose raw data came late, or a failure)", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED", request: { Origin: PAGE } }), true],
    ["status 0 with _error, request headers without Origin (stopped by its preflight)", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED" }), false],
    [
      "status 0 with _error, a same-origin request (its Referer names its origin: a refused redirect whose raw data came late)",
      entry({ url: `${PAGE}/a`, status: 0, error: "net::ERR_FAILED", request: { Referer: `${PAGE}/index.html` } }),
      true,
    ],
    [
      "status 0 with _error, a cross-origin request without Origin (stopped by its preflight; its Referer names the page)",
      entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED", request: { Referer: `${PAGE}/index.html` } }),
      false,
    ],
    ["status 0, no _error (provisional for sure, the other rule)", entry({ url: `${API}/a`, status: 0, request: { Origin: PAGE } }), false],
    ["an answer sent with Origin", entry({ url: `${API}/a`, request: { Origin: PAGE }, response: ALLOW }), false],
    ["a redirect sent with Origin", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED", request: { Origin: PAGE }, redirectURL: `${API}/b` }), false],
    [
      "a preflight without Access-Control-Request-Method (its request headers not attached yet)",
      entry({ method: "OPTIONS", url: `${API}/a`, status: 204, request: {}, response: ALLOW, resourceType: "preflight" }),
      true,
    ],
    [
      "a preflight with its question",
      entry({ method: "OPTIONS", url: `${API}/a`, status: 204, request: { Origin: PAGE, "Access-Control-Request-Method": "GET" }, response: ALLOW, resourceType: "preflight" }),
      false,
    ],
    ["not an entry", "x", false],
  ])("mayBeProvisionalEntry: %s → %s", (_what, input, doubtful) => {
    expect(mayBeProvisionalEntry(input)).toBe(doubtful);
  });

  it.each([
    ["status 0 with _error, request headers without Origin (stopped by its preflight, or a refused response whose raw data came late)", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED" }), true],
    ["status 0 with _error, sent with Origin (the other rule)", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED", request: { Origin: PAGE } }), false],
    ["status 0, no _error (provisional)", entry({ url: `${API}/a`, status: 0 }), false],
    ["a refused redirect", entry({ url: `${API}/a`, status: 0, error: "net::ERR_FAILED", redirectURL: `${API}/b` }), false],
    ["an answer", entry({ url: `${API}/a`, response: ALLOW }), false],
    ["a preflight that failed", entry({ method: "OPTIONS", url: `${API}/a`, status: 0, error: "net::ERR_FAILED", resourceType: "preflight" }), false],
    ["not an entry", "x", false],
  ])("mayBeStoppedByPreflight: %s → %s", (_what, input, shaped) => {
    expect(mayBeStoppedByPreflight(input)).toBe(shaped);
  });

  it("harReport: one entry per exchange, judged, no tab, ids kept, requests CORS did not govern left out", () => {
    const result = readHarLog(
      har([
        entry({ url: `${API}/a`, request: { Origin: PAGE }, response: ALLOW, at: 1_000 }),
        entry({ method: "POST", url: `${API}/b`, request: { Origin: PAGE, "Sec-Fetch-Mode": "cors" }, response: ALLOW, at: 2_000 }),
      ]),
    );
    const report = harReport(result, Date.parse("2026-12-07T12:00:00Z"));
    expect(report).toMatchObject({ format: "cors-doctor-report", version: 1, generatedAt: "2026-12-07T12:00:00.000Z" });
    expect(report.entries.map((each) => [each.id, each.tabId, each.startedAt - Date.parse("2026-12-07T10:00:00Z")])).toEqual([
      ["h0", -1, 1_000],
      ["h1", -1, 2_000],
    ]);
  });
});
