import { describe, expect, it } from "vitest";
import { buildFixes, buildFixesForPolicy, STACKS } from "../../src/fixes/index";
import { serverPolicy } from "../../src/fixes/policy";
import type { Fix } from "../../src/fixes/types";
import { AUTH_PREFLIGHT, context, HOSTILE, HOSTILE_HEADER, HOSTILE_ORIGIN, SAMPLES } from "./contexts";
import { lex, RULES } from "./literals";
import { requires, type Skippable } from "../helpers/requirements";
import { checkSyntax, CHECKERS, hasChecker } from "./parsers";

const PLACEHOLDERS = [/<your[-_ ]/i, /example\.com/i, /\bTODO\b/, /\.\.\./, /YOUR_/, /\bxxx\b/i, /changeme/i];
const CREDENTIALS_ON = /credentials\W{0,6}true\b|AllowCredentials\(\)|Allow-Credentials/i;
// Stacks that cannot enable credentials at all (they warn instead).
const NO_CREDENTIALS_SETTING = new Set(["gcs", "aws-s3"]);

/** After the checks that need no tool: a syntax checker missing here skips the test (fails it under CI). */
function requireChecker(context: Skippable, language: string): void {
  const checker = CHECKERS[language];
  if (checker) requires(context, checker);
}

function fixFor(fixes: readonly Fix[], stack: string): Fix {
  const fix = fixes.find((candidate) => candidate.stack === stack);
  if (!fix) throw new Error(`no fix for ${stack}`);
  return fix;
}

describe("registry", () => {
  it("has at least 20 stacks with unique ids and labels", () => {
    expect(STACKS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(STACKS.map((stack) => stack.id)).size).toBe(STACKS.length);
    expect(new Set(STACKS.map((stack) => stack.label)).size).toBe(STACKS.length);
  });

  it("builds one fix per stack, every one filled in", () => {
    const fixes = buildFixes(AUTH_PREFLIGHT);
    expect(fixes.map((fix) => fix.stack).sort()).toEqual(STACKS.map((stack) => stack.id).sort());
    for (const fix of fixes) {
      expect(fix.snippet.trim().length, fix.stack).toBeGreaterThan(40);
      expect(fix.where.length, fix.stack).toBeGreaterThan(10);
      expect(fix.why.length, fix.stack).toBeGreaterThan(40);
      expect(RULES[fix.language], `${fix.stack} language ${fix.language}`).toBeDefined();
    }
  });

  it("puts the detected stacks first, in registry order", () => {
    const fixes = buildFixes(context({}, "MissingAllowOriginHeader", [
      { name: "Server", value: "nginx/1.22.1" },
      { name: "X-Powered-By", value: "Express" },
    ]));
    expect(fixes.slice(0, 2).map((fix) => fix.stack)).toEqual(["express", "nginx"]);
    expect(fixes).toHaveLength(STACKS.length);
  });
});

describe.each(SAMPLES)("fixes for %s", (_name, sample) => {
  const fixes = buildFixes(sample);
  const { requirements } = sample;

  it.each(fixes.map((fix) => [fix.stack, fix] as const))("%s carries the real values", (stack, fix) => {
    // nginx and Apache match the origin with an escaped regex: compare without the escapes.
    const unescaped = fix.snippet.replace(/\\(.)/g, "$1");
    expect(unescaped).toContain(requirements.origin);
    for (const method of requirements.methods) {
      if (stack === "aws-s3" && method === "PATCH") {
        expect(fix.snippet).not.toContain("PATCH");
        expect(fix.warnings.join(" ")).toMatch(/cannot allow PATCH/);
        continue;
      }
      // rack-cors takes methods in lower case (it compares them lower-cased).
      expect(fix.snippet, method).toContain(stack === "rails" ? method.toLowerCase() : method);
    }
    for (const header of requirements.requestHeaders) expect(fix.snippet, header).toContain(header);
    for (const header of requirements.exposeHeaders) expect(fix.snippet, header).toContain(header);
    expect(fix.snippet).toMatch(/600/);
  });

  it.each(fixes.map((fix) => [fix.stack, fix] as const))("%s has no placeholder and no wildcard origin", (_stack, fix) => {
    for (const placeholder of PLACEHOLDERS) expect(fix.snippet).not.toMatch(placeholder);
    for (const line of fix.snippet.split("\n").filter((text) => /origin/i.test(text))) {
      expect(line).not.toMatch(/["'`\s]\*["'`\s]|["']\*["']/);
    }
  });

  it.each(fixes.filter((fix) => fix.language === "json").map((fix) => [fix.stack, fix] as const))(
    "%s allows exactly the page's origin",
    (_stack, fix) => {
      const origins: unknown[] = [];
      JSON.stringify(JSON.parse(fix.snippet), (key, value: unknown) => {
        if (/^(AllowOrigins|AllowedOrigins|origin)$/.test(key)) origins.push(value);
        return value;
      });
      expect(origins).toEqual([[requirements.origin]]);
    },
  );

  it.each(fixes.map((fix) => [fix.stack, fix] as const))("%s enables credentials only when needed", (stack, fix) => {
    if (NO_CREDENTIALS_SETTING.has(stack)) return;
    if (requirements.credentials) expect(fix.snippet).toMatch(CREDENTIALS_ON);
    else expect(fix.snippet).not.toMatch(CREDENTIALS_ON);
  });

  it.each(fixes.map((fix) => [fix.stack, fix] as const))("%s says how Vary: Origin is sent", (_stack, fix) => {
    expect(`${fix.snippet}\n${fix.why}`).toMatch(/Vary/);
  });

  it.for(fixes.map((fix) => [fix.stack, fix.language, fix] as const))("%s is valid %s", ([, , fix], context) => {
    if (hasChecker(fix.language)) {
      const result = checkSyntax(fix.language, fix.snippet);
      expect(result.ok, `${fix.snippet}\n${result.output}`).toBe(true);
    } else {
      // No parser for this language here (always C#): the lexer must close every literal.
      expect(() => lex(fix.snippet, fix.language)).not.toThrow();
      requireChecker(context, fix.language);
    }
  });
});

describe("tailored to the failure", () => {
  it("a 401 preflight tells every stack to answer OPTIONS before authentication", () => {
    for (const fix of buildFixes(AUTH_PREFLIGHT)) {
      expect(fix.warnings.join("\n"), fix.stack).toMatch(/before (any )?authentication|answered 401/i);
    }
  });

  it.each([
    [404, /nothing handles OPTIONS/],
    [405, /nothing handles OPTIONS/],
    [500, /failed on OPTIONS/],
    [403, /before any authentication/],
    [301, /never follow a preflight redirect/],
  ])("a %i preflight gets the matching explanation", (status, pattern) => {
    const fixes = buildFixes(context({ methods: ["DELETE"], preflight: true, preflightStatus: status }, "PreflightInvalidStatus"));
    for (const fix of fixes) expect(fix.warnings.join("\n"), fix.stack).toMatch(pattern);
  });

  it("a 404 preflight does not blame authentication", () => {
    const fixes = buildFixes(context({ methods: ["DELETE"], preflight: true, preflightStatus: 404 }, "PreflightInvalidStatus"));
    for (const fix of fixes) expect(fix.warnings.join("\n"), fix.stack).not.toMatch(/authentication middleware runs|answered 401/);
  });

  it.each([
    ["LocalNetworkAccessPermissionDenied", /Local Network Access/],
    ["InsecurePrivateNetwork", /Local Network Access/],
    ["DisallowedByMode", /page's own request/],
    ["CorsDisabledScheme", /page's own request/],
  ] as const)("%s says the server headers are not the whole story", (code, pattern) => {
    for (const fix of buildFixes(context({}, code))) expect(fix.warnings.join("\n"), fix.stack).toMatch(pattern);
  });

  it("duplicate Access-Control-Allow-Origin values point at the second layer", () => {
    const fixes = buildFixes(context({}, "MultipleAllowOriginValues"));
    for (const fix of fixes) expect(fix.warnings.join("\n"), fix.stack).toMatch(/Two layers|two values/);
  });

  it("a wildcard with credentials explains that * cannot be used", () => {
    const fixes = buildFixes(context({ credentials: true }, "WildcardOriginNotAllowed"));
    for (const fix of fixes) expect(fix.warnings.join("\n"), fix.stack).toMatch(/\* cannot be used with credentials/);
  });

  it("warns against reflecting any origin only when credentials are involved", () => {
    const withCredentials = buildFixes(context({ credentials: true }, "InvalidAllowCredentials"));
    const without = buildFixes(context({}, "MissingAllowOriginHeader"));
    expect(withCredentials.every((fix) => fix.warnings.some((warning) => /every website/.test(warning)))).toBe(true);
    expect(without.some((fix) => fix.warnings.some((warning) => /every website/.test(warning)))).toBe(false);
  });

  it.each([
    ["nginx", /`always`/],
    ["nginx", /not inherited/],
    ["fastapi", /default allow_methods is \("GET",\)/],
    ["spring", /IllegalArgumentException/],
    ["aws-api-gateway", /ignores CORS headers sent by the integration/],
    ["koa", /keepHeadersOnError/],
    ["apache", /`always`/],
    ["caddy", /defer/],
    ["django", /replace the defaults/],
    ["gcs", /never sends Access-Control-Allow-Credentials/],
  ])("%s warns about its own trap %s", (stack, pattern) => {
    expect(fixFor(buildFixes(AUTH_PREFLIGHT), stack).warnings.join("\n")).toMatch(pattern);
  });

  it("nginx and Apache send the headers on error statuses too", () => {
    const fixes = buildFixes(AUTH_PREFLIGHT);
    const nginxLines = fixFor(fixes, "nginx").snippet.split("\n").filter((line) => line.includes("add_header"));
    expect(nginxLines.length).toBeGreaterThan(4);
    for (const line of nginxLines) expect(line).toMatch(/ always;$/);
    const apacheLines = fixFor(fixes, "apache").snippet.split("\n").filter((line) => line.startsWith("Header"));
    for (const line of apacheLines) expect(line).toMatch(/^Header always /);
  });

  it("an opaque origin gets a warning instead of silent trust", () => {
    const fixes = buildFixes(context({ origin: "null" }, "AllowOriginMismatch"));
    for (const fix of fixes) expect(fix.warnings.join("\n")).toMatch(/"null"/);
  });
});

describe("hostile values stay inside their strings", () => {
  const fixes = buildFixes(HOSTILE);

  it.for(fixes.map((fix) => [fix.stack, fix] as const))("%s", ([, fix], context) => {
    if (hasChecker(fix.language)) {
      const result = checkSyntax(fix.language, fix.snippet);
      expect(result.ok, `${fix.snippet}\n${result.output}`).toBe(true);
    }
    const { literals, code } = lex(fix.snippet, fix.language);
    // Nothing of the hostile values leaks into code, directives or keys.
    expect(code, fix.snippet).not.toMatch(/evil/);
    // The hostile "origin" is no serialized origin a browser could send: it is left out, and said so.
    expect(fix.snippet).not.toContain(HOSTILE_ORIGIN.slice(0, 17));
    expect(fix.warnings.join("\n")).toMatch(/not exact origins or HTTP tokens/);
    if (fix.language === "json") {
      expect(JSON.stringify(JSON.parse(fix.snippet))).toContain(JSON.stringify(HOSTILE_HEADER));
    } else if (!["nginx", "apache", "caddy"].includes(fix.language)) {
      // Programming languages: the hostile header name decodes back from one literal.
      expect(literals.some((literal) => literal.includes(HOSTILE_HEADER)), fix.snippet).toBe(true);
    }
    requireChecker(context, fix.language);
  });

  it("drops header names and methods that are not HTTP tokens, and says so", () => {
    for (const fix of fixes) {
      expect(fix.snippet).not.toContain("x-evil\"");
      expect(fix.snippet).not.toContain("evil method");
      expect(fix.warnings.join("\n")).toMatch(/not exact origins or HTTP tokens/);
    }
  });
});

describe("no origin to list (an opaque page origin)", () => {
  const fixes = buildFixes(context({ origin: "null", methods: ["PUT"], requestHeaders: ["x-request-id"], preflight: true }, "PreflightMissingAllowOriginHeader"));

  it.for(fixes.map((fix) => [fix.stack, fix] as const))("%s allows nothing, says why, and parses", ([stack, fix], testContext) => {
    // Never a matcher or list entry on an invented value, never "null" or "*".
    expect(fix.snippet).not.toMatch(/none listed/);
    if (fix.language !== "json") expect(lex(fix.snippet, fix.language).literals.filter((literal) => literal === "null" || literal === "*")).toEqual([]);
    expect(fix.why).toMatch(/^Allows no origin: the requests came from the opaque origin "null"/);
    for (const variant of [fix, ...(fix.variants ?? [])]) {
      if (fix.language === "json") continue;
      expect(variant.snippet, stack).toMatch(/No origin is allowed here: the requests came from the opaque origin "null"/);
    }
    if (fix.language === "json") {
      const origins: unknown[] = [];
      JSON.stringify(JSON.parse(fix.snippet), (key, value: unknown) => {
        if (/^(AllowOrigins|AllowedOrigins|origin)$/.test(key)) origins.push(value);
        return value;
      });
      expect(origins).toEqual([[]]);
    }
    if (hasChecker(fix.language)) {
      for (const variant of [fix, ...(fix.variants ?? [])]) {
        const result = checkSyntax(fix.language, variant.snippet);
        expect(result.ok, `${variant.snippet}\n${result.output}`).toBe(true);
      }
    } else {
      expect(() => lex(fix.snippet, fix.language)).not.toThrow();
    }
    requireChecker(testContext, fix.language);
  });

  it("stacks whose empty list would mean something else get another form", () => {
    // rs/cors reads an empty AllowedOrigins as every origin.
    const rsCors = fixFor(fixes, "go-rs-cors").snippet;
    expect(rsCors).not.toContain("AllowedOrigins");
    expect(rsCors).toContain("AllowOriginFunc:  func(string) bool { return false },");
    // Caddy has no empty matcher: no matcher and no header block at all.
    expect(fixFor(fixes, "caddy").snippet).not.toMatch(/@cors_allowed|Access-Control-Allow-Origin/);
    // S3 rejects a rule without an origin: the fix says so.
    expect(fixFor(fixes, "aws-s3").warnings.join("\n")).toMatch(/S3 rejects a CORS rule without AllowedOrigins/);
  });

  it("the Express comment matches the number of origins", () => {
    const two = buildFixesForPolicy(
      serverPolicy("http://localhost:8080", ["https://a.test", "https://b.test"].map((origin, index) => ({
        id: `r${index}`,
        method: "PUT",
        path: "/api/items",
        blocked: true,
        origin,
        requestHeaders: [],
        credentials: false,
        exposeHeaders: [],
        preflightResponseHeaders: [],
        responseHeaders: [],
      }))),
      { detected: [], requirements: AUTH_PREFLIGHT.requirements },
    );
    expect(fixFor(two, "express").snippet).toMatch(/\/\/ Only these origins;/);
    expect(fixFor(buildFixes(AUTH_PREFLIGHT), "express").snippet).toMatch(/\/\/ Only this origin;/);
    expect(fixFor(fixes, "express").snippet).toMatch(/\/\/ No origin listed:/);
    expect(fixFor(two, "caddy").why).toMatch(/one of the listed page origins/);
  });
});
