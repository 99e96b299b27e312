// The request plan as a table: a page's request → exactly the header lines Chromium sends. The
// expected lines are those Chromium 156 sent to the lab (test/cli/probe-agreement.e2e.test.ts
// compares every preflight and request of the lab with Chromium's, header for header, in one run).
import { describe, expect, it } from "vitest";
import { CHROMIUM_USER_AGENT, planRedirect, planRequest, siteRelation, type PageRequest } from "../../src/engine/request-plan";
import type { HeaderList } from "../../src/engine/types";

const PAGE = "http://localhost:5173";
const A = "http://localhost:8081";
const B = "http://127.0.0.1:8082";
const UA = { name: "User-Agent", value: CHROMIUM_USER_AGENT };
const REFERER = { name: "Referer", value: `${PAGE}/` };
const lines = (...pairs: [string, string][]): HeaderList => pairs.map(([name, value]) => ({ name, value }));
const metadata = (site: string): HeaderList => lines(["Sec-Fetch-Site", site], ["Sec-Fetch-Mode", "cors"], ["Sec-Fetch-Dest", "empty"]);

interface Row {
  readonly name: string;
  readonly request: PageRequest;
  /** The OPTIONS header lines, or null when Chromium sends no preflight. */
  readonly preflight: HeaderList | null;
  readonly actual: HeaderList;
}

const rows: Row[] = [
  {
    name: "simple GET to another port of the same host: no preflight, same-site",
    request: { url: `${A}/x`, pageOrigin: PAGE },
    preflight: null,
    actual: [UA, ...lines(["Accept", "*/*"], ["Origin", PAGE]), ...metadata("same-site"), REFERER],
  },
  {
    name: "PUT with a string body: preflight for the method; the body's default Content-Type",
    request: { url: `${A}/x`, pageOrigin: PAGE, method: "put", body: "{}" },
    preflight: [...lines(["Accept", "*/*"], ["Access-Control-Request-Method", "PUT"], ["Origin", PAGE]), UA, ...metadata("same-site"), REFERER],
    actual: [...lines(["Content-Type", "text/plain;charset=UTF-8"]), UA, ...lines(["Accept", "*/*"], ["Origin", PAGE]), ...metadata("same-site"), REFERER],
  },
  {
    name: "headers named lower-cased, sorted, comma-joined without spaces; safelisted ones left out",
    request: { url: `${B}/x`, pageOrigin: PAGE, headers: lines(["X-Trace-Id", "t"], ["X-Api-Key", "k"], ["Accept-Language", "en"]) },
    preflight: [...lines(["Accept", "*/*"], ["Access-Control-Request-Method", "GET"], ["Access-Control-Request-Headers", "x-api-key,x-trace-id"], ["Origin", PAGE]), UA, ...metadata("cross-site"), REFERER],
    actual: [...lines(["X-Trace-Id", "t"], ["X-Api-Key", "k"], ["Accept-Language", "en"]), UA, ...lines(["Accept", "*/*"], ["Origin", PAGE]), ...metadata("cross-site"), REFERER],
  },
  {
    name: "lower-case patch stays patch (only the six standard methods are upper-cased)",
    request: { url: `${B}/x`, pageOrigin: PAGE, method: "patch" },
    preflight: [...lines(["Accept", "*/*"], ["Access-Control-Request-Method", "patch"], ["Origin", PAGE]), UA, ...metadata("cross-site"), REFERER],
    actual: [UA, ...lines(["Accept", "*/*"], ["Origin", PAGE]), ...metadata("cross-site"), REFERER],
  },
  {
    name: "credentials include, cross-site: Sec-Fetch-Storage-Access on the request, never on the preflight",
    request: { url: `${B}/x`, pageOrigin: PAGE, method: "DELETE", credentials: "include" },
    preflight: [...lines(["Accept", "*/*"], ["Access-Control-Request-Method", "DELETE"], ["Origin", PAGE]), UA, ...metadata("cross-site"), REFERER],
    actual: [UA, ...lines(["Accept", "*/*"], ["Origin", PAGE]), ...metadata("cross-site"), ...lines(["Sec-Fetch-Storage-Access", "none"]), REFERER],
  },
  {
    name: "same-origin GET: no Origin, no preflight",
    request: { url: `${PAGE}/x`, pageOrigin: PAGE, headers: lines(["X-Api-Key", "k"]) },
    preflight: null,
    actual: [...lines(["X-Api-Key", "k"]), UA, ...lines(["Accept", "*/*"]), ...metadata("same-origin"), REFERER],
  },
  {
    name: "a non-trustworthy URL (http, not loopback): no Sec-Fetch-* at all",
    request: { url: "http://api.example.com/x", pageOrigin: "http://app.example.com" },
    preflight: null,
    actual: [UA, ...lines(["Accept", "*/*"], ["Origin", "http://app.example.com"], ["Referer", "http://app.example.com/"])],
  },
  {
    name: "the page's own Accept replaces the default",
    request: { url: `${A}/x`, pageOrigin: PAGE, headers: lines(["Accept", "application/json"]) },
    preflight: null,
    actual: [...lines(["Accept", "application/json"]), UA, ...lines(["Origin", PAGE]), ...metadata("same-site"), REFERER],
  },
];

describe("the request plan: a page's request → the header lines Chromium sends", () => {
  it.each(rows)("$name", ({ request, preflight, actual }) => {
    const plan = planRequest(request);
    expect(plan.first.preflight?.headers ?? null).toEqual(preflight);
    expect(plan.first.request.headers).toEqual(actual);
  });

  it("counts a safelisted value over 128 bytes as unsafe, and all of them once the safelisted total passes 1,024 bytes", () => {
    expect(planRequest({ url: `${A}/x`, pageOrigin: PAGE, headers: lines(["Accept", "a".repeat(129)]) }).unsafeHeaders).toEqual(["accept"]);
    expect(planRequest({ url: `${A}/x`, pageOrigin: PAGE, headers: lines(["Accept", "a".repeat(128)]) }).first.preflight).toBeNull();
    const big = lines(["Accept", "a".repeat(120)], ["Accept-Language", "b".repeat(120)], ...Array.from({ length: 7 }, (_, index): [string, string] => [`Content-Language`, `${"c".repeat(120)}${index}`]));
    expect(planRequest({ url: `${A}/x`, pageOrigin: PAGE, headers: big }).unsafeHeaders).toEqual(["accept", "accept-language", "content-language"]);
  });

  it("leaves out forbidden names a page cannot set, and says which", () => {
    const plan = planRequest({ url: `${A}/x`, pageOrigin: PAGE, headers: lines(["Cookie", "a=b"], ["Host", "evil"], ["Sec-Custom", "1"], ["Proxy-Foo", "1"], ["X-Ok", "1"]) });
    expect(plan.dropped).toEqual(["cookie", "host", "sec-custom", "proxy-foo"]);
    expect(plan.unsafeHeaders).toEqual(["x-ok"]);
  });

  it("tells same-origin, same-site and cross-site apart as Fetch Metadata does, over the whole redirect chain", () => {
    expect(siteRelation(PAGE, [`${PAGE}/a`])).toBe("same-origin");
    expect(siteRelation(PAGE, [`${A}/a`])).toBe("same-site");
    expect(siteRelation(PAGE, [`${A}/a`, `${B}/b`, `${PAGE}/c`])).toBe("cross-site");
    expect(siteRelation("https://app.example.com", ["https://api.example.com/x"])).toBe("same-site");
    expect(siteRelation("http://app.localhost:1", ["http://api.localhost:2/x"])).toBe("cross-site");
    expect(siteRelation("http://app.dev.localhost:1", ["http://api.dev.localhost:2/x"])).toBe("same-site");
  });
});

describe("the request plan at redirects: Chromium's next hop", () => {
  const put: PageRequest = { url: `${A}/x`, pageOrigin: PAGE, method: "PUT", headers: lines(["X-Lab", "1"]), body: "{}" };

  it("after a cross-origin redirect from another origin: Origin null, and a new preflight with it", () => {
    const next = planRedirect(planRequest(put), [{ url: `${A}/x`, status: 307, location: `${B}/hop2`, originSent: PAGE }]);
    expect(next.step.taints).toBe(true);
    expect(next.hop?.origin).toBe("null");
    expect(next.hop?.preflight?.headers).toEqual([
      ...lines(["Accept", "*/*"], ["Access-Control-Request-Method", "PUT"], ["Access-Control-Request-Headers", "x-lab"], ["Origin", "null"]),
      UA,
      ...metadata("cross-site"),
      REFERER,
    ]);
    expect(next.hop?.request.headers).toContainEqual({ name: "Origin", value: "null" });
  });

  it("a 303 turns the POST into a GET and drops the body and its headers", () => {
    const post: PageRequest = { url: `${PAGE}/x`, pageOrigin: PAGE, method: "POST", headers: lines(["Content-Type", "application/json"]), body: "{}" };
    const next = planRedirect(planRequest(post), [{ url: `${PAGE}/x`, status: 303, location: `${A}/y` }]);
    expect(next.hop?.request.method).toBe("GET");
    expect(next.hop?.request.body).toBe(false);
    expect(next.hop?.preflight).toBeNull();
    expect(next.hop?.request.headers.map((header) => header.name)).not.toContain("Content-Type");
    expect(next.hop?.origin).toBe(PAGE);
  });

  it("stops at credentials in the Location, at the 21st redirect, and in the manual and error modes", () => {
    const plan = planRequest({ url: `${A}/x`, pageOrigin: PAGE });
    expect(planRedirect(plan, [{ url: `${A}/x`, status: 302, location: "http://user:pass@127.0.0.1:8082/y" }]).step.stop?.kind).toBe("credentials-in-location");
    const hops = Array.from({ length: 21 }, (_, index) => ({ url: `${A}/x${index}`, status: 302, location: `${A}/x${index + 1}` }));
    expect(planRedirect(plan, hops.slice(0, 20)).hop).toBeDefined();
    expect(planRedirect(plan, hops).step.stop?.kind).toBe("too-many-redirects");
    expect(planRedirect(planRequest({ url: `${A}/x`, pageOrigin: PAGE, redirect: "error" }), hops.slice(0, 1)).step.stop?.kind).toBe("mode-error");
  });
});
