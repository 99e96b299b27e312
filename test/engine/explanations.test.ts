// What the user reads: titles, explanations, console text, preflight reasons, check rows,
// inferred facts, advisories and fix requirements name the actual values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consoleMessage, diagnose, unsafeHeaderReasons } from "../../src/engine";
import { answered, API, DATA_URL, exchange, PAGE, redirect, respond } from "./fixtures";
import { buildExchange, removableHeaders, wellFormed } from "./properties";

const ACAO = "Access-Control-Allow-Origin";

describe("a 401 preflight reported as PreflightMissingAllowOriginHeader", () => {
  const diagnosis = diagnose(
    exchange({ method: "PUT", pageHeaders: { Authorization: "[redacted]", "Content-Type": "application/json" }, preflight: answered(401), blocked: true }),
  );

  it("still surfaces the status in the title, the explanation and a check row", () => {
    expect(diagnosis.code).toBe("PreflightMissingAllowOriginHeader");
    expect(diagnosis.title).toBe("Preflight answered 401 without CORS headers");
    expect(diagnosis.explanation).toContain("auth middleware answered OPTIONS");
    expect(diagnosis.explanation).toContain("PUT http://api.test:8080/data");
    expect(diagnosis.checks).toContainEqual(expect.objectContaining({ stage: "preflight", header: "Status", received: "401", ok: false }));
  });

  it("marks exactly the Allow-Origin row as failing", () => {
    const failing = diagnosis.checks.filter((check) => check.failing);
    expect(failing).toEqual([expect.objectContaining({ header: "Access-Control-Allow-Origin", received: null })]);
  });

  it("explains the preflight from Access-Control-Request-Method/-Headers", () => {
    expect(diagnosis.preflightReasons.map((reason) => [reason.kind, reason.subject])).toEqual([
      ["method", "PUT"],
      ["header", "authorization"],
      ["content-type", "content-type"],
    ]);
  });

  it("hands the fix library what the server must send", () => {
    expect(diagnosis.requirements).toEqual({
      origin: PAGE,
      methods: ["PUT"],
      requestHeaders: ["authorization", "content-type"],
      credentials: false,
      exposeHeaders: [],
      preflight: true,
      preflightStatus: 401,
      path: "/data",
      serverOrigin: "http://api.test:8080",
    });
    expect(diagnosis.genericFix).toContain("OPTIONS /data");
  });

  it("rebuilds Chromium's console message", () => {
    expect(diagnosis.consoleMessage).toBe(
      `Access to fetch at '${DATA_URL}' from origin '${PAGE}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });
});

describe("console messages", () => {
  it("adds the no-cors hint for fetch and names the method", () => {
    expect(diagnose(exchange({ blocked: true, response: respond(200) })).consoleMessage).toBe(
      `Access to fetch at '${DATA_URL}' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.`,
    );
    expect(diagnose(exchange({ method: "PUT", preflight: answered(204, { [ACAO]: "*", "Access-Control-Allow-Methods": "GET" }), blocked: true })).consoleMessage).toBe(
      `Access to fetch at '${DATA_URL}' from origin '${PAGE}' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`,
    );
  });

  it("says where a redirect came from", () => {
    const next = "http://api.test:8080/v2/data";
    const diagnosis = diagnose(exchange({ redirects: [redirect(301, next, { [ACAO]: "*" })], blocked: true, response: respond(200, {}, next) }));
    expect(diagnosis.consoleMessage).toBe(
      `Access to fetch at '${next}' (redirected from '${DATA_URL}') from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.`,
    );
  });

  it("uses the resource kind and the value for other initiators", () => {
    expect(
      consoleMessage({ code: "AllowOriginMismatch", failedParameter: "https://x.test", url: "https://cdn.test/f.woff2", origin: PAGE, resourceType: "font", method: "GET" }),
    ).toBe(`Access to font at 'https://cdn.test/f.woff2' from origin '${PAGE}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://x.test' that is not equal to the supplied origin.`);
  });
});

describe("inferred facts and advisories", () => {
  it("records how credentials were inferred", () => {
    const diagnosis = diagnose(exchange({ blocked: true, response: respond(200, { [ACAO]: PAGE }) }));
    expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "credentials-mode", value: "include" }));
    expect(diagnosis.inferred.find((fact) => fact.fact === "credentials-mode")?.evidence).toContain("InvalidAllowCredentials");
  });

  it("records that an Authorization value is hidden and who set it", () => {
    const diagnosis = diagnose(exchange({ method: "PUT", pageHeaders: { Authorization: "[redacted]" }, preflight: answered(204), blocked: true }));
    expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "authorization", value: "present (value hidden)", evidence: expect.stringContaining("page set") }));
  });

  it("takes a Cookie header as proof", () => {
    const diagnosis = diagnose(exchange({ cookie: true, blocked: true, response: respond(200, { [ACAO]: "*" }) }));
    expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "credentials-mode", value: "include", evidence: expect.stringContaining("Cookie") }));
  });

  it("takes Sec-Fetch-Storage-Access as proof of credentials 'include' (Chromium sends it on no other request)", () => {
    // An auth layer answered 401 before any CORS header: the fix must still carry credentials.
    const diagnosis = diagnose(exchange({ extraRequestHeaders: { "Sec-Fetch-Storage-Access": "none" }, blocked: true, response: respond(401) }));
    expect(diagnosis.inferred).toContainEqual(
      expect.objectContaining({ fact: "credentials-mode", value: "include", evidence: expect.stringContaining("Sec-Fetch-Storage-Access: none") }),
    );
    expect(diagnosis.requirements?.credentials).toBe(true);
    const without = diagnose(exchange({ blocked: true, response: respond(401) }));
    expect(without.requirements?.credentials).toBe(false);
  });

  it("records the request mode with evidence when Sec-Fetch-Mode is absent", () => {
    const diagnosis = diagnose(exchange({ blocked: true, response: respond(200) }));
    expect(diagnosis.inferred).toContainEqual(expect.objectContaining({ fact: "request-mode", value: "cors", evidence: expect.stringContaining("Origin") }));
  });

  it("warns that Allow-Headers * covering Authorization is Chromium-only", () => {
    const diagnosis = diagnose(
      exchange({ method: "PUT", pageHeaders: { Authorization: "[redacted]" }, preflight: answered(204, { [ACAO]: "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "PUT" }), response: respond(200, { [ACAO]: "*" }) }),
    );
    expect(diagnosis.verdict).toBe("allowed");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).toContain("allow-headers-star-authorization");
  });

  it("suggests Vary: Origin on a storable echoing response and Expose-Headers on allowed responses", () => {
    const diagnosis = diagnose(exchange({ response: respond(200, { [ACAO]: PAGE, "Cache-Control": "max-age=60", "X-Total-Count": "5" }) }));
    expect(diagnosis.verdict).toBe("allowed");
    expect(diagnosis.advisories.map((advisory) => advisory.id)).toEqual(["vary-origin", "expose-headers"]);
    expect(diagnosis.advisories[0]?.message).toContain("Cache-Control: max-age=60");
    expect(diagnosis.advisories[1]?.message).toContain("x-total-count");
  });

  it("gives no Vary advice when no cache may store the response, or it already varies on Origin", () => {
    const cases: Record<string, string>[] = [{ "Cache-Control": "no-store" }, {}, { "Cache-Control": "max-age=60", Vary: "Accept-Encoding, Origin" }];
    for (const extra of cases) {
      const diagnosis = diagnose(exchange({ response: respond(200, { [ACAO]: PAGE, ...extra }) }));
      expect(diagnosis.advisories.map((advisory) => advisory.id), JSON.stringify(extra)).not.toContain("vary-origin");
    }
  });

  it("notices a preflight served from the cache", () => {
    const diagnosis = diagnose(exchange({ method: "PUT", pageHeaders: { "X-Token": "1" }, response: respond(200, { [ACAO]: "*" }) }));
    expect(diagnosis.advisories).toContainEqual(expect.objectContaining({ id: "preflight-from-cache", message: expect.stringContaining("PUT, x-token") }));
  });

  it("a mode that cannot be told still matters for the fix: the diagnosis says which one the fix assumes", () => {
    // Authentication answered the preflight 401 with no CORS header: the same failure with and
    // without credentials, but the fix that follows must allow them if the page sends them.
    const diagnosis = diagnose(exchange({ method: "PUT", pageHeaders: { "x-a": "1" }, preflight: answered(401), blocked: true }));
    expect(diagnosis.code).toBe("PreflightMissingAllowOriginHeader");
    const mode = diagnosis.inferred.find((fact) => fact.fact === "credentials-mode");
    expect(mode?.value).toBe("unknown");
    expect(mode?.evidence).toMatch(/cannot be told from this request\. The fix assumes no credentials .*must allow credentials too/);
    expect(mode?.evidence).not.toMatch(/does not matter/);
    expect(diagnosis.requirements?.credentials).toBe(false);
  });

  it("names the alternative code when credentials are ambiguous", () => {
    const diagnosis = diagnose(exchange({ method: "PUT", pageHeaders: { "x-a": "1" }, preflight: answered(204, { [ACAO]: "*", "Access-Control-Allow-Methods": "*" }), blocked: true }));
    expect(diagnosis.code).toBe("HeaderDisallowedByPreflightResponse");
    expect(diagnosis.advisories).toContainEqual(expect.objectContaining({ id: "credentials-ambiguous", message: expect.stringContaining("PreflightWildcardOriginNotAllowed") }));
  });
});

describe("explanations name the values", () => {
  it("mismatch: both origins and the trailing-slash hint", () => {
    const diagnosis = diagnose(exchange({ blocked: true, response: respond(200, { [ACAO]: `${PAGE}/` }) }));
    expect(diagnosis.explanation).toContain(`'${PAGE}/'`);
    expect(diagnosis.explanation).toContain(`'${PAGE}'`);
    expect(diagnosis.explanation).toContain("trailing slash");
  });

  it("method: the lower-case method and the normalization rule", () => {
    const diagnosis = diagnose(exchange({ method: "patch", preflight: answered(204, { [ACAO]: PAGE, "Access-Control-Allow-Methods": "PATCH" }), blocked: true }));
    expect(diagnosis.title).toBe("Method patch not allowed by the preflight");
    expect(diagnosis.explanation).toContain("'PATCH'");
  });

  it("unknown verdicts say why", () => {
    const diagnosis = diagnose(exchange({ blocked: true, response: respond(200, { [ACAO]: PAGE, "Access-Control-Allow-Credentials": "true" }) }));
    expect(diagnosis.verdict).toBe("unknown");
    expect(diagnosis.explanation).toMatch(/^Cannot tell, because .*every CORS check/);
  });

  it("network failures are never called CORS", () => {
    const diagnosis = diagnose(exchange({ error: "net::ERR_NAME_NOT_RESOLVED" }));
    expect(diagnosis.title).toBe("Network error: ERR_NAME_NOT_RESOLVED");
    expect(diagnosis.explanation).toContain("not a CORS failure");
    expect(diagnosis.code).toBeUndefined();
  });

  it.each([
    ["Chromium", exchange({ response: redirect(302, `${API}/again`, { [ACAO]: PAGE }), error: "net::ERR_TOO_MANY_REDIRECTS" })],
    ["Firefox", { ...exchange({ response: redirect(302, `${API}/again`, { [ACAO]: PAGE }), error: "NS_ERROR_REDIRECT_LOOP" }), browser: "firefox" as const }],
  ])("the redirect limit (%s) is named, and not called CORS", (_browser, observed) => {
    const diagnosis = diagnose(observed);
    expect(diagnosis.verdict).toBe("unrelated-failure");
    expect(diagnosis.explanation).toContain("more than 20 times");
    expect(diagnosis.explanation).toContain("not a CORS failure");
  });
});

describe("preflight reasons under the safelist rules", () => {
  it("a safelisted header over 128 bytes", () => {
    const long = "en-US,".repeat(30);
    const reasons = unsafeHeaderReasons([{ name: "Accept-Language", value: long }]);
    expect(reasons).toEqual([expect.objectContaining({ kind: "header-value-too-long", subject: "accept-language" })]);
  });

  it("safelisted values adding up to more than 1,024 bytes", () => {
    const names = ["accept", "accept-language", "content-language", "dpr", "width", "viewport-width", "device-memory", "rtt", "downlink"];
    const reasons = unsafeHeaderReasons(names.map((name) => ({ name, value: "1".repeat(120) })));
    expect(reasons).toHaveLength(names.length);
    expect(new Set(reasons.map((reason) => reason.kind))).toEqual(new Set(["safelisted-total-too-long"]));
  });

  it("content types and forbidden headers", () => {
    expect(unsafeHeaderReasons([{ name: "Content-Type", value: "application/json" }])).toEqual([expect.objectContaining({ kind: "content-type" })]);
    expect(unsafeHeaderReasons([{ name: "Content-Type", value: "text/plain; charset=utf-8" }])).toEqual([]);
    expect(unsafeHeaderReasons([{ name: "Cookie", value: "a=b" }, { name: "Sec-Fetch-Mode", value: "cors" }])).toEqual([]);
  });

  it("uses the actual value of a sent safelisted header named in ACRH", () => {
    const long = "x".repeat(200);
    const diagnosis = diagnose(
      exchange({ method: "POST", pageHeaders: { Accept: long }, preflight: answered(204, { [ACAO]: "*", "Access-Control-Allow-Headers": "accept" }), blocked: true, response: respond(200) }),
    );
    expect(diagnosis.preflightReasons).toEqual([expect.objectContaining({ kind: "header-value-too-long", subject: "accept" })]);
  });
});

describe("every blocked diagnosis from a removed header", () => {
  it("has exactly one failing check, requirements and a console message", () => {
    const samples = fc.sample(wellFormed.chain((spec) => fc.tuple(fc.constant(spec), fc.constantFrom(...removableHeaders(spec)))), { numRuns: 100, seed: 7 });
    for (const [spec, removed] of samples) {
      const diagnosis = diagnose(buildExchange(spec, removed));
      expect(diagnosis.checks.filter((check) => check.failing)).toHaveLength(1);
      expect(diagnosis.requirements?.origin).toBe(spec.origin);
      expect(diagnosis.consoleMessage).toContain(`from origin '${spec.origin}'`);
    }
  });
});
