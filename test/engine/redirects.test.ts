// The redirect model, one row per chain: the Fetch standard's HTTP-redirect fetch as Chromium 156
// applies it (rows marked "lab" were observed live in the lab's redirect cases, docs/lab.md).
import { describe, expect, it } from "vitest";
import { disallowedHeaders } from "../../src/engine/disallowed-headers";
import {
  changesToGet,
  classifyRedirectFailure,
  looksLikeLoginRedirect,
  modelRedirects,
  redirectAdvice,
  redirectExplanation,
  REDIRECT_LIMIT,
  taintsOrigin,
  type RedirectHopInput,
  type RedirectMode,
} from "../../src/engine/redirects";

const PAGE = "http://localhost:5173";
const A = "http://api-a.test";
const B = "http://api-b.test";
const hop = (url: string, location: string, status = 302): RedirectHopInput => ({ url, status, location });

interface Row {
  readonly name: string;
  readonly firstUrl: string;
  readonly method?: string;
  readonly unsafe?: readonly string[];
  readonly hops: readonly RedirectHopInput[];
  readonly mode?: RedirectMode;
  /** Origin sent after each redirect, first to last. */
  readonly origins: readonly string[];
  /** Whether each redirect response itself is CORS-checked. */
  readonly checked: readonly boolean[];
  readonly preflights: readonly boolean[];
  readonly finalChecked: boolean;
  readonly finalMethod?: string;
  readonly stop?: string;
  readonly taintedAt?: number;
}

const rows: Row[] = [
  { name: "same → cross (lab: Origin <page> on hop 2)", firstUrl: `${PAGE}/me`, hops: [hop(`${PAGE}/me`, `${A}/x`, 301)], origins: [PAGE], checked: [false], preflights: [false], finalChecked: true },
  { name: "same → same never checked", firstUrl: `${PAGE}/a`, hops: [hop(`${PAGE}/a`, "/b")], origins: [PAGE], checked: [false], preflights: [false], finalChecked: false },
  { name: "cross → other cross taints (lab)", firstUrl: `${A}/x`, hops: [hop(`${A}/x`, `${B}/y`)], origins: ["null"], checked: [true], preflights: [false], finalChecked: true, taintedAt: 0 },
  { name: "cross → same origin path keeps the origin", firstUrl: `${A}/x`, hops: [hop(`${A}/x`, `${A}/y`, 307)], origins: [PAGE], checked: [true], preflights: [false], finalChecked: true },
  {
    name: "cross → page → cross: null to the end, and the page's own hop is checked (lab)",
    firstUrl: `${A}/x`,
    hops: [hop(`${A}/x`, `${PAGE}/back`), hop(`${PAGE}/back`, `${B}/z`)],
    origins: ["null", "null"],
    checked: [true, true],
    preflights: [false, false],
    finalChecked: true,
    taintedAt: 0,
  },
  { name: "same → cross with custom headers: preflight after the redirect (lab)", firstUrl: `${PAGE}/x`, unsafe: ["x-api-key"], hops: [hop(`${PAGE}/x`, `${A}/y`, 307)], origins: [PAGE], checked: [false], preflights: [true], finalChecked: true },
  { name: "PUT cross → cross 308: second preflight with Origin null (lab)", firstUrl: `${A}/x`, method: "PUT", hops: [hop(`${A}/x`, `${B}/y`, 308)], origins: ["null"], checked: [true], preflights: [true], finalChecked: true, taintedAt: 0 },
  { name: "POST 303 → GET drops the body and Content-Type: no preflight (lab)", firstUrl: `${PAGE}/form`, method: "POST", unsafe: ["content-type"], hops: [hop(`${PAGE}/form`, `${A}/done`, 303)], origins: [PAGE], checked: [false], preflights: [false], finalChecked: true, finalMethod: "GET" },
  { name: "POST 307 keeps POST and its headers", firstUrl: `${A}/form`, method: "POST", unsafe: ["content-type"], hops: [hop(`${A}/form`, `${A}/v2/form`, 307)], origins: [PAGE], checked: [true], preflights: [true], finalChecked: true, finalMethod: "POST" },
  { name: "PUT 302 stays PUT", firstUrl: `${A}/x`, method: "PUT", hops: [hop(`${A}/x`, `${A}/y`)], origins: [PAGE], checked: [true], preflights: [true], finalChecked: true, finalMethod: "PUT" },
  { name: "user:pass@ from the page's origin to another (lab)", firstUrl: `${PAGE}/x`, hops: [hop(`${PAGE}/x`, "http://u:p@api-b.test/y")], origins: [PAGE], checked: [false], preflights: [false], finalChecked: false, stop: "credentials-in-location" },
  { name: "user:pass@ on the page's own origin, never cross-origin: allowed", firstUrl: `${PAGE}/x`, hops: [hop(`${PAGE}/x`, "http://u:p@localhost:5173/y")], origins: [PAGE], checked: [false], preflights: [false], finalChecked: false },
  { name: "user:pass@ after a cross-origin hop, same host as before", firstUrl: `${A}/x`, hops: [hop(`${A}/x`, "http://u:p@api-a.test/y")], origins: [PAGE], checked: [true], preflights: [false], finalChecked: true, stop: "credentials-in-location" },
  { name: "non-http Location", firstUrl: `${A}/x`, hops: [hop(`${A}/x`, "ftp://files.test/y")], origins: [PAGE], checked: [true], preflights: [false], finalChecked: true, stop: "non-http-location" },
  { name: "redirect mode manual: checked, not followed (lab)", firstUrl: `${A}/x`, mode: "manual", hops: [hop(`${A}/x`, `${B}/y`)], origins: [PAGE], checked: [true], preflights: [false], finalChecked: true, stop: "mode-manual" },
  { name: "redirect mode error", firstUrl: `${A}/x`, mode: "error", hops: [hop(`${A}/x`, `${B}/y`)], origins: [PAGE], checked: [true], preflights: [false], finalChecked: true, stop: "mode-error" },
];

describe("modelRedirects", () => {
  it.each(rows.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const model = modelRedirects({
      pageOrigin: PAGE,
      firstUrl: row.firstUrl,
      method: row.method ?? "GET",
      unsafeHeaders: row.unsafe ?? [],
      redirects: row.hops,
      ...(row.mode ? { mode: row.mode } : {}),
    });
    expect(model.steps.map((step) => step.originAfter)).toEqual(row.origins);
    expect(model.steps.map((step) => step.checked)).toEqual(row.checked);
    expect(model.steps.map((step) => step.preflightAfter)).toEqual(row.preflights);
    expect(model.finalChecked).toBe(row.finalChecked);
    expect(model.finalMethod).toBe(row.finalMethod ?? row.method ?? "GET");
    expect(model.stop?.stop?.kind).toBe(row.stop);
    expect(model.taintedBy?.index).toBe(row.taintedAt);
  });

  it("stops at the 21st redirect and follows 20", () => {
    const chain = (count: number) =>
      Array.from({ length: count }, (_, index) => hop(`${A}/${index}`, `${A}/${index + 1}`));
    const model = (count: number) => modelRedirects({ pageOrigin: PAGE, firstUrl: `${A}/0`, method: "GET", unsafeHeaders: [], redirects: chain(count) });
    expect(model(REDIRECT_LIMIT).stop).toBeUndefined();
    expect(model(REDIRECT_LIMIT + 1).stop?.stop?.kind).toBe("too-many-redirects");
    expect(model(REDIRECT_LIMIT + 1).steps).toHaveLength(REDIRECT_LIMIT + 1);
  });
});

describe("Fetch's redirect rules", () => {
  it.each([
    [301, "POST", true],
    [302, "POST", true],
    [303, "POST", true],
    [303, "PUT", true],
    [303, "GET", false],
    [303, "HEAD", false],
    [307, "POST", false],
    [308, "POST", false],
    [301, "PUT", false],
  ] as const)("%i after %s changes to GET: %s", (status, method, expected) => {
    expect(changesToGet(status, method)).toBe(expected);
  });

  it.each([
    [`${PAGE}/a`, `${A}/b`, false],
    [`${A}/a`, `${A}/b`, false],
    [`${A}/a`, `${B}/b`, true],
    [`${A}/a`, `${PAGE}/b`, true],
    [`${PAGE}/a`, `${PAGE}/b`, false],
  ] as const)("%s → %s taints: %s", (from, to, expected) => {
    expect(taintsOrigin(from, to, PAGE)).toBe(expected);
  });

  it.each([
    ["https://idp.test/login?return_to=%2Fme", true],
    ["https://accounts.test/o/oauth2/auth?client_id=1", true],
    ["https://sso.test/saml/SSO", true],
    ["https://app.test/signin", true],
    ["https://cdn.test/v2/data.json", false],
    ["https://api.test/users/me", false],
  ] as const)("%s looks like a login page: %s", (url, expected) => {
    expect(looksLikeLoginRedirect(url)).toBe(expected);
  });
});

describe("redirect failures in words", () => {
  const facts = (firstUrl: string, hops: RedirectHopInput[], failingUrl: string, preflight = false, method = "GET") =>
    classifyRedirectFailure(
      modelRedirects({ pageOrigin: PAGE, firstUrl, method, unsafeHeaders: [], redirects: hops }),
      PAGE,
      firstUrl,
      failingUrl,
      preflight,
    );

  it("says the redirect changed the origin to null, and why, never 'the page at null'", () => {
    const f = facts(`${A}/x`, [hop(`${A}/x`, `${B}/y`)], `${B}/y`);
    expect(f?.kind).toBe("tainted-origin");
    const text = redirectExplanation(f!);
    expect(text).toContain(`changed the request's origin from ${PAGE} to null`);
    expect(text).toContain("Fetch standard");
    expect(text).not.toMatch(/page at null/i);
    const advice = redirectAdvice(f!, false);
    expect(advice).toContain(`have the page call ${B}/y directly`);
    expect(advice).toMatch(/Do not allow the origin null.*sandboxed iframes/);
    expect(advice).toContain("Access-Control-Allow-Origin: * is safe");
    expect(redirectAdvice(f!, true)).not.toContain("Access-Control-Allow-Origin: *");
  });

  it("puts a login redirect's fix on the redirecting server: 401 instead of a redirect", () => {
    const f = facts(`${PAGE}/api/me`, [hop(`${PAGE}/api/me`, "https://idp.test/login?return_to=%2Fapi%2Fme")], "https://idp.test/login");
    expect(f?.kind).toBe("login");
    expect(redirectAdvice(f!, false)).toMatch(new RegExp(`redirecting server \\(${PAGE}\\).*401`));
    expect(redirectExplanation(f!)).toContain("looks like a login page");
  });

  it("says a same-origin start became cross-origin at the redirect, and the preflight after it", () => {
    const f = facts(`${PAGE}/x`, [hop(`${PAGE}/x`, `${A}/y`, 307)], `${A}/y`, true);
    expect(f?.kind).toBe("left-page-origin");
    const text = redirectExplanation(f!);
    expect(text).toContain("started on the page's own origin");
    expect(text).toContain("new preflight");
    expect(redirectAdvice(f!, false)).toContain("keep the API on the page's origin");
  });

  it("names the second preflight's Origin: null after a good first preflight", () => {
    const f = facts(`${A}/x`, [hop(`${A}/x`, `${B}/y`, 308)], `${B}/y`, true, "PUT");
    expect(redirectExplanation(f!)).toMatch(/new preflight to http:\/\/api-b\.test with Origin: null/);
  });

  it("sends credentials in the Location back to the redirecting server, without them", () => {
    const f = facts(`${PAGE}/x`, [hop(`${PAGE}/x`, "http://user:pw@api-b.test/y")], `${PAGE}/x`);
    expect(f?.kind).toBe("credentials-in-location");
    expect(redirectAdvice(f!, false)).toContain("redirect to http://api-b.test/y without user:password@");
  });
});

describe("disallowedHeaders", () => {
  it.each([
    { name: "two refused, sorted ACRH", allow: "content-type", requested: ["x-api-key", "x-trace-id"], page: [], names: ["x-api-key", "x-trace-id"], reported: "x-api-key", inferred: false },
    { name: "one of two refused", allow: "x-api-key", requested: ["x-api-key", "x-trace-id"], page: [], names: ["x-trace-id"], reported: "x-trace-id", inferred: false },
    { name: "page order differs: Chromium still reports the sorted first (lab)", allow: null, requested: undefined, page: ["X-Trace-Id", "X-Api-Key"], names: ["x-api-key", "x-trace-id"], reported: "x-api-key", inferred: true },
    { name: "* without credentials covers all", allow: "*", requested: ["x-a"], page: [], names: undefined, reported: undefined, inferred: undefined },
  ])("$name", ({ allow, requested, page, names, reported, inferred }) => {
    const result = disallowedHeaders(allow, false, requested, page);
    expect(result?.names).toEqual(names);
    expect(result?.reported).toBe(reported);
    expect(result?.inferred).toBe(inferred);
  });

  it("* is a literal name with credentials", () => {
    expect(disallowedHeaders("*", true, ["x-a"])?.names).toEqual(["x-a"]);
  });
});
