// The server policy: every request seen to one server, blocked and allowed, merged with what the
// server already allows; exact origins only; bounded, with notes; each part with its basis.
import { describe, expect, it } from "vitest";
import type { HeaderList } from "../../src/engine/types";
import { buildFixesForPolicy, STACKS } from "../../src/fixes/index";
import { detectLayers } from "../../src/fixes/layers";
import { POLICY_LIMITS, serverPolicy, type PolicyObservation } from "../../src/fixes/policy";

const SERVER = "https://api.shop.test";
const PAGE = "https://app.shop.test";

function headers(...pairs: [string, string][]): HeaderList {
  return pairs.map(([name, value]) => ({ name, value }));
}

function observe(overrides: Partial<PolicyObservation> = {}): PolicyObservation {
  return {
    id: "r1",
    method: "GET",
    path: "/api/items",
    blocked: false,
    origin: PAGE,
    requestHeaders: [],
    credentials: false,
    exposeHeaders: [],
    preflightResponseHeaders: [],
    responseHeaders: [],
    ...overrides,
  };
}

const values = (parts: readonly { readonly value: string }[]): string[] => parts.map((part) => part.value);

describe("serverPolicy", () => {
  // The failure 1: the old config allowed Authorization and a JSON POST; the blocked PUT
  // needs x-request-id. The policy must keep both allowances and add the new one.
  const observations = [
    observe({
      id: "allowed-post",
      method: "POST",
      requestHeaders: ["content-type", "authorization"],
      preflightResponseHeaders: headers(
        ["Access-Control-Allow-Origin", PAGE],
        ["Access-Control-Allow-Methods", "GET, POST"],
        ["Access-Control-Allow-Headers", "Content-Type, Authorization"],
        ["Access-Control-Allow-Credentials", "true"],
      ),
      responseHeaders: headers(["Access-Control-Allow-Origin", PAGE], ["Access-Control-Expose-Headers", "ETag"], ["Access-Control-Allow-Credentials", "true"]),
    }),
    observe({ id: "blocked-put", method: "PUT", path: "/api/items/7", blocked: true, requestHeaders: ["x-request-id"], exposeHeaders: ["x-request-id"] }),
  ];
  const policy = serverPolicy(SERVER, observations);

  it("covers every request seen and keeps what the server already allowed", () => {
    expect(values(policy.origins)).toEqual([PAGE]);
    expect(values(policy.methods)).toEqual(expect.arrayContaining(["GET", "POST", "PUT"]));
    expect(values(policy.requestHeaders)).toEqual(expect.arrayContaining(["content-type", "authorization", "x-request-id"]));
    expect(values(policy.exposeHeaders)).toEqual(expect.arrayContaining(["etag", "x-request-id"]));
    expect(policy.credentials.value).toBe(true);
    expect(policy.covers).toEqual(["allowed-post", "blocked-put"]);
    expect(policy.uncovered).toEqual([]);
    expect(policy.requests).toEqual({ blocked: 1, allowed: 1 });
    expect(policy.vary).toBe("Origin");
    expect(policy.maxAge).toBe(600);
    expect(policy.pathPrefix).toBe("/api/");
  });

  it("says what each part is based on", () => {
    const basis = (list: readonly { value: string; basis: readonly string[] }[], value: string): string =>
      list.find((part) => part.value === value)?.basis.join(" | ") ?? "";
    expect(basis(policy.methods, "PUT")).toMatch(/PUT \/api\/items\/7 \(blocked\)/);
    expect(basis(policy.methods, "GET")).toMatch(/Access-Control-Allow-Methods/);
    expect(basis(policy.requestHeaders, "authorization")).toMatch(/POST \/api\/items \(allowed\)|Access-Control-Allow-Headers/);
    expect(policy.credentials.basis.join(" ")).toMatch(/Access-Control-Allow-Credentials: true/);
  });

  it("never allows *, null or a pattern, and says why", () => {
    const wild = serverPolicy(SERVER, [
      observe({ id: "a", origin: "null", responseHeaders: headers(["Access-Control-Allow-Origin", "null"]) }),
      observe({ id: "b", responseHeaders: headers(["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "*"]) }),
      observe({ id: "c", origin: "https://x.test/path", blocked: true }),
    ]);
    expect(values(wild.origins)).toEqual([PAGE]);
    expect(wild.notes.join("\n")).toMatch(/"null"/);
    expect(wild.notes.join("\n")).toMatch(/Access-Control-Allow-Origin: \*/);
    expect(wild.notes.join("\n")).toMatch(/Access-Control-Allow-Headers: \*/);
    expect(wild.rejected).toContain("https://x.test/path");
    expect(wild.uncovered).toEqual(["a", "c"]);
    expect(wild.advisories.join("\n")).toMatch(/reflects the Origin header/);
  });

  it("is bounded: 1,000 page origins and 500 header names give a bounded policy with notes", () => {
    const many = Array.from({ length: 1000 }, (_, index) =>
      observe({ id: `o${index}`, origin: `https://p${index}.shop.test`, method: "PUT", blocked: true, requestHeaders: [`x-h${index % 500}`] }),
    );
    const started = performance.now();
    const big = serverPolicy(SERVER, many);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(big.origins).toHaveLength(POLICY_LIMITS.origins);
    expect(big.requestHeaders).toHaveLength(POLICY_LIMITS.headers);
    expect(big.notes.join("\n")).toMatch(/950 more page origins/);
    expect(big.notes.join("\n")).toMatch(/436 more request headers/);
    expect(big.covers.length + big.uncovered.length).toBe(1000);
    for (const part of [...big.origins, ...big.requestHeaders]) expect(part.basis.length).toBeLessThanOrEqual(POLICY_LIMITS.basis + 1);
    // Every stack still renders it.
    const fixes = buildFixesForPolicy(big, { detected: [], requirements: requirementsOf() });
    expect(fixes).toHaveLength(STACKS.length);
    for (const fix of fixes) expect(fix.snippet.length).toBeLessThan(20_000);
  });

  it("drops hostile names and values instead of quoting them into a policy", () => {
    const hostile = serverPolicy(SERVER, [
      observe({
        method: "PU T",
        origin: 'http://evil.test"\n',
        requestHeaders: ["x-ok", "x-evil\"\n{}", "a".repeat(500)],
        preflightResponseHeaders: headers(["Access-Control-Allow-Headers", "x-fine, bad header, ${x}"], ["Access-Control-Allow-Methods", "GET, P\"ST"]),
      }),
    ]);
    expect(values(hostile.origins)).toEqual([]);
    expect(values(hostile.requestHeaders)).toEqual(["x-ok", "x-fine"]);
    expect(values(hostile.methods)).toEqual(["GET"]);
    expect(hostile.notes.join("\n")).toMatch(/No exact page origin/);
  });

  it("flags a server that echoes requested headers", () => {
    const echo = serverPolicy(SERVER, [
      observe({
        method: "PUT",
        requestHeaders: ["x-secret-admin"],
        preflightResponseHeaders: headers(
          ["Access-Control-Allow-Origin", PAGE],
          ["Access-Control-Allow-Headers", "x-secret-admin"],
          ["Vary", "Origin, Access-Control-Request-Headers"],
        ),
      }),
    ]);
    expect(echo.advisories.join("\n")).toMatch(/echoes any requested header/);
  });

  it("reads the server's credentials allowance also when two layers sent it", () => {
    const doubled = serverPolicy(SERVER, [observe({ responseHeaders: headers(["Access-Control-Allow-Credentials", "true, true"]) })]);
    expect(doubled.credentials.value).toBe(true);
  });

  it("flags a server that reflects different origins", () => {
    const reflect = serverPolicy(SERVER, [
      observe({ id: "a", origin: "https://one.test", responseHeaders: headers(["Access-Control-Allow-Origin", "https://one.test"]) }),
      observe({ id: "b", origin: "https://two.test", responseHeaders: headers(["Access-Control-Allow-Origin", "https://two.test"]) }),
    ]);
    expect(reflect.advisories.join("\n")).toMatch(/may reflect any origin/);
  });
});

function requirementsOf() {
  return { origin: PAGE, methods: ["PUT"], requestHeaders: [], credentials: false, exposeHeaders: [], preflight: true, path: "/api/items", serverOrigin: SERVER };
}

describe("layers", () => {
  it("finds nginx in front of Express and puts the proxy first", () => {
    const layers = detectLayers(headers(["Server", "nginx/1.22.1"], ["X-Powered-By", "Express"]), ["express", "nginx"]);
    expect(layers).toMatchObject({ proxy: "nginx", app: "express", owner: "nginx", duplicateAllowOrigin: false });
    expect(layers?.advice).toMatch(/exactly one/);
    const fixes = buildFixesForPolicy(serverPolicy(SERVER, [observe({ blocked: true })]), {
      detected: ["express", "nginx"],
      ...(layers ? { layers } : {}),
      requirements: requirementsOf(),
    });
    expect(fixes.slice(0, 2).map((fix) => fix.stack)).toEqual(["nginx", "express"]);
    expect(fixes[0]?.warnings[0]).toMatch(/remove app\.use\(cors/);
    expect(fixes[1]?.warnings[0]).toMatch(/proxy_hide_header|add_header/);
  });

  it("finds a duplicated equal Access-Control-Allow-Origin and a Via header", () => {
    const duplicate = detectLayers(headers(["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Origin", PAGE]), []);
    expect(duplicate?.duplicateAllowOrigin).toBe(true);
    expect(duplicate?.advice).toMatch(/two values/);
    expect(detectLayers(headers(["Via", "1.1 varnish"]), ["express"])?.evidence).toEqual(["Via: 1.1 varnish"]);
    expect(detectLayers(headers(["X-Powered-By", "Express"]), ["express"])).toBeUndefined();
  });
});
